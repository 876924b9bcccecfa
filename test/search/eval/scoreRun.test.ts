import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatScore, parseEvalSet, scoreRun } from '../../../src/search/eval/scoreRun.ts';

const { queries, qrels } = parseEvalSet(
  'qid\ttype\tquery\nq1\tkeyword\tone\nq2\tsemantic\ttwo\nq3\tsemantic\tthree\n',
  'qid\ttitle\tgrade\nq1\tA\t3\nq1\tB\t1\nq2\tC\t2\nq2\tD\t2\nq3\tE\t3\n',
);

test('a perfect ranking scores 1 and a missing one 0', () => {
  const s = scoreRun(queries, qrels, new Map([['q1', ['A', 'B']], ['q2', ['C', 'D']]]));
  assert.deepEqual(s.perQuery.get('q1'), { ndcg10: 1, mrr10: 1, recall20: 1 });
  assert.deepEqual(s.perQuery.get('q3'), { ndcg10: 0, mrr10: 0, recall20: 0 });
  assert.equal(s.groups.get('semantic')!.n, 2);
  assert.equal(s.groups.get('semantic')!.ndcg10, 0.5);
  assert.ok(Math.abs(s.groups.get('ALL')!.ndcg10 - 2 / 3) < 1e-12);
});

test('graded gains, discount by rank, MRR of the first grade-2 result and recall of grade ≥ 2', () => {
  // q1 ranked B (grade 1) then A (grade 3): dcg = 1/log2(2) + 7/log2(3); ideal = 7 + 1/log2(3)
  const s = scoreRun(queries, qrels, new Map([['q1', ['x', 'B', 'A', 'B']], ['q2', ['C', 'y']]]));
  const q1 = s.perQuery.get('q1')!;
  assert.ok(Math.abs(q1.ndcg10 - (1 / Math.log2(3) + 7 / Math.log2(4)) / (7 + 1 / Math.log2(3))) < 1e-12);
  assert.equal(q1.mrr10, 1 / 3, 'a repeated title counts once; A is third');
  assert.equal(q1.recall20, 1);
  assert.equal(s.perQuery.get('q2')!.recall20, 0.5);
  assert.match(formatScore(s), /^ALL\s+n= 3 nDCG@10=/);
});
