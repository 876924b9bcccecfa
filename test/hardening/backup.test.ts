// SQLite-only: exercises the file backup API and restore's file checks; on PostgreSQL `backup`/`restore` point to pg_dump/pg_restore (test/storage/pgMigrate.test.ts).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../../src/storage/database.ts';
import { tempDir } from '../helpers/testApp.ts';

const BIN = join(import.meta.dirname, '../../bin/paperwire.mjs');
const WRITER = join(import.meta.dirname, 'bulkWriter.ts');
const cliAsync = (args: string[], dir: string) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, PAPERWIRE_DATA_DIR: dir } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('exit', (status) => resolve({ status, stdout, stderr }));
  });
const cli = (args: string[], dir: string) =>
  spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, PAPERWIRE_DATA_DIR: dir }, encoding: 'utf8', timeout: 60_000 });

/** Starts the writer child and resolves once it has acknowledged `atLeast` writes; `acked()` is the newest ack. */
async function startWriter(dbPath: string, atLeast: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dbPath], { stdio: ['ignore', 'pipe', 'inherit'] });
  let acked = 0;
  let buffer = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) acked = Number(line.slice(4));
      if (acked >= atLeast) resolve();
    });
    child.once('exit', (code) => reject(new Error(`writer exited early (${code})`)));
  });
  return { child, acked: () => acked };
}

/** The consistency a snapshot must show: papers w-1..w-N with no gap, each with its daily entry. */
function snapshotOf(path: string) {
  const db = openDatabase(path, { readonly: true });
  try {
    const integrity = db.prepare('PRAGMA integrity_check').pluck().get();
    const papers = db.prepare("SELECT count(*) FROM papers WHERE id LIKE 'w-%'").pluck().get() as number;
    const maxN = db.prepare("SELECT coalesce(max(CAST(substr(id, 3) AS INTEGER)), 0) FROM papers WHERE id LIKE 'w-%'").pluck().get() as number;
    const entries = db.prepare("SELECT count(*) FROM daily_entries d JOIN papers p ON p.rowid = d.paper_rowid WHERE p.id LIKE 'w-%'").pluck().get() as number;
    return { integrity, papers, maxN, entries };
  } finally {
    db.close();
  }
}

test('backup copies a consistent snapshot while another process writes; restore checks it and puts it in place', async () => {
  const { dir, cleanup } = tempDir();
  const live = join(dir, 'paperwire.db');
  const writer = await startWriter(live, 300);
  try {
    const before = writer.acked();
    const backupFile = join(dir, 'copy.db');
    const made = await cliAsync(['backup', backupFile], dir); // async: the writer's acks keep being read
    const after = writer.acked();
    assert.equal(made.status, 0, made.stderr);
    assert.match(made.stdout, /integrity ok/);
    const snap = snapshotOf(backupFile);
    assert.equal(snap.integrity, 'ok');
    assert.equal(snap.papers, snap.maxN, 'numbered writes without a gap');
    assert.equal(snap.entries, snap.papers, 'each paper with its daily entry (whole transactions only)');
    assert.ok(snap.papers >= before, `backup holds every write acknowledged before it began (${snap.papers} >= ${before})`);
    assert.ok(after > before, 'the writer kept writing during the backup');

    assert.equal(cli(['backup', backupFile], dir).status, 2, 'an existing file is not overwritten without --force');
    const busy = cli(['restore', backupFile], dir);
    assert.equal(busy.status, 1);
    assert.match(busy.stderr, /open in process \d+/);

    writer.child.kill('SIGKILL');
    await new Promise((r) => writer.child.once('exit', r));
    assert.ok(snapshotOf(live).papers > snap.papers);
    const restored = cli(['restore', backupFile], dir);
    assert.equal(restored.status, 0, restored.stderr);
    assert.match(restored.stdout, /previous database is kept as/);
    assert.deepEqual(snapshotOf(live), snap);
    assert.ok(readdirSync(dir).some((f) => f.startsWith('paperwire.db.before-restore-')));
  } finally {
    writer.child.kill('SIGKILL');
    cleanup();
  }
});

test('restore refuses a damaged file, a foreign file and a schema ahead of the code, leaving the database alone', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const live = join(dir, 'paperwire.db');
    const seed = spawnSync(process.execPath, ['--import', 'tsx', WRITER, live, '20'], { encoding: 'utf8' });
    assert.equal(seed.status, 0, seed.stderr);
    const good = join(dir, 'good.db');
    assert.equal(cli(['backup', good], dir).status, 0);

    const garbage = join(dir, 'garbage.db');
    writeFileSync(garbage, 'this is not a database'.repeat(100));
    const r1 = cli(['restore', garbage], dir);
    assert.equal(r1.status, 1);
    assert.match(r1.stderr, /refusing .*garbage\.db/);

    const foreign = join(dir, 'foreign.db');
    const f = openDatabase(foreign);
    f.exec('CREATE TABLE t (x)');
    f.close();
    assert.match(cli(['restore', foreign], dir).stderr, /no paperwire schema/);

    const ahead = join(dir, 'ahead.db');
    assert.equal(cli(['backup', ahead], dir).status, 0);
    const a = openDatabase(ahead);
    a.prepare("INSERT INTO schema_migrations (version, name) VALUES (9999, 'from the future')").run();
    a.close();
    assert.match(cli(['restore', ahead], dir).stderr, /ahead of this paperwire/);

    const torn = join(dir, 'torn.db');
    assert.equal(cli(['backup', torn], dir).status, 0);
    const t = openDatabase(torn);
    t.pragma('journal_mode = DELETE');
    t.close();
    const bytes = readFileSync(torn);
    const pageSize = bytes.readUInt16BE(16);
    bytes.fill(0xa5, pageSize * 3, pageSize * 6); // scribble over a few b-tree pages
    writeFileSync(torn, bytes);
    const r4 = cli(['restore', torn], dir);
    assert.equal(r4.status, 1, r4.stdout);

    assert.equal(snapshotOf(live).papers, 20, 'the live database was left alone');
    assert.ok(!readdirSync(dir).some((x) => x.startsWith('paperwire.db.before-restore-')));
    assert.equal(cli(['restore', join(dir, 'missing.db')], dir).status, 2);
    assert.equal(cli(['backup'], dir).status, 2);
    assert.ok(existsSync(good));
  } finally {
    cleanup();
  }
});
