/**
 * Where a server's search memory goes, on a data folder whose search snapshots exist (`<dir>/search`, written by
 * `paperwire serve`): loads the lexical and the vector snapshot the way the server does, one after the other,
 * and prints the process's resident memory, V8 heap and typed-array memory after each step (after a full
 * garbage collection), then what dropping each index gives back. For issue 20's memory goal (1 GB at 1M papers).
 * `--vectors N` adds an index of N random vectors (384 dimensions, unclustered, ids like arXiv's) built the way
 * a snapshot load builds it, to size the vectors at N papers where the data folder holds fewer embedded.
 * usage: node --expose-gc --import tsx bench/searchMemory.ts DATA_DIR [--vectors N]
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LexicalIndex } from '../src/search/lexical/lexicalIndex.ts';
import { readLexicalSnapshot, LEXICAL_SNAPSHOT_NAME } from '../src/search/lexical/lexicalSnapshot.ts';
import { IdList } from '../src/search/idList.ts';
import { VectorIndex } from '../src/search/semantic/vectorIndex.ts';
import { readVectorSnapshot } from '../src/search/semantic/vectorSnapshot.ts';

const dir = process.argv[2];
if (!dir) throw new Error('usage: node --expose-gc --import tsx bench/searchMemory.ts DATA_DIR');
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
let last = process.memoryUsage();
function report(step: string): void {
  gc!();
  gc!();
  const m = process.memoryUsage();
  const d = (k: keyof NodeJS.MemoryUsage) => `${mb(m[k])} (${m[k] >= last[k] ? '+' : '−'}${mb(Math.abs(m[k] - last[k]))})`;
  console.log(`${step.padEnd(44)} RSS ${d('rss')}, heap ${d('heapUsed')}, array buffers ${d('arrayBuffers')}`);
  last = m;
}

report('start (modules loaded)');
const search = join(dir, 'search');
let t = performance.now();
const lex = await readLexicalSnapshot(join(search, LEXICAL_SNAPSHOT_NAME));
report(`lexical snapshot read (${(performance.now() - t).toFixed(0)} ms)`);
t = performance.now();
let lexical: LexicalIndex | undefined = LexicalIndex.fromState(lex.state);
const lexFrom = performance.now() - t;
(lex as { state?: unknown }).state = undefined;
report(`lexical index from it (${lexFrom.toFixed(0)} ms): ${lexical.size.toLocaleString('en-US')} papers`);
console.log(`  lexical stats: ${JSON.stringify(lexical.stats())}`);
const file = readdirSync(search).find((f) => f.startsWith('vectors-') && f.endsWith('.snap'))!;
const model = file.slice('vectors-'.length, -'.snap'.length);
t = performance.now();
let target: VectorIndex | undefined; // the rows land in the index's memory, as the server reads them
const vec = await readVectorSnapshot(join(search, file), model, (dim, count) => {
  const r = VectorIndex.rowsFor(dim, count);
  target = r.index;
  return r.rows;
});
report(`vector snapshot read (${(performance.now() - t).toFixed(0)} ms)`);
t = performance.now();
let vectors: VectorIndex | undefined = VectorIndex.fromState(vec.state, {}, target);
target = undefined;
const vecFrom = performance.now() - t;
(vec as { state?: unknown }).state = undefined;
report(`vector index from it (${vecFrom.toFixed(0)} ms): ${vectors.size.toLocaleString('en-US')} vectors`);
vectors = undefined;
report('vector index dropped');
const synthetic = process.argv.includes('--vectors') ? Number(process.argv[process.argv.indexOf('--vectors') + 1]) : 0;
if (synthetic > 0) {
  let data: Int8Array | undefined = new Int8Array(synthetic * 384);
  for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
  const list = new IdList();
  for (let i = 0; i < synthetic; i++) list.set(i, `25${String(i % 12).padStart(2, '0')}.${String(i).padStart(6, '0')}`);
  vectors = VectorIndex.fromState({ dim: 384, ids: list.toParts(), data, scales: new Float32Array(synthetic).fill(1 / 127) });
  report(`${synthetic.toLocaleString('en-US')} random vectors (their arrays still held)`);
  data = undefined;
  report(`the same, state dropped: ${vectors.size.toLocaleString('en-US')} vectors`);
  vectors = undefined;
}
lexical = undefined;
report('lexical index dropped');
