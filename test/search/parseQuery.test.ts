import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dateRange, parseQuery } from '../../src/search/query/parseQuery.ts';

test('words, phrases, exclusions and field filters are told apart', () => {
  const q = parseQuery('distillation "mixture of experts" -vision -"image classification" title:quant author:"Yann LeCun" org:google cat:cs.CL has:code sort:date');
  assert.deepEqual(q.words, ['distillation']);
  assert.deepEqual(q.phrases, ['mixture of experts']);
  assert.deepEqual(q.excluded, ['vision', 'image classification']);
  assert.deepEqual(q.title, ['quant']);
  assert.deepEqual(q.author, ['Yann LeCun']);
  assert.deepEqual(q.org, ['google']);
  assert.deepEqual(q.cat, ['cs.CL']);
  assert.equal(q.hasCode, true);
  assert.equal(q.sort, 'date');
  assert.deepEqual(q.problems, []);
});

test('dates: years, months, days, ranges, after and before narrow each other', () => {
  assert.deepEqual(dateRange('2024'), { from: '2024-01-01', to: '2024-12-31' });
  assert.deepEqual(dateRange('2024-02'), { from: '2024-02-01', to: '2024-02-29' });
  assert.deepEqual(dateRange('2024-01..2024-06'), { from: '2024-01-01', to: '2024-06-30' });
  assert.deepEqual(dateRange('..2023'), { from: undefined, to: '2023-12-31' });
  assert.equal(dateRange('2023-02-30'), undefined);
  assert.equal(dateRange('..'), undefined);
  const q = parseQuery('year:2020..2023 after:2021-06 before:2022');
  assert.equal(q.from, '2021-06-01');
  assert.equal(q.to, '2022-12-31');
});

test('bad filter values are reported and ignored, not fatal', () => {
  const q = parseQuery('transformers year:20 before:2024-13 has:slides sort:sideways');
  assert.deepEqual(q.words, ['transformers']);
  assert.equal(q.problems.length, 4);
  assert.match(q.problems[0]!, /year:20 is not a year/);
  assert.equal(q.from, undefined);
});

test('hostile input parses: unbalanced quotes, operators, unknown fields, control characters', () => {
  assert.deepEqual(parseQuery('unbalanced "quote here').phrases, ['quote here']);
  assert.deepEqual(parseQuery('a OR b AND c NOT d').words, ['a', 'b', 'c']);
  assert.deepEqual(parseQuery('a OR b AND c NOT d').excluded, ['d']);
  assert.deepEqual(parseQuery('arXiv:2401.01234 foo:bar').words, ['arXiv:2401.01234', 'foo:bar']);
  assert.deepEqual(parseQuery('x\u0000y\u0007z').words, ['x', 'y', 'z']);
  assert.deepEqual(parseQuery('"""').words, []);
  const long = parseQuery('word '.repeat(2000));
  assert.ok(long.words.length <= 200, 'only the first 1000 characters are parsed');
});
