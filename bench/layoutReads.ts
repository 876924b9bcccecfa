/**
 * `npx tsx bench/layoutReads.ts [SEGMENTS]`: what a window-layout miss costs WindowScratch.windows on loaded
 * segments — the term's group read from the snapshot file with one pread (its layout in every segment, what it does
 * where the snapshot has them; layoutGroups.ts), the same records read one pread each at their places in the group,
 * and computing the layout from the postings (native, and JavaScript where the addon is missing) — in µs a layout,
 * on SEGMENTS full segments (default 4; 66,000 generated papers each) written to a snapshot and loaded back, with a
 * skewed stream of 20,000 look-ups of common terms; and a hit in the kept groups, for scale.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readGroup } from '../src/search/lexical/layoutGroups.ts';
import { LexicalIndex } from '../src/search/lexical/lexicalIndex.ts';
import { readLexicalSnapshot, writeLexicalSnapshot } from '../src/search/lexical/lexicalSnapshot.ts';
import { indexInSorted, type PostingSegment } from '../src/search/lexical/postingSegment.ts';
import { windowKernel } from '../src/search/lexical/windowKernel.ts';
import { fillLayout, layoutAt, layoutBytes, layoutLength } from '../src/search/lexical/windowLayouts.ts';
import { WindowScratch } from '../src/search/lexical/windowScratch.ts';
import { windowsIn } from '../src/search/lexical/windowTopK.ts';

const SEGMENTS = Number(process.argv[2] ?? 4);
let seed = 1;
const r = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
const word = () => `w${Math.floor(3000 * r() ** 3).toString(36)}x`;
const words = (n: number) => Array.from({ length: n }, word).join(' ');
const built = new LexicalIndex(0);
built.beginBulk();
for (let i = 1; i <= 65_536 * SEGMENTS; i++) built.add({ rowid: i, id: `p${i}`, title: words(8), abstract: words(40), authors: [], categories: [], hasCode: false, upvotes: 0 });
built.endBulk();
const dir = mkdtempSync(join(tmpdir(), 'paperwire-layout-reads-'));
const path = join(dir, 'lexical.snap');
let t = performance.now();
await writeLexicalSnapshot(path, { position: 0, state: built.exportState() });
console.log(`snapshot written with its layouts in ${(performance.now() - t).toFixed(0)} ms`);
const index = LexicalIndex.fromState((await readLexicalSnapshot(path)).state, 0);
const segments = (index as unknown as { segments: PostingSegment[] }).segments;
const seg = segments[0]!;
const { groups } = seg.layouts!;
const nw = windowsIn(seg);
const records = segments.reduce((n, g) => n + (g.layouts?.terms.length ?? 0), 0);
console.log(`${segments.length} segments, ${groups.termIds.length} words with a layout, ${records} layouts (${(records / groups.termIds.length).toFixed(1)} a word), nw ${nw}, ${layoutLength(nw)} bytes a layout`);
// look-ups of words common in the first segment, skewed towards the commonest
const firstTerms = seg.layouts!.terms;
const stream = Array.from({ length: 20_000 }, () => seg.termIds[firstTerms[Math.floor(firstTerms.length * r() ** 2)]!]!);
const kernel = windowKernel() ?? null;
let sink = 0;
/** µs a layout: `f` returns how many layouts it produced for a term. */
const perLayout = (f: (termId: number) => number) => {
  const started = process.hrtime.bigint();
  let n = 0;
  for (const id of stream) n += f(id);
  return Number(process.hrtime.bigint() - started) / n / 1000;
};
for (let round = 0; round < 3; round++) {
  const group = perLayout((id) => {
    const g = readGroup(groups, id)!;
    sink += g.length;
    return g.filter(Boolean).length;
  });
  const apart = perLayout((id) => {
    // each of the term's records with a pread of its own, at its place in the group
    const g = indexInSorted(groups.termIds, id);
    let at = groups.offset + groups.starts[g]!;
    let n = 0;
    for (const m of groups.members) {
      const i = indexInSorted(m.termIds, id);
      if (i < 0 || indexInSorted(m.terms, i) < 0) continue;
      const buf = new Uint8Array(layoutLength(m.nw));
      groups.file.readAt(buf, at);
      at += layoutBytes(m.nw);
      n++;
    }
    return n;
  });
  const compute = (k: typeof kernel) => (id: number) => {
    let n = 0;
    for (const s of segments) {
      const at = s.indexOf(id);
      if (at < 0 || !s.layouts || indexInSorted(s.layouts.terms, at) < 0) continue;
      const w = windowsIn(s);
      fillLayout(s, s.starts[at]!, s.starts[at + 1]!, w, layoutAt(new Uint8Array(layoutLength(w)), 0, w), k);
      n++;
    }
    return n;
  };
  const native = kernel ? perLayout(compute(kernel)) : Number.NaN;
  const js = perLayout(compute(null));
  const scratch = new WindowScratch();
  const hits = (id: number) => segments.reduce((n, s) => n + (s.layouts && indexInSorted(s.layouts.terms, s.indexOf(id)) >= 0 ? (scratch.windows(s, id, windowsIn(s))!.pos[0]! >= 0 ? 1 : 0) : 0), 0);
  perLayout(hits);
  const hit = perLayout(hits);
  console.log(`round ${round}: a group read ${group.toFixed(2)} µs a layout, a pread a record ${apart.toFixed(2)} µs, computed native ${native.toFixed(2)} µs, JavaScript ${js.toFixed(2)} µs; a hit in the kept groups ${hit.toFixed(3)} µs`);
}
await index.close();
rmSync(dir, { recursive: true, force: true });
if (!(sink >= 0)) console.log(sink);
