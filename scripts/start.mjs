#!/usr/bin/env node
// `npm start` (`node scripts/start.mjs serve`): runs a paperwire command from the compiled build in dist/ (made by
// `npm ci`), rebuilding it first when the sources changed since; falls back to the TypeScript sources through
// tsx, with a warning, when it cannot build (no TypeScript installed, or a compile error). Any command runs this
// way: `node scripts/start.mjs import FILE`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sourceStamp } from './sourceStamp.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const stampFile = `${root}dist/.source-stamp`;
const current = () => existsSync(stampFile) && readFileSync(stampFile, 'utf8') === sourceStamp(root);

if (!current()) {
  console.error('paperwire: the sources changed since the last build; compiling them to dist/');
  spawnSync(process.execPath, [fileURLToPath(new URL('./build.mjs', import.meta.url))], { stdio: 'inherit' });
}
let main;
if (current()) {
  ({ main } = await import('../dist/cli/main.js'));
} else {
  console.error('paperwire: no current compiled build; running the TypeScript sources through tsx');
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
