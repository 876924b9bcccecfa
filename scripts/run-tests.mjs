#!/usr/bin/env node
// Runs every test/**/*.test.ts file with Node's test runner through tsx (Node 20's runner does not expand globs).
// Starts a throwaway PostgreSQL cluster first when PostgreSQL's binaries are installed, so that the tests run on
// both backends (test/helpers/backends.ts reads its URL from PAPERWIRE_TEST_PG_URL), and stops it at the end.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { postgresBin, startPostgres } from './pgCluster.mjs';

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? find(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}

const filters = process.argv.slice(2);
const files = find('test').filter((f) => !filters.length || filters.some((x) => f.includes(x))).sort();
if (!files.length) {
  console.error('no test files matched');
  process.exit(1);
}

const env = { ...process.env };
let postgres;
if (!env.PAPERWIRE_TEST_PG_URL) {
  const bin = postgresBin();
  if (!bin) {
    console.error('\n!!! PostgreSQL is not installed (no initdb found): every PostgreSQL variant of the tests will FAIL.');
    console.error('!!! Install it (Debian: apt-get install postgresql) or set PAPERWIRE_TEST_PG_URL to a server you can create databases on.\n');
  } else {
    postgres = await startPostgres(bin, { fast: true });
    env.PAPERWIRE_TEST_PG_URL = postgres.url;
  }
}

const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    child.kill(signal);
    postgres?.stop();
    process.exit(130);
  });
}
process.on('exit', () => postgres?.stop());
child.on('exit', (code) => {
  postgres?.stop();
  process.exit(code ?? 1);
});
