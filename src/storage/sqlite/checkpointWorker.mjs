// The WAL checkpointer of a bulk import (see IngestStore.bulkWrites): copies committed pages from the WAL into
// the database file on its own connection and thread, so the importing thread only appends to the WAL. Plain
// JavaScript: it needs no TypeScript loader, and starts in milliseconds.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
let timer;
const step = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // a busy or closing database: the next step, or the importer's own checkpoints afterwards, catch up
  }
  timer = setTimeout(step, workerData.everyMs);
};
parentPort.once('message', () => {
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
step();
