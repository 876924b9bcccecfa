// SQLite-only: citation text of a paper page; the store is incidental.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { testApp } from '../helpers/testApp.ts';

let t: Awaited<ReturnType<typeof testApp>>;
let id = '';

before(async () => {
  t = await testApp({ demo: false, today: '2026-12-05' });
  const made = await t.store.papers.upsert({ title: 'Streaming speech with moshi', abstract: 'A speech model.', authorCount: 3, organization: { name: 'kyutai', fullname: 'Kyutai' }, codeUrl: 'https://github.com/kyutai-labs/moshi', publishedAt: '2025-12-20' });
  id = made.id;
  await t.store.daily.feature(id, '2025-12-25');
});
after(() => t?.cleanup());

test('issue 22 #6: BibTeX invents no author from the organization and cites the paper page, not the code', async () => {
  const res = await t.app.request(`/papers/${id}.bib`);
  assert.equal(res.status, 200);
  const bib = await res.text();
  assert.doesNotMatch(bib, /author\s*=/, 'no author names are known, so there is no author field');
  assert.doesNotMatch(bib, /github\.com/, 'the code repository is not the paper');
  assert.match(bib, new RegExp(`url\\s*= \\{${t.config.baseUrl.replace(/[.:/]/g, '\\$&')}/papers/${id}\\}`));
  const page = await (await t.app.request(`/papers/${id}`)).text();
  assert.doesNotMatch(page, /author\s*= \{\{Kyutai\}\}/);
});

test('issue 22 #7: submittedOnDailyAt is the featured day, not the import time', async () => {
  const res = await t.app.request('/api/daily_papers?date=2025-12-25');
  assert.equal(res.status, 200);
  const [item] = (await res.json()) as { paper: { submittedOnDailyAt: string } }[];
  assert.ok(item);
  assert.equal(item.paper.submittedOnDailyAt.slice(0, 10), '2025-12-25');
  const paper = (await (await t.app.request(`/api/daily_papers?date=2025-12-25`)).json()) as { submittedOnDailyAt?: string }[];
  for (const p of paper) if (p.submittedOnDailyAt) assert.equal(p.submittedOnDailyAt.slice(0, 10), '2025-12-25');
});
