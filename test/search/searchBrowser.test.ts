import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Browser } from 'playwright-core';
import { testApp } from '../helpers/testApp.ts';
import { launchChromium, listenOnLoopback } from '../helpers/browser.ts';
import { forEachBackend } from '../helpers/backends.ts';

forEachBackend((backend) => describe(`search in the browser (${backend})`, () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let server: Awaited<ReturnType<typeof listenOnLoopback>>;
  let browser: Browser;
  let base: string;

  before(async () => {
    t = await testApp({ backend });
    server = await listenOnLoopback(t.app);
    base = server.base;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    t.cleanup();
  });

  test(`the search page shows results as you type, without a page load, and keeps the address in step (${backend})`, async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && errors.push(`${r.status()} ${r.url()}`));
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
    await page.goto(`${base}/search`);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    await page.locator('#search-q').pressSequentially('quantization', { delay: 20 });
    await page.waitForSelector('#results .card mark', { timeout: 5000 });
    assert.match((await page.locator('#results .lede').textContent()) ?? '', /papers found/);
    assert.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 1, 'no navigation happened');
    assert.match(page.url(), /\/search\?q=quantization$/);
    await page.locator('#search-q').fill('zzqxv');
    await page.waitForSelector('#results .empty', { timeout: 5000 });
    assert.deepEqual(errors, [], 'no script errors and nothing blocked by the CSP');
    await page.close();
  });
}));
