// The fingerprint of the sources a compiled build (dist/) was made from: every file under src/ and the two
// tsconfig files, by path, size and modification time. `npm start` compares it with dist/.source-stamp to decide
// whether dist/ is current; stat-ing the ~250 files takes a few milliseconds.
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

/** The fingerprint of the sources under `root` (the repository root). */
export function sourceStamp(root) {
  const paths = [...files(join(root, 'src')), join(root, 'tsconfig.json'), join(root, 'tsconfig.build.json')].sort();
  const hash = createHash('sha256');
  for (const p of paths) {
    const s = statSync(p);
    hash.update(`${relative(root, p)}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return hash.digest('hex');
}
