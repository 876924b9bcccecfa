import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { forEachBackend } from '../helpers/backends.ts';
import { testApp } from '../helpers/testApp.ts';

/** Queries sent; the test stops early only if the time bound is hit (and then fails, so the bound is visible). */
const QUERIES = 10_000;
const TIME_BOUND_MS = 120_000;

function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  'transformer', 'quantization', 'KD', 'MoE', 'LLMs', 'pre-training', 'optimisation', '"', '"exact phrase"', '-', '-vision', '(', ')', '*', 'NEAR', 'OR', 'AND', 'NOT',
  '^', ':', 'title:', 'author:', 'org:', 'cat:', 'year:', 'date:', 'after:', 'before:', 'has:', 'sort:', 'title:"', 'year:2024', 'year:20', 'year:2020..2023',
  'date:2024-01..2024-06', 'date:..', 'after:2024-02-30', 'before:9999', 'has:code', 'has:nothing', 'sort:upvotes', 'sort:??', 'cat:cs.CL', 'org:google', '%', '%zz',
  '%E0%A4%A', '%00', '\u0000', '🤖', '👩‍🔬', '北京大学', 'naïve', 'ﬁ', '\u202e', '\ud800', '<script>', '&amp;', "'", '\\', '{', '}', '[', ']', '..', '...', '—', '‐',
  'a'.repeat(300), '1e309', '-0', 'NaN', 'undefined', 'null', '__proto__', 'constructor', '$', '#', '?', '&q=', '+', ' ', '\t', '\n',
];

function randomQuery(r: () => number): string {
  const n = 1 + Math.floor(r() * 8);
  let q = '';
  for (let i = 0; i < n; i++) {
    const roll = r();
    if (roll < 0.7) q += PIECES[Math.floor(r() * PIECES.length)]!;
    else if (roll < 0.9) q += String.fromCodePoint(Math.floor(r() * 0x2ffff));
    else q += String.fromCharCode(Math.floor(r() * 128));
    if (r() < 0.6) q += ' ';
  }
  return r() < 0.02 ? q.repeat(2000).slice(0, 10_000) : q;
}

/** Percent-encodes most of the time, and sometimes sends the raw text (broken escapes included). */
function encode(q: string, r: () => number): string {
  if (r() < 0.7) {
    try {
      return encodeURIComponent(q);
    } catch {
      return q.replace(/[\s#&]/g, '+');
    }
  }
  return q.replace(/[\s#&]/g, '+');
}

forEachBackend((backend) => describe(`search fuzz (${backend})`, () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  before(async () => {
    t = await testApp({ backend, env: { PAPERWIRE_API_RATE_LIMIT: '1000000' } });
  });
  after(() => t.cleanup());

  test(`${QUERIES} random queries through the API and the search page: never a 500 (${backend})`, async () => {
    const r = rng(20261123);
    const started = Date.now();
    const statuses = new Map<number, number>();
    let sent = 0;
    for (; sent < QUERIES && Date.now() - started < TIME_BOUND_MS; sent++) {
      const q = encode(randomQuery(r), r);
      const extra = r() < 0.2 ? `&mode=${['hybrid', 'lexical', 'semantic', 'x'][Math.floor(r() * 4)]}&sort=${['date', 'upvotes', 'relevance', '%'][Math.floor(r() * 4)]}&limit=${Math.floor(r() * 200) - 10}` : '';
      const url = r() < 0.5 ? `/api/papers/search?q=${q}${extra}` : `/search?q=${q}${r() < 0.3 ? '&partial=1' : ''}${r() < 0.1 ? '&from=%&to=2024-02&p=-1' : ''}`;
      let status: number;
      try {
        const res = await t.app.request(url);
        status = res.status;
        await res.arrayBuffer();
      } catch (err) {
        assert.fail(`the request for ${JSON.stringify(url)} threw: ${err}`);
      }
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      assert.ok(status === 200 || status === 400, `${JSON.stringify(url)} answered ${status}`);
    }
    assert.equal(sent, QUERIES, `only ${sent} queries ran within ${TIME_BOUND_MS} ms`);
    assert.ok((statuses.get(200) ?? 0) > QUERIES / 4, `most queries give results pages: ${JSON.stringify([...statuses])}`);
    assert.equal(t.logs.filter((l) => l.includes('request failed')).length, 0);
  });
}));
