// Tests for the synthetic corpus generator that every paperwire benchmark draws its data from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  corpusLines, ensureCorpus, generatePapers, generateQueries, toKaggleRecord, writeCorpus, TOPICS, ORGANIZATIONS,
  type SynthPaper,
} from '../../bench/synth/index.ts';

const N = 3000;
const papers: SynthPaper[] = [...generatePapers({ count: N, seed: 42 })];
const text = (opts: { count: number; seed: number; start?: string; end?: string }, f: 'jsonl' | 'kaggle') => [...corpusLines(opts, f)].join('\n');
const isWeekend = (d: string) => [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());

test('same seed gives byte-identical output, a different seed different output, in both formats', () => {
  for (const f of ['jsonl', 'kaggle'] as const) {
    const a = text({ count: 400, seed: 7 }, f);
    assert.equal(a, text({ count: 400, seed: 7 }, f));
    assert.notEqual(a, text({ count: 400, seed: 8 }, f));
  }
});

test('generates exactly the requested number of papers', () => {
  for (const count of [0, 1, 37, 1000]) assert.equal([...generatePapers({ count, seed: 1 })].length, count);
  assert.equal(papers.length, N);
  assert.throws(() => generatePapers({ count: -1, seed: 1 }).next(), /count/);
});

test('every jsonl line is a paper with the import fields and types, absent fields left out', () => {
  for (const line of corpusLines({ count: 500, seed: 3 }, 'jsonl')) {
    const p = JSON.parse(line);
    assert.match(p.id, /^\d{4}\.\d{5}$/);
    assert.ok(typeof p.title === 'string' && p.title.length > 5);
    assert.ok(typeof p.abstract === 'string' && p.abstract.length > 300);
    assert.ok(Array.isArray(p.authors) && p.authors.length >= 1 && p.authors.length <= 15);
    assert.ok(p.authors.every((a: unknown) => typeof a === 'string' && a.includes(' ')));
    assert.match(p.published, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(p.categories.length >= 1 && p.categories.every((c: string) => /^[a-z-]+(\.[A-Za-z-]+)?$/.test(c)));
    assert.ok(Number.isInteger(p.topic) && p.topic >= 0 && p.topic < TOPICS.length);
    if ('code_url' in p) assert.match(p.code_url, /^https:\/\/github\.com\/[a-z0-9-]+\/[a-z0-9-]+$/);
    if ('project_url' in p) assert.match(p.project_url, /^https:\/\/[a-z0-9-]+\.github\.io\//);
    if ('organization' in p) assert.deepEqual(Object.keys(p.organization), ['name', 'fullname']);
    if ('upvotes' in p) assert.ok(Number.isInteger(p.upvotes) && p.upvotes >= 1);
    if ('featured' in p) {
      assert.equal(p.featured.length, 1);
      assert.ok(p.featured[0].date > p.published && !isWeekend(p.featured[0].date));
      assert.ok(typeof p.featured[0].submitted_by === 'string' && 'upvotes' in p);
    }
    assert.ok(!Object.values(p).includes(null));
  }
});

test('every kaggle line has the snapshot fields and types', () => {
  const rfc1123 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
  let withCode = 0;
  for (const line of corpusLines({ count: 500, seed: 3 }, 'kaggle')) {
    const r = JSON.parse(line);
    assert.deepEqual(Object.keys(r), ['id', 'submitter', 'authors', 'title', 'comments', 'journal-ref', 'doi', 'report-no',
      'categories', 'license', 'abstract', 'versions', 'update_date', 'authors_parsed', 'topic']);
    for (const k of ['id', 'submitter', 'authors', 'title', 'categories', 'abstract', 'update_date']) assert.equal(typeof r[k], 'string', k);
    for (const k of ['comments', 'journal-ref', 'doi', 'report-no', 'license']) assert.ok(r[k] === null || typeof r[k] === 'string', k);
    assert.match(r.categories, /^\S+( \S+)*$/);
    assert.equal(r.versions[0].version, 'v1');
    assert.ok(r.versions.every((v: { created: string }) => rfc1123.test(v.created)));
    assert.match(r.update_date, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(r.authors_parsed.every((a: string[]) => a.length === 3 && a[0] && a[1] && a[2] === ''));
    assert.equal(r.authors.split(/, | and /).length, r.authors_parsed.length);
    assert.ok(r.abstract.startsWith('  ') && r.abstract.endsWith('\n'));
    if (r.comments?.includes('Code: https://github.com/')) withCode++;
  }
  assert.ok(withCode > 10, `code links in comments: ${withCode}`);
  const p = papers[0];
  const k = toKaggleRecord(p);
  assert.equal(new Date(Date.parse(k.versions[0].created)).toISOString().slice(0, 10), p.published);
  assert.equal(k.authors_parsed.map(([last, first]) => `${first} ${last}`).join('|'), p.authors.join('|'));
});

test('dates fall in the range, weekends are mostly empty, ids are unique and match the month', () => {
  const ids = new Set<string>();
  let weekend = 0;
  let prev = '';
  for (const p of papers) {
    assert.ok(p.published >= '2024-11-01' && p.published <= '2026-10-31', p.published);
    assert.ok(p.published >= prev, 'papers stream in date order');
    prev = p.published;
    if (isWeekend(p.published)) weekend++;
    assert.equal(p.id.slice(0, 4), p.published.slice(2, 4) + p.published.slice(5, 7));
    ids.add(p.id);
  }
  assert.equal(ids.size, N);
  assert.ok(weekend / N < 0.05, `weekend share ${weekend / N}`);
  const custom = [...generatePapers({ count: 200, seed: 1, start: '2025-03-01', end: '2025-03-31' })];
  assert.ok(custom.every((p) => p.published.startsWith('2025-03')));
  assert.throws(() => generatePapers({ count: 5, seed: 1, start: '2025-13-01' }).next(), /bad date/);
});

test('shares of featured, organization and code papers look like the real platform', () => {
  const share = (f: (p: SynthPaper) => boolean) => papers.filter(f).length / N;
  const featured = share((p) => !!p.featured);
  assert.ok(featured >= 0.1 && featured <= 0.2, `featured ${featured}`);
  const org = share((p) => !!p.organization);
  assert.ok(org >= 0.15 && org <= 0.25, `organization ${org}`);
  const code = share((p) => !!p.code_url);
  assert.ok(code >= 0.2 && code <= 0.5, `code ${code}`);
  const votes = papers.flatMap((p) => (p.upvotes ? [p.upvotes] : [])).sort((a, b) => a - b);
  const median = votes[votes.length >> 1];
  assert.ok(votes[votes.length - 1] > 10 * median, 'upvotes are heavy-tailed');
  assert.ok(ORGANIZATIONS.length >= 150 && new Set(ORGANIZATIONS.map((o) => o.name)).size === ORGANIZATIONS.length);
});

test('authors recur within a topic, so following an author means something', () => {
  const counts = new Map<string, number>();
  for (const p of papers) for (const a of p.authors) counts.set(a, (counts.get(a) ?? 0) + 1);
  const top = Math.max(...counts.values());
  assert.ok(top >= 5 && top <= 0.02 * N, `most prolific author has ${top} papers`);
  const byTopic = new Map<number, number>();
  for (const p of papers) byTopic.set(p.topic, (byTopic.get(p.topic) ?? 0) + 1);
  const biggest = [...byTopic].sort((a, b) => b[1] - a[1])[0][0];
  assert.ok((counts.get(TOPICS[biggest].authors[0]) ?? 0) >= 3, 'a topic\'s first core author recurs');
});

test('abstracts are 120–250 words typically, with 5–9 sentences', () => {
  const lengths = papers.map((p) => p.abstract.split(' ').length).sort((a, b) => a - b);
  assert.ok(lengths[0] >= 90 && lengths[lengths.length - 1] <= 320, `${lengths[0]}..${lengths[lengths.length - 1]}`);
  const median = lengths[lengths.length >> 1];
  assert.ok(median >= 120 && median <= 250, `median ${median}`);
  for (const p of papers.slice(0, 300)) {
    const sentences = p.abstract.split(/\.(?= [A-Z])/).length;
    assert.ok(sentences >= 5 && sentences <= 9, `${sentences} sentences`);
  }
});

test('topics cluster: papers of one topic share more key terms than papers of two topics', () => {
  assert.ok(TOPICS.length >= 60 && TOPICS.length <= 100);
  assert.ok(TOPICS.every((t) => t.terms.length >= 10 && t.plain.length >= 1));
  // Key terms: words that are not part of the shared academic voice (in under 5% of papers).
  const words = (p: SynthPaper) => new Set(`${p.title} ${p.abstract}`.toLowerCase().match(/[a-z][a-z-]{3,}/g));
  const df = new Map<string, number>();
  for (const p of papers) for (const w of words(p)) df.set(w, (df.get(w) ?? 0) + 1);
  const bag = (p: SynthPaper) => new Set([...words(p)].filter((w) => df.get(w)! < 0.05 * N));
  const jaccard = (a: Set<string>, b: Set<string>) => {
    let inter = 0;
    for (const w of a) if (b.has(w)) inter++;
    return inter / (a.size + b.size - inter);
  };
  const sample = papers.slice(0, 600).map((p) => ({ t: p.topic, b: bag(p) }));
  let same = 0, sameN = 0, diff = 0, diffN = 0;
  for (let i = 0; i < sample.length; i++) {
    for (let j = i + 1; j < sample.length; j += 7) {
      const s = jaccard(sample[i].b, sample[j].b);
      if (sample[i].t === sample[j].t) { same += s; sameN++; } else { diff += s; diffN++; }
    }
  }
  assert.ok(sameN > 20 && diffN > 100);
  assert.ok(same / sameN > 3 * (diff / diffN), `within ${same / sameN} vs across ${diff / diffN}`);
});

test('query set mixes kinds deterministically and names each target topic', () => {
  const qs = generateQueries(5, 200);
  assert.deepEqual(qs, generateQueries(5, 200));
  assert.notDeepEqual(qs, generateQueries(6, 200));
  assert.equal(qs.length, 200);
  const kinds = new Map<string, number>();
  for (const q of qs) kinds.set(q.kind, (kinds.get(q.kind) ?? 0) + 1);
  assert.deepEqual([...kinds.keys()].sort(), ['filtered', 'phrase', 'semantic', 'word', 'words']);
  for (const q of qs) {
    assert.ok(q.q.trim().length > 0 && q.topic >= 0 && q.topic < TOPICS.length);
    if (q.kind === 'phrase') assert.match(q.q, /^".+ .+"$/);
    if (q.kind === 'word') assert.ok(!q.q.includes(' '));
    if (q.kind === 'filtered') assert.ok(q.filter && q.q.includes(`${q.filter.field}:`));
  }
});

test('writeCorpus streams to a file (gzip too) and ensureCorpus generates only when missing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'synth-'));
  try {
    const file = join(dir, 'c.jsonl');
    const stats = await writeCorpus(file, { count: 300, seed: 9 }, 'jsonl');
    const body = readFileSync(file, 'utf8');
    assert.equal(stats.count, 300);
    assert.equal(stats.bytes, Buffer.byteLength(body));
    assert.equal(body, text({ count: 300, seed: 9 }, 'jsonl') + '\n');
    await writeCorpus(join(dir, 'c.jsonl.gz'), { count: 300, seed: 9 }, 'jsonl');
    assert.equal(gunzipSync(readFileSync(join(dir, 'c.jsonl.gz'))).toString(), body);
    let generated = 0;
    const onGenerate = () => generated++;
    const a = await ensureCorpus(200, 4, 'kaggle', { dir, onGenerate });
    const mtime = statSync(a).mtimeMs;
    const b = await ensureCorpus(200, 4, 'kaggle', { dir, onGenerate });
    assert.equal(a, b);
    assert.equal(generated, 1);
    assert.equal(statSync(b).mtimeMs, mtime);
    assert.equal(readFileSync(a, 'utf8').trimEnd().split('\n').length, 200);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('parallel writing on worker threads gives the same bytes as one thread', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'synth-'));
  try {
    for (const f of ['jsonl', 'kaggle'] as const) {
      const one = await writeCorpus(join(dir, `1.${f}`), { count: 2500, seed: 12 }, f, { workers: 1 });
      const two = await writeCorpus(join(dir, `2.${f}`), { count: 2500, seed: 12 }, f, { workers: 2, chunkPapers: 300 });
      assert.equal(one.workers, 1);
      assert.equal(two.workers, 2);
      assert.equal(two.count, 2500);
      assert.ok(readFileSync(join(dir, `1.${f}`)).equals(readFileSync(join(dir, `2.${f}`))), f);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('speed sanity: 5,000 papers in both formats', () => {
  const t0 = performance.now();
  let bytes = 0;
  for (const line of corpusLines({ count: 5000, seed: 11 }, 'kaggle')) bytes += line.length;
  for (const line of corpusLines({ count: 5000, seed: 11 }, 'jsonl')) bytes += line.length;
  assert.ok(bytes > 5000 * 1000);
  const s = (performance.now() - t0) / 1000;
  console.log(`# synth: 10,000 papers in ${s.toFixed(2)} s (${Math.round(10000 / s)} papers/s)`);
});
