/**
 * `npx tsx bench/layoutViews.ts`: what finding a persisted window layout costs WindowScratch.windows — its views kept
 * in the segment's least recently used map (what it does) against three views made on every call — in ns a look-up,
 * on one full segment (66,000 generated papers) built in process, with a skewed stream of 200,000 look-ups.
 */
import { LexicalIndex } from '../src/search/lexical/lexicalIndex.ts';
import type { PostingSegment } from '../src/search/lexical/postingSegment.ts';
import { WindowScratch } from '../src/search/lexical/windowScratch.ts';
import { isCommon, persistedLayout } from '../src/search/lexical/windowLayouts.ts';
import { windowsIn } from '../src/search/lexical/windowTopK.ts';

let seed = 1;
const r = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
const word = () => `w${Math.floor(3000 * r() ** 3).toString(36)}x`;
const words = (n: number) => Array.from({ length: n }, word).join(' ');
const index = new LexicalIndex(0);
index.beginBulk();
for (let i = 1; i <= 66_000; i++) index.add({ rowid: i, id: `p${i}`, title: words(8), abstract: words(60), authors: [], categories: [], hasCode: false, upvotes: 0 });
index.endBulk();
const seg = (index as unknown as { segments: PostingSegment[] }).segments[0]!;
const nw = windowsIn(seg);
const common: number[] = [];
for (let i = 0; i < seg.termIds.length; i++) if (isCommon(seg.starts[i + 1]! - seg.starts[i]!, nw)) common.push(seg.termIds[i]!);
console.log(`segment: ${seg.termIds.length} terms, ${common.length} with a layout, nw ${nw}`);
// a query stream: 20 words a query drawn from the common ones (Zipf-ish), as a long query asks one segment
const stream = Array.from({ length: 200_000 }, () => common[Math.floor(common.length * r() ** 2)]!);
const direct = (termId: number) => {
  const at = seg.indexOf(termId);
  if (at < 0) return undefined;
  return isCommon(seg.starts[at + 1]! - seg.starts[at]!, nw) ? persistedLayout(seg.layouts!, at, nw) : undefined;
};
let sink = 0;
for (let round = 0; round < 3; round++) {
  const scratch = new WindowScratch();
  let t = process.hrtime.bigint();
  for (const id of stream) sink += scratch.windows(seg, id, nw)!.pos[0]!;
  const kept = Number(process.hrtime.bigint() - t) / stream.length;
  t = process.hrtime.bigint();
  for (const id of stream) sink += direct(id)!.pos[0]!;
  const made = Number(process.hrtime.bigint() - t) / stream.length;
  console.log(`round ${round}: kept views (LRU of 1,024) ${kept.toFixed(0)} ns a look-up, views made per call ${made.toFixed(0)} ns`);
}
if (!(sink >= 0)) console.log(sink);
