import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/paperwire.mjs', import.meta.url));
/** Runs any paperwire command from the compiled build, as `npm start` runs `serve`. */
export const START = fileURLToPath(new URL('../../scripts/start.mjs', import.meta.url));

/** Compiles src/ to dist/ unless dist/ is current, so that timed compiled starts (`compiled` below) never build. */
export async function ensureBuilt(): Promise<void> {
  const { sourceStamp } = (await import(new URL('../../scripts/sourceStamp.mjs', import.meta.url).href)) as { sourceStamp: (root: string) => string };
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const stamp = join(root, 'dist', '.source-stamp');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === sourceStamp(root)) return;
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the build failed');
}

/** A `paperwire serve` child process and the URL it listens on. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Resolves when the server has logged a line matching `re` (e.g. that its search index is built). */
  waitForLog(re: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves when `/readyz` answers 200 (migrations done, search indexes loaded); rejects after `timeoutMs`. */
  waitReady(timeoutMs?: number): Promise<void>;
  /** Everything the server has written to stderr so far (its log). */
  output(): string;
  /** SIGTERM and wait for the exit (at once when it already exited, e.g. after a SIGKILL). */
  stop(): Promise<void>;
}

/**
 * Starts `paperwire serve` on a free port over `dataDir`; resolves once it logs its address. `compiled` serves the
 * way `npm start` does, from the compiled build in dist/ (scripts/start.mjs); by default the TypeScript sources
 * run through tsx (bin/paperwire.mjs). BENCH_SERVER_CPU_PROF=DIR makes each server (and its worker threads) write
 * a CPU profile into DIR when it stops, for finding where a benchmark's server time goes; BENCH_SERVER_NODE_ARGS
 * (space-separated) adds node or V8 flags to each server's command line, for trying a flag before it is kept.
 * BENCH_SERVER_LOGS=DIR writes each server's whole log to DIR/serve-<pid>.log as it goes.
 */
export async function startServer(dataDir: string, env: Record<string, string> = {}, compiled = false): Promise<ServerProcess> {
  if (env.PAPERWIRE_LOG_LEVEL && !['debug', 'info'].includes(env.PAPERWIRE_LOG_LEVEL)) {
    throw new Error('startServer reads the "serving on" line, logged at info: do not raise PAPERWIRE_LOG_LEVEL above info');
  }
  const profile = process.env.BENCH_SERVER_CPU_PROF; // a folder: each server writes a CPU profile there on exit
  const extra = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []), ...extra, compiled ? START : BIN, 'serve'], {
    env: { ...process.env, PAPERWIRE_DATA_DIR: dataDir, PAPERWIRE_PORT: '0', PAPERWIRE_LOAD_DEMO: 'false', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  const logs = process.env.BENCH_SERVER_LOGS;
  const logFile = logs ? join(logs, `serve-${child.pid}.log`) : undefined;
  if (logs) mkdirSync(logs, { recursive: true });
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (d) => {
      err += d;
      if (logFile) appendFileSync(logFile, d);
      const m = /serving on (http:\/\/\S+)/.exec(err);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${err}`)));
  });
  return {
    url,
    child,
    waitForLog: (re, timeoutMs = 600_000) =>
      new Promise<void>((resolve, reject) => {
        const started = Date.now();
        const poll = () => (re.test(err) ? resolve() : Date.now() - started > timeoutMs ? reject(new Error(`server never logged ${re}`)) : setTimeout(poll, 100));
        poll();
      }),
    output: () => err,
    waitReady: async (timeoutMs = 120_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const status = await fetch(`${url}/readyz`).then((r) => r.status, () => 0);
        if (status === 200) return;
        if (Date.now() > deadline) throw new Error(`server at ${url} was not ready after ${timeoutMs} ms (last status ${status})`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
