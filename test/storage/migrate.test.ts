// SQLite-only: the SQLite migrations and their ledger in the file; PostgreSQL's are tested in test/storage/pgMigrate.test.ts.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../../src/storage/database.ts';
import { assertSchemaCurrent, migrate, schemaState, SchemaAheadError, SchemaBehindError } from '../../src/storage/migrate.ts';
import { migrations } from '../../src/storage/migrations/index.ts';
import { openSqliteStore } from '../../src/storage/sqlite/sqliteStore.ts';
import { tempDir } from '../helpers/testApp.ts';

test('migrations are numbered in order without gaps or repeats', () => {
  const versions = migrations.map((m) => m.version);
  assert.deepEqual(versions, [...versions].sort((a, b) => a - b));
  assert.equal(new Set(versions).size, versions.length);
});

test('migrate applies every migration once, then nothing (SQLite)', () => {
  const { dir, cleanup } = tempDir();
  try {
    const db = openDatabase(join(dir, 'a.db'));
    const first = migrate(db);
    assert.deepEqual(first, migrations.map((m) => m.version).sort((a, b) => a - b));
    assert.deepEqual(migrate(db), []);
    const { current, latest } = schemaState(db);
    assert.equal(current, latest);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    db.close();
  } finally {
    cleanup();
  }
});

test('a failing migration rolls back whole and leaves the version unchanged (SQLite)', () => {
  const { dir, cleanup } = tempDir();
  try {
    const db = openDatabase(join(dir, 'b.db'));
    const broken = [...migrations, { version: 999, name: 'broken', sql: 'CREATE TABLE half_done (x INTEGER); SELECT * FROM no_such_table;' }];
    assert.throws(() => migrate(db, broken));
    assert.equal(schemaState(db).current, schemaState(db).latest);
    const table = db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get();
    assert.equal(table, undefined);
    db.close();
  } finally {
    cleanup();
  }
});

test('the store refuses a database written by a newer paperwire (SQLite)', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'c.db');
    const db = openDatabase(path);
    migrate(db);
    db.prepare("INSERT INTO schema_migrations (version, name) VALUES (?, 'from the future')").run(schemaState(db).latest + 1);
    assert.throws(() => assertSchemaCurrent(db), SchemaAheadError);
    assert.throws(() => migrate(db), SchemaAheadError);
    db.close();
    assert.throws(() => openSqliteStore(path, { migrate: true }), /schema is at version \d+, but this paperwire knows only up to/);
  } finally {
    cleanup();
  }
});

test('a migration numbered below ones already applied is still applied, none is ever skipped (SQLite)', () => {
  const { dir, cleanup } = tempDir();
  try {
    const db = openDatabase(join(dir, 'e.db'));
    const later = { version: 50, name: 'later', sql: 'CREATE TABLE later_t (x INTEGER);' };
    const earlier = { version: 40, name: 'earlier', sql: 'CREATE TABLE earlier_t (x INTEGER);' };
    migrate(db, [...migrations, later]);
    assert.deepEqual(migrate(db, [...migrations, earlier, later]), [40]);
    assert.ok(db.prepare("SELECT name FROM sqlite_master WHERE name = 'earlier_t'").get());
    db.close();
  } finally {
    cleanup();
  }
});

test('the store refuses a database that is behind unless asked to migrate (SQLite)', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'd.db');
    assert.throws(() => openSqliteStore(path), SchemaBehindError);
    const store = openSqliteStore(path, { migrate: true });
    store.close();
    openSqliteStore(path).close();
  } finally {
    cleanup();
  }
});
