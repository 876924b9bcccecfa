// A child process that writes to a paperwire database until killed: each transaction adds one paper and its
// daily entry, numbered without gaps, and prints the number once committed ("ack N"). Used to take backups
// and to kill processes while writes are in flight.
import { openSqliteStore } from '../../src/storage/sqlite/sqliteStore.ts';

const [path, limitText] = process.argv.slice(2);
const store = openSqliteStore(path!, { migrate: true });
const limit = Number(limitText ?? Infinity);
const start = (store.db.prepare("SELECT count(*) FROM papers WHERE id LIKE 'w-%'").pluck().get() as number) + 1;
const addPaper = store.db.prepare("INSERT INTO papers (id, title, title_key, abstract) VALUES (?, ?, ?, ?)");
const addEntry = store.db.prepare("INSERT INTO daily_entries (date, paper_rowid) VALUES ('2026-11-23', ?)");
const write = store.db.transaction((n: number) => {
  const { lastInsertRowid } = addPaper.run(`w-${n}`, `Written paper ${n}`, `written paper ${n}`, 'x'.repeat(2000));
  addEntry.run(lastInsertRowid);
});
for (let n = start; n < start + limit; n++) {
  write(n);
  process.stdout.write(`ack ${n}\n`);
  if (n % 50 === 0) await new Promise((r) => setImmediate(r));
}
store.close();
