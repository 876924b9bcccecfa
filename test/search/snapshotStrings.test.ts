import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SnapshotUnusable, stringSections, stringsFrom } from '../../src/search/snapshotFile.ts';

test('string lists round-trip through snapshot sections, ASCII or not, empty strings and astral characters included', () => {
  for (const list of [['graph', 'neural', '', 'a:müller', 'o:上海交大', 'c:cs.lg', 't:😀x'], ['only', 'ascii'], []]) {
    const [lengths, text] = stringSections(list);
    assert.deepEqual(stringsFrom(lengths, text), list);
  }
});

test('lengths that disagree with the text make the snapshot unusable, not a wrong dictionary', () => {
  const [lengths, text] = stringSections(['alpha', 'beta']);
  assert.throws(() => stringsFrom(lengths, text.subarray(0, 7)), SnapshotUnusable);
});
