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
