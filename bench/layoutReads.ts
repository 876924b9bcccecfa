/**
 * `npx tsx bench/layoutReads.ts`: what a window-layout miss costs WindowScratch.windows on a loaded segment — one
 * pread of the term's persisted record from the snapshot file into a fresh buffer (what it does where the snapshot
 * has them) against computing the layout from the postings (native, and JavaScript where the addon is missing) —
 * in µs a layout, on one full segment (66,000 generated papers) written to a snapshot and loaded back, with a skewed
 * stream of 20,000 look-ups of common terms; and a hit in the least recently used map, for scale.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LexicalIndex } from '../src/search/lexical/lexicalIndex.ts';
import { readLexicalSnapshot, writeLexicalSnapshot } from '../src/search/lexical/lexicalSnapshot.ts';
import type { PostingSegment } from '../src/search/lexical/postingSegment.ts';
import { windowKernel } from '../src/search/lexical/windowKernel.ts';
import { fillLayout, layoutAt, layoutLength, readRecord, recordOf } from '../src/search/lexical/windowLayouts.ts';
import { WindowScratch } from '../src/search/lexical/windowScratch.ts';
import { windowsIn } from '../src/search/lexical/windowTopK.ts';

let seed = 1;
const r = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
const word = () => `w${Math.floor(3000 * r() ** 3).toString(36)}x`;
const words = (n: number) => Array.from({ length: n }, word).join(' ');
const built = new LexicalIndex(0);
built.beginBulk();
for (let i = 1; i <= 66_000; i++) built.add({ rowid: i, id: `p${i}`, title: words(8), abstract: words(60), authors: [], categories: [], hasCode: false, upvotes: 0 });
built.endBulk();
const dir = mkdtempSync(join(tmpdir(), 'paperwire-layout-reads-'));
const path = join(dir, 'lexical.snap');
let t = performance.now();
await writeLexicalSnapshot(path, { position: 0, state: built.exportState() });
console.log(`snapshot written with its layouts in ${(performance.now() - t).toFixed(0)} ms`);
const index = LexicalIndex.fromState((await readLexicalSnapshot(path)).state, 0);
const seg = (index as unknown as { segments: PostingSegment[] }).segments[0]!;
const layouts = seg.layouts!;
const nw = windowsIn(seg);
console.log(`segment: ${seg.termIds.length} terms, ${layouts.terms.length} with a layout, nw ${nw}, ${layoutLength(nw)} bytes a layout`);
const stream = Array.from({ length: 20_000 }, () => layouts.terms[Math.floor(layouts.terms.length * r() ** 2)]!);
const kernel = windowKernel() ?? null;
let sink = 0;
const perLayout = (f: (at: number) => number) => {
  const started = process.hrtime.bigint();
  for (const at of stream) sink += f(at);
  return Number(process.hrtime.bigint() - started) / stream.length / 1000;
};
for (let round = 0; round < 3; round++) {
  const read = perLayout((at) => {
    const buf = new Uint8Array(layoutLength(nw));
    readRecord(layouts, recordOf(layouts.terms, at), nw, buf);
    return buf[0]!;
  });
  const compute = (k: typeof kernel) => (at: number) => {
    const buf = new Uint8Array(layoutLength(nw));
    fillLayout(seg, seg.starts[at]!, seg.starts[at + 1]!, nw, layoutAt(buf, 0, nw), k);
    return buf[0]!;
  };
  const native = kernel ? perLayout(compute(kernel)) : Number.NaN;
  const js = perLayout(compute(null));
  const scratch = new WindowScratch();
  perLayout((at) => scratch.windows(seg, seg.termIds[at]!, nw)!.pos[0]!);
  const hit = perLayout((at) => scratch.windows(seg, seg.termIds[at]!, nw)!.pos[0]!);
  console.log(`round ${round}: pread of a record ${read.toFixed(2)} µs, computed native ${native.toFixed(2)} µs, JavaScript ${js.toFixed(2)} µs; a hit in the kept map ${hit.toFixed(3)} µs`);
}
await index.close();
rmSync(dir, { recursive: true, force: true });
if (!(sink >= 0)) console.log(sink);
