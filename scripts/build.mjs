#!/usr/bin/env node
// Compiles src/ to plain JavaScript in dist/ for production (`npm start`), run by `npm ci` (the `prepare` step)
// and by `npm start` when the sources changed since. The TypeScript compiler rewrites the `.ts` import
// specifiers to `.js` (rewriteRelativeImportExtensions); the files it does not compile — static assets, plain
// JavaScript workers — are copied, except the `*Boot.mjs` files that start TypeScript workers through tsx (the
// compiled build starts the compiled workers directly, see src/jobs/workerEntry.ts). models/ and demo/ stay
// where they are: dist/ sits beside src/, so paths relative to a module resolve the same from both.
// Exit 0 with a note when TypeScript is not installed (`npm ci --omit=dev`): paperwire then runs through tsx.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sourceStamp } from './sourceStamp.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  console.error('paperwire build: TypeScript is not installed (dev dependencies omitted); paperwire will run its TypeScript sources through tsx');
  process.exit(0);
}
const stamp = sourceStamp(root);
const started = Date.now();
const res = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
if (res.status !== 0) {
  console.error('paperwire build: the TypeScript compiler failed');
  process.exit(res.status ?? 1);
}
const copy = (dir) => {
  for (const e of readdirSync(join(root, 'src', dir), { withFileTypes: true })) {
    const rel = join(dir, e.name);
    if (e.isDirectory()) copy(rel);
    else if (!e.name.endsWith('.ts') && !e.name.endsWith('Boot.mjs')) {
      mkdirSync(dirname(join(root, 'dist', rel)), { recursive: true });
      copyFileSync(join(root, 'src', rel), join(root, 'dist', rel));
    }
  }
};
copy('');
writeFileSync(join(root, 'dist', '.source-stamp'), stamp);
console.error(`paperwire build: compiled src/ to dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
