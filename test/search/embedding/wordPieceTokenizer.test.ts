import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { bundledEmbedder } from '../../../src/search/embedding/bundledEmbedder.ts';

interface Line { text: string; count: number; fnv: number; ids?: number[] }
const fixture = JSON.parse(gunzipSync(readFileSync(new URL('../../fixtures/embedding/wordpiece-lines.json.gz', import.meta.url))).toString('utf8')) as {
  lines: Line[];
  edgeCases: { text: string; ids: number[] }[];
};
const tokenizer = bundledEmbedder().tokenizer;

const fnv1a = (ids: number[]) => ids.reduce((h, id) => Math.imul(h ^ id, 16777619) >>> 0, 2166136261);

test('token ids match the Python tokenizer on 1,000 corpus papers', () => {
  assert.equal(fixture.lines.length, 1000);
  const wrong: string[] = [];
  for (const line of fixture.lines) {
    const ids = tokenizer.encode(line.text);
    if (line.ids) assert.deepEqual(ids, line.ids, line.text.slice(0, 80));
    if (ids.length !== line.count || fnv1a(ids) !== line.fnv) wrong.push(line.text.slice(0, 80));
  }
  assert.deepEqual(wrong, []);
});

test('token ids match the Python tokenizer on edge cases and 300 random Unicode strings', () => {
  for (const { text, ids } of fixture.edgeCases) assert.deepEqual(tokenizer.encode(text), ids, JSON.stringify(text));
});

test('WordPiece splits unknown words into ## continuation pieces and lower-cases', () => {
  const pieces = tokenizer.encode('Shrinking LLMs').map((id) => tokenizer.vocab[id]);
  assert.deepEqual(pieces, ['shrink', '##ing', 'll', '##ms']);
  assert.deepEqual(tokenizer.encode(''), []);
});
