/**
 * The steps of bench/field.ts that are not the story itself: running `paperwire import`, reading the server's
 * log and memory, polling the work queues, timing searches over HTTP, sampling titles from the imported papers.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/storage/sqlite/sqliteStore.ts';
import type { SearchTask } from '../../src/storage/searchIndexStore.ts';
import { START, type ServerProcess } from './serverProcess.ts';

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

/** `paperwire import FILE` from the compiled build into `dir`; its time and summary line. */
export function runImport(dir: string, file: string, extra: string[] = []): Promise<{ ms: number; summary: string }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [START, 'import', ...extra, file], { env: { ...process.env, PAPERWIRE_DATA_DIR: dir, PAPERWIRE_LOAD_DEMO: 'false' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve({ ms: performance.now() - t0, summary: out.split('\n').find((l) => /read \d+/.test(l)) ?? out.slice(0, 300) }) : reject(new Error(`import failed: ${out}`)))),
  );
}

/** Milliseconds from `startedAt` (Date.now() at spawn) until the server logged a line matching `re`, by the line's own timestamp. */
export async function logged(server: ServerProcess, re: RegExp, startedAt: number, timeoutMs = 3_600_000): Promise<number> {
  await server.waitForLog(re, timeoutMs);
  const line = server.output().split('\n').find((l) => re.test(l))!;
  return Date.parse(line.slice(0, 24)) - startedAt;
}

/**
 * A process's resident memory now and at its peak (VmRSS, VmHWM), in MB, and what it is made of: the process's own
 * memory (RssAnon) and pages of mapped files (RssFile: the memory-mapped search snapshots, shared with the page
 * cache, which the kernel can drop and read again under pressure).
 */
export function memoryOf(pid: number): string {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mb = (key: string) => (Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) / 1024).toFixed(0);
  return `RSS ${mb('VmRSS')} MB (peak ${mb('VmHWM')} MB; own ${mb('RssAnon')} MB, mapped files ${mb('RssFile')} MB)`;
}

/**
 * The server's RSS read `n` times `everyMs` apart: one reading lands wherever the collector and a snapshot save
 * happen to be (V8's pages alone swung 175 MB between readings 15 s apart at 2.7M papers), a few give its range.
 */
export async function rssOver(pid: number, n = 6, everyMs = 3000): Promise<string> {
  const readings: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i) await new Promise((r) => setTimeout(r, everyMs));
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    readings.push(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024);
  }
  const sorted = readings.slice().sort((a, b) => a - b);
  return `RSS over ${((n - 1) * everyMs) / 1000} s (${n} readings): ${sorted[0]!.toFixed(0)}–${sorted.at(-1)!.toFixed(0)} MB, median ${sorted[Math.floor(n / 2)]!.toFixed(0)} MB`;
}

/** How many papers wait in the `task` queue of a data folder now. */
export async function queuedNow(dir: string, task: SearchTask): Promise<number> {
  const store = openSqliteStore(join(dir, 'paperwire.db'));
  try {
    return await store.searchIndex.queuedCount(task);
  } finally {
    store.close();
  }
}

/** Milliseconds from `t0` until no paper waits in the `task` queue, or how many still wait after `waitMs`. */
export async function untilQueueEmpty(dir: string, task: SearchTask, t0: number, waitMs: number): Promise<{ ms: number } | { left: number }> {
  const store = openSqliteStore(join(dir, 'paperwire.db'));
  try {
    for (;;) {
      const left = await store.searchIndex.queuedCount(task);
      if (left === 0) return { ms: performance.now() - t0 };
      if (performance.now() - t0 > waitMs) return { left };
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    store.close();
  }
}

/** The database and each search snapshot in the data folder, with their sizes. */
export function dataFolderSizes(dir: string): string {
  const mb = (f: string) => `${(statSync(f).size / 2 ** 20).toFixed(0)} MB`;
  const snaps = existsSync(join(dir, 'search')) ? readdirSync(join(dir, 'search')).map((f) => `${f} ${mb(join(dir, 'search', f))}`) : [];
  const wal = join(dir, 'paperwire.db-wal');
  return [`paperwire.db ${mb(join(dir, 'paperwire.db'))}`, ...(existsSync(wal) ? [`paperwire.db-wal ${mb(wal)}`] : []), ...snaps].join(', ');
}

/** p50, p95 and max of `/api/papers/search` over HTTP, one query at a time. */
export async function latencies(url: string, queries: string[], mode: string): Promise<{ p50: number; p95: number; max: number }> {
  const times: number[] = [];
  for (const q of queries) {
    const t = performance.now();
    const target = `${url}/api/papers/search?q=${encodeURIComponent(q)}&mode=${mode}&limit=10`;
    // one retry: a keep-alive connection the server closed as the client reused it resets without an answer
    const res = await fetch(target).catch(() => fetch(target));
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`search answered ${res.status} for ${q}`);
    times.push(performance.now() - t);
  }
  return spread(times);
}

/** p50, p95 and max of request times in ms (one request at a time, as every step here measures). */
export function spread(times: number[]): { p50: number; p95: number; max: number } {
  return { p50: pct(times, 50), p95: pct(times, 95), max: Math.max(...times) };
}

/** `n` titles spread evenly over the imported papers, shortened to at most 12 words as a reader would type them. */
export function sampleTitles(dir: string, n: number): string[] {
  const store = openSqliteStore(join(dir, 'paperwire.db'));
  try {
    const max = store.db.prepare('SELECT max(rowid) FROM papers').pluck().get() as number;
    const step = Math.max(1, Math.floor(max / n));
    const rows = store.db.prepare('SELECT title FROM papers WHERE rowid % ? = 0 LIMIT ?').pluck().all(step, n) as string[];
    return rows.map((t) => t.split(/\s+/).slice(0, 12).join(' '));
  } finally {
    store.close();
  }
}
