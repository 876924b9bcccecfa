import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listTrending, rankTrending, trendingScore } from '../../src/feed/trending.ts';
import type { DailyEntry, Paper } from '../../src/model/paper.ts';
import { testStore } from '../helpers/testApp.ts';
import { forEachBackend } from '../helpers/backends.ts';

forEachBackend((backend) => {
  test(`trending score follows (upvotes + 1) / (age + 2)^1.5 (${backend})`, () => {
    assert.equal(trendingScore(0, 0), 1 / Math.pow(2, 1.5));
    assert.equal(trendingScore(7, 2), 8 / 8);
    assert.ok(trendingScore(10, 1) > trendingScore(10, 2), 'older papers fall');
    assert.ok(trendingScore(11, 3) > trendingScore(10, 3), 'more votes rise');
    assert.ok(trendingScore(0, 0) > trendingScore(3, 10), 'a fresh paper beats a small old one');
    assert.ok(trendingScore(100, 10) > trendingScore(0, 0), 'a popular older paper beats a fresh one without votes');
    assert.equal(trendingScore(-5, -1), trendingScore(0, 0), 'bad inputs are clamped');
  });

  const entry = (id: string, upvotes: number, date: string): DailyEntry => ({
    date,
    position: 0,
    submittedAt: date,
    paper: { id, title: id, upvotes, authors: [], categories: [], aiKeywords: [], numComments: 0, createdAt: '', updatedAt: '' } as Paper,
  });

  test(`rankTrending keeps each paper once, at its newest feature (${backend})`, () => {
    const ranked = rankTrending([entry('a', 5, '2025-12-01'), entry('a', 5, '2025-12-24'), entry('b', 50, '2025-12-10'), entry('c', 0, '2025-12-25')], '2025-12-25');
    assert.deepEqual(ranked.map((e) => e.paper.id), ['a', 'b', 'c']);
    assert.equal(ranked[0]!.date, '2025-12-24');
  });

  test(`listTrending ends its window at the newest featured day when nothing is newer (${backend})`, async () => {
    const { store, cleanup } = await testStore({ backend,  demo: true });
    try {
      const res = await listTrending(store, { days: 30, limit: 5, offset: 0, today: '2026-11-23' });
      assert.equal(res.asOf, '2025-12-25');
      assert.equal(res.entries.length, 5);
      const scores = res.entries.map((e) => trendingScore(e.paper.upvotes, (Date.parse('2025-12-25') - Date.parse(e.date)) / 86400000));
      assert.deepEqual(scores, [...scores].sort((x, y) => y - x));
      const early = await listTrending(store, { days: 30, limit: 5, offset: 0, today: '2025-03-12' });
      assert.equal(early.asOf, '2025-03-12');
      assert.ok(early.entries.every((e) => e.date <= '2025-03-12'));
    } finally {
      cleanup();
    }
  });
});
