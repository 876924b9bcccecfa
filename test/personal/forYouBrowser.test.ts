// SQLite-only: For you in a browser; the ranking runs on both backends in test/personal/.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type Browser } from 'playwright-core';
import { signUp } from '../../src/community/accounts.ts';
import { communityApp } from '../community/communityHelpers.ts';
import { seedPapers } from './personalFixture.ts';
import { launchChromium, listenOnLoopback } from '../helpers/browser.ts';

let t: Awaited<ReturnType<typeof communityApp>>;
let server: Awaited<ReturnType<typeof listenOnLoopback>>;
let browser: Browser;
let base = '';

before(async () => {
  t = await communityApp({ demo: false, today: '2026-11-23' });
  await seedPapers(t.store);
  for (const id of ['2611.00003', '2611.00004', '2611.00005']) await t.store.daily.feature(id, '2026-11-20');
  await signUp(t.cd, { username: 'reader', email: 'reader@example.org', password: 'a very good password' }, { verified: true, skipMail: true });
  server = await listenOnLoopback(t.app);
  base = server.base;
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
  t?.cleanup();
});

test('in Chromium: sign in, save a paper without reload, find it in a collection, and see For you', async () => {
  const page = await browser.newPage();
  await page.goto(`${base}/login?next=/for-you`);
  await page.fill('#login', 'reader');
  await page.fill('#password', 'a very good password');
  await Promise.all([page.waitForURL(/\/for-you$/), page.click('form.stack button[type="submit"]')]);
  await page.getByRole('link', { name: 'For you' }).first().waitFor();
  const card = page.locator('.personal[data-paper="2611.00002"]');
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
  await card.getByRole('button', { name: 'Save' }).click();
  await card.getByRole('button', { name: 'Saved' }).waitFor();
  assert.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 42, 'saved without a page reload');
  await page.goto(`${base}/collections`);
  await page.getByRole('link', { name: 'Saved' }).click();
  await page.getByText('Equivariant message passing for molecules and proteins').waitFor();
  await page.goto(`${base}/for-you`);
  const reason = await page.locator('.personal .reason').first().textContent();
  assert.match(reason ?? '', /because you saved “Equivariant message passing/);
  await page.close();
});

test('in Chromium: on the daily list, save, mark read and hide cards in place, and the marks persist', async () => {
  const page = await browser.newPage();
  await page.goto(`${base}/login?next=/papers/date/2026-11-20`);
  await page.fill('#login', 'reader');
  await page.fill('#password', 'a very good password');
  await Promise.all([page.waitForURL(/\/papers\/date\/2026-11-20$/), page.click('form.stack button[type="submit"]')]);
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 7));
  const card = (id: string) => page.locator(`article.card[data-paper="${id}"]`);
  await card('2611.00004').getByRole('button', { name: 'Save' }).click();
  await card('2611.00004').getByRole('button', { name: 'Saved' }).waitFor();
  await card('2611.00005').getByRole('button', { name: 'Mark read' }).click();
  await card('2611.00005').getByRole('button', { name: 'Mark unread' }).waitFor();
  assert.match((await card('2611.00005').getAttribute('class')) ?? '', /\bread\b/);
  await card('2611.00003').getByRole('button', { name: 'Hide' }).click();
  await card('2611.00003').waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 7, 'all without a page reload');
  await page.reload();
  await card('2611.00004').getByRole('button', { name: 'Saved' }).waitFor();
  assert.equal(await card('2611.00003').count(), 0, 'hidden stays hidden');
  await page.getByText('1 paper you hid is not shown').waitFor();
  await page.close();
});
