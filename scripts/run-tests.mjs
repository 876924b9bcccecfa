#!/usr/bin/env node
// Runs every test/**/*.test.ts file with Node's test runner through tsx (Node 20's runner does not expand globs).
// Starts a throwaway PostgreSQL cluster first when PostgreSQL's binaries are installed, so that the tests run on
// both backends (test/helpers/backends.ts reads its URL from PAPERWIRE_TEST_PG_URL), and stops it at the end.
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? find(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}

/** The bin folder of the newest installed PostgreSQL (Debian's layout), or of one on the PATH; undefined when none. */
function postgresBin() {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
    if (versions.length) return join(root, versions[0], 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  return which.status === 0 ? join(which.stdout.trim(), '..') : undefined;
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/** Starts a cluster in a temporary folder (as the `postgres` user when run as root: initdb refuses root). */
async function startPostgres(bin) {
  const dir = mkdtempSync(join(tmpdir(), 'paperwire-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(dir, Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim()), Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim()));
  const run = (cmd, args) => {
    const full = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]] : [join(bin, cmd), args];
    const res = spawnSync(full[0], full[1], { encoding: 'utf8', cwd: dir });
    if (res.status !== 0) throw new Error(`${cmd} failed: ${res.stderr || res.stdout}`);
  };
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch (err) {
        console.error(String(err));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
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
    postgres = await startPostgres(bin);
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
