/**
 * `npx tsx bench/lexicalSnapshotWrite.ts DATA_DIR`: what writing the lexical snapshot costs at a data folder's size
 * now that it carries the window layouts — the index opened as `serve` opens it (its snapshot loaded, or built
 * from the papers), then written beside the real one three ways: as `serve` would save it (layouts copied from
 * the loaded file, or computed while written after a build), with every layout computed while written, and
 * without layouts (what the format before them wrote). For each: seconds, bytes, and what the layouts' computing
 * held the server thread for — the longest single piece and the sum (each piece is followed by a turn of the event
 * loop). The written copies are deleted.
 */
import { rmSync, statSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { writeLexicalSnapshot } from '../src/search/lexical/lexicalSnapshot.ts';
import type { LexicalIndexState } from '../src/search/lexical/lexicalIndex.ts';
import { windowKernel } from '../src/search/lexical/windowKernel.ts';
import { groupSource, groupTable, type GroupInput } from '../src/search/lexical/layoutGroups.ts';
import { commonTerms } from '../src/search/lexical/windowLayouts.ts';
import { windowsIn } from '../src/search/lexical/windowTopK.ts';
import { createSearchContext } from '../src/search/searchContext.ts';
import { openSqliteStore } from '../src/storage/sqlite/sqliteStore.ts';

const dir = process.argv[2];
if (!dir) throw new Error('usage: npx tsx bench/lexicalSnapshotWrite.ts DATA_DIR');
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`${cpus().length} cores, node ${process.version}, load average ${load()} at start, ${new Date().toISOString()}`);
const store = openSqliteStore(join(dir, 'paperwire.db'));
const ctx = createSearchContext(store, { snapshotDir: join(dir, 'search') });
let t = performance.now();
const index = await ctx.lexical.current();
console.log(`lexical index: ${index.size.toLocaleString('en-US')} papers from the ${ctx.lexical.loadedFrom} in ${(performance.now() - t).toFixed(0)} ms`);
if (ctx.lexical.loadedFrom === 'database') {
  // built: the snapshot serve writes after a build (every layout computed while written), kept for the next runs
  t = performance.now();
  await ctx.lexical.persist();
  console.log(`the snapshot saved after the build: ${statSync(join(dir, 'search', 'lexical.snap')).size.toLocaleString('en-US')} bytes in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
t = performance.now();
const state = index.exportState();
console.log(`exportState: ${(performance.now() - t).toFixed(0)} ms (one synchronous step, as before the layouts)`);

// the layouts computed piece by piece as a write computes them (term lists, the group table, then the records
// grouped by term), with nothing written:
// how long the thread is held at a stretch, as the event loop's delay sees it (on a busy machine a stretch also
// holds the time this thread was descheduled)
const kernel = windowKernel() ?? null;
const delay = monitorEventLoopDelay({ resolution: 1 });
let layouts = 0;
let bytes = 0;
t = performance.now();
delay.enable();
const inputs: GroupInput[] = [];
for (const g of state.segments) {
  const terms = await commonTerms(g);
  layouts += terms.length;
  inputs.push({ seg: g, terms, nw: windowsIn(g) });
}
await groupTable(inputs);
for await (const c of groupSource(inputs, kernel).chunks()) bytes += c.byteLength;
delay.disable();
const ms = (ns: number) => (ns / 1e6).toFixed(1);
console.log(`layouts computed: ${layouts.toLocaleString('en-US')} (${bytes.toLocaleString('en-US')} bytes) in ${((performance.now() - t) / 1000).toFixed(2)} s; event-loop delay meanwhile p50 ${ms(delay.percentile(50))}, p99 ${ms(delay.percentile(99))}, max ${ms(delay.max)} ms`);

const ways: [string, LexicalIndexState][] = [
  ['as serve saves it', state],
  ['every layout computed', { ...state, withLayouts: true, segments: state.segments.map((g) => ({ ...g, layouts: undefined })) }],
  ['no layouts (as before them)', { ...state, withLayouts: false, segments: state.segments.map((g) => ({ ...g, layouts: undefined })) }],
];
for (const [name, s] of ways) {
  const path = join(dir, 'search', 'bench-write.snap');
  t = performance.now();
  const bytes = await writeLexicalSnapshot(path, { position: 0, state: s });
  console.log(`${name}: ${bytes.toLocaleString('en-US')} bytes (${statSync(path).size === bytes ? 'on disk' : 'size differs!'}) in ${((performance.now() - t) / 1000).toFixed(1)} s; load average ${load()}`);
  rmSync(path, { force: true });
}
ctx.lexical.close();
store.close();
