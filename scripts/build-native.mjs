#!/usr/bin/env node
// Builds the native addon (native/mmap: memory maps, and the vector scan of topDots.c) with node-gyp, run by `npm ci` (the `prepare` step) before the
// TypeScript build. The addon is optional: where it cannot be built (no C compiler, another OS, no Node headers)
// this prints why and exits 0, and paperwire reads its search snapshots into memory instead of mapping them and
// scans vectors in WebAssembly.
// Nothing is downloaded: node-gyp is npm's own copy, and the Node headers are the ones installed beside node
// (npm's `nodedir` setting when it has one).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../native/mmap/', import.meta.url));
const prefix = dirname(dirname(process.execPath));
const nodeGyp = [process.env.npm_config_node_gyp, join(prefix, 'lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js')].find((p) => p && existsSync(p));
const nodedir = process.env.npm_config_nodedir || (existsSync(join(prefix, 'include/node/node_api.h')) ? prefix : undefined);
const skip = (why) => {
  console.error(`paperwire build: native addon not built (${why}); search snapshots will be read into memory and vectors scanned in WebAssembly instead`);
  process.exit(0);
};
if (process.platform === 'win32') skip('not on Windows');
if (!nodeGyp) skip('node-gyp not found');
if (!nodedir) skip('no Node headers beside node');
const started = Date.now();
const res = spawnSync(process.execPath, [nodeGyp, 'rebuild', `--nodedir=${nodedir}`, '--loglevel=error'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
if (res.status !== 0) skip('node-gyp failed, see above');
console.error(`paperwire build: built the native addon in ${((Date.now() - started) / 1000).toFixed(1)} s`);
