/**
 * `npm run bench:keywords -- DATA_DIR`: what the keyword job's frequency look-ups cost the server thread at a data
 * folder's size. The phrases the job would look up for the first N queued papers (default 2,000; `--papers N`) are
 * counted as the job counts them (`documentFrequency`: a word's document frequency, a phrase's `countAll`), on the
 * lexical index `serve` loads from DATA_DIR/search, twice (the second pass without first-use costs); prints the
 * total, the look-ups over 1 ms and over 5 ms (each one holds the server thread that long), and the slowest.
 */
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../src/storage/sqlite/sqliteStore.ts';
import { createSearchContext } from '../src/search/searchContext.ts';
import { cachedStats, extractKeywords } from '../src/search/keywords/extractKeywords.ts';
import { documentFrequency } from '../src/search/keywords/keywordJob.ts';

const args = process.argv.slice(2);
const dir = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
if (!dir) throw new Error('usage: bench/keywordLookups.ts DATA_DIR [--papers N]');
const papers = Number(args.includes('--papers') ? args[args.indexOf('--papers') + 1] : 2000);
if (!Number.isInteger(papers) || papers < 1) throw new Error('--papers takes a whole number of papers, 1 or more');
console.log(`${cpus().length} cores, node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}, ${new Date().toISOString()}`);

const store = openSqliteStore(join(dir, 'paperwire.db'));
try {
  const index = await createSearchContext(store, { snapshotDir: join(dir, 'search') }).lexical.current();
  const rows = await store.searchIndex.queued('keywords', papers);
  if (!rows.length) throw new Error(`no papers queued for keywords in ${dir}`);
  // the look-ups a batch needs: every phrase and word whose frequency the extraction asks for
  const pending = new Set<string>();
  const stats = cachedStats(index.size, new Map(), (term) => pending.add(term));
  for (const r of rows) extractKeywords(r.title, r.abstract, stats);
  console.log(`${index.size.toLocaleString('en-US')} papers indexed; ${rows.length} queued papers need ${pending.size.toLocaleString('en-US')} look-ups`);
  for (let pass = 1; pass <= 2; pass++) {
    const times: [number, string][] = [];
    for (const term of pending) {
      const t = performance.now();
      documentFrequency(index, term);
      times.push([performance.now() - t, term]);
    }
    times.sort((a, b) => b[0] - a[0]);
    const total = times.reduce((s, [ms]) => s + ms, 0);
    const over = (ms: number) => times.filter(([t]) => t > ms).length;
    const slowest = times.slice(0, 3).map(([ms, term]) => `${ms.toFixed(1)} ms "${term}"`).join(', ');
    console.log(`pass ${pass}: ${total.toFixed(0)} ms in all (${(total / rows.length).toFixed(2)} ms a paper), ${over(1)} over 1 ms, ${over(5)} over 5 ms; slowest ${slowest}`);
  }
} finally {
  store.close();
}
