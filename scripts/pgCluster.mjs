// A throwaway PostgreSQL cluster: used by scripts/run-tests.mjs for the whole test run, and by tests that need a
// server of their own (one they restart). Debian's layout (/usr/lib/postgresql/*/bin) or initdb on the PATH.
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The bin folder of the newest installed PostgreSQL (Debian's layout), or of one on the PATH; undefined when none. */
export function postgresBin() {
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

/**
 * Starts a cluster in a temporary folder (as the `postgres` user when run as root: initdb refuses root). With
 * `fast`, durability is traded for speed (no fsync, asynchronous commit: fine for a test run that throws the
 * cluster away); without it commits are durable, so a test that kills the server can check that nothing
 * acknowledged was lost. `restart(mode)` restarts it in place (`immediate`: as after a crash), resolving once
 * it accepts connections again.
 */
export async function startPostgres(bin, { fast = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'paperwire-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(dir, Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim()), Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim()));
  const command = (cmd, args) => (asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]] : [join(bin, cmd), args]);
  const run = (cmd, args) => {
    const [file, argv] = command(cmd, args);
    const res = spawnSync(file, argv, { encoding: 'utf8', cwd: dir });
    if (res.status !== 0) throw new Error(`${cmd} failed: ${res.stderr || res.stdout}`);
  };
  // the same without blocking the event loop: the caller's own clients keep running while the server restarts
  const runAsync = (cmd, args) =>
    new Promise((resolve, reject) => {
      const [file, argv] = command(cmd, args);
      const child = spawn(file, argv, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} failed: ${err}`))));
    });
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200${fast ? ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off' : ''}`;
  run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    restart(mode = 'fast') {
      return runAsync('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-m', mode, '-w', 'restart']);
    },
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
