// SQLite-only: every page in a browser at two widths and two themes; pages do not depend on the backend (test/e2e/community.test.ts runs the browser on PostgreSQL too).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { communityApp, makeUser, postForm, type TestUser } from '../community/communityHelpers.ts';
import { launchChromium, listenOnLoopback } from '../helpers/browser.ts';

/**
 * The browser sweep: every page, signed out, signed in and as admin, at 390 px and 1280 px, light and dark, in one
 * Chromium with one context per combination: no horizontal overflow, no console errors, no failed requests, and
 * axe-core without serious or critical findings (run at 1280 px light and 390 px dark, which cover both themes).
 */
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const LONG_CODE = 'https://github.com/usail-hkust/benchmark_inference_time_computation_LLM';

let t: Awaited<ReturnType<typeof communityApp>>;
let server: Awaited<ReturnType<typeof listenOnLoopback>>;
let browser: Browser;
let reader: TestUser;
let admin: TestUser;
let longId = '';
let orgPaper = '';
let collectionId = 0;

before(async () => {
  t = await communityApp({ demo: true, today: '2026-12-05' });
  reader = await makeUser(t, 'reader');
  admin = await makeUser(t, 'boss', 'admin');
  const made = await t.store.papers.upsert({
    title: 'Benchmarking inference-time computation of LLMs with $x\\!\\in\\!\\{4,8\\}$ bits',
    abstract: `We measure 33\\% less latency. Data at https://example.org/a/really/long/path/that/does/not/break/anywhere/${'x'.repeat(80)} and code at ${LONG_CODE}.`,
    authors: ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Edsger Dijkstra'],
    codeUrl: LONG_CODE,
    publishedAt: '2026-12-01',
  });
  longId = made.id;
  await t.store.daily.feature(longId, '2025-12-25', { submittedBy: reader.id });
  orgPaper = (await t.store.papers.listByOrganization('kyutai', { limit: 1, offset: 0 })).papers[0]!.id;
  await postForm(t.app, `/papers/${longId}/comments`, { csrf: reader.csrf, body: `Nice! ![plot](https://example.org/p.png) see ${LONG_CODE}` }, reader.cookie);
  const c = await postForm(t.app, '/collections', { csrf: reader.csrf, name: 'Reading group', public: '1' }, reader.cookie);
  collectionId = Number(/\/collections\/(\d+)/.exec(c.headers.get('location')!)![1]);
  await postForm(t.app, `/collections/${collectionId}/items`, { csrf: reader.csrf, paper_id: longId, note: 'read first' }, reader.cookie);
  await postForm(t.app, `/saved/${orgPaper}`, { csrf: reader.csrf, save: '1' }, reader.cookie);
  await postForm(t.app, '/follows', { csrf: reader.csrf, action: 'follow', kind: 'org', value: 'kyutai' }, reader.cookie);
  server = await listenOnLoopback(t.app);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
  t?.cleanup();
});

const PUBLIC = () => ['/', '/papers/trending', '/papers/date/2025-12-25', '/papers/date/2025-12-24', '/papers/week/2025-W52', '/papers/month/2025-12', `/papers/${longId}`, `/papers/${orgPaper}`, '/orgs/kyutai', '/search', '/search?q=inference+time', '/login', '/signup', '/subscribe', '/users/reader', `/collections/${collectionId}`];
const SIGNED_IN = () => ['/', `/papers/${longId}`, '/search?q=inference+time', '/for-you', '/following?date=2025-10-31', '/collections', `/collections/${collectionId}`, '/follows', '/settings', '/settings/digest', '/submit', '/users/reader'];
const ADMIN = () => ['/admin', '/admin/ingest', '/papers/trending'];

interface Finding {
  where: string;
  what: string;
}

/**
 * Visits each path once in one context and checks it in both themes (switching prefers-color-scheme in place, so
 * each page loads once per width), collecting every problem rather than stopping at the first.
 */
async function sweep(ctx: BrowserContext, label: string, paths: string[], axeIn: ('light' | 'dark')[], findings: Finding[]): Promise<void> {
  const page: Page = await ctx.newPage();
  let current = '';
  page.on('console', (m) => m.type() === 'error' && findings.push({ where: `${label} ${current}`, what: `console error: ${m.text()}` }));
  page.on('pageerror', (e) => findings.push({ where: `${label} ${current}`, what: `script error: ${e.message}` }));
  // a request cut short by the next navigation (net::ERR_ABORTED) is not a failure of the page
  page.on('requestfailed', (r) => r.failure()?.errorText !== 'net::ERR_ABORTED' && findings.push({ where: `${label} ${current}`, what: `request failed: ${r.url()} ${r.failure()?.errorText}` }));
  page.on('response', (r) => r.status() >= 400 && findings.push({ where: `${label} ${current}`, what: `HTTP ${r.status()} for ${r.url()}` }));
  for (const path of paths) {
    current = path;
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(server.base + path, { waitUntil: 'load' });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const where = `${label} ${scheme} ${path}`;
      const width = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: document.documentElement.clientWidth }));
      if (width.scroll > width.view) findings.push({ where, what: `page is ${width.scroll}px wide on a ${width.view}px screen` });
      if (!axeIn.includes(scheme)) continue;
      if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
      const violations = await page.evaluate(async () => {
        const r = await (window as unknown as { axe: { run: (o: unknown) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run({ resultTypes: ['violations'] });
        return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
      });
      for (const v of violations) findings.push({ where, what: `axe: ${v}` });
    }
  }
  await page.close();
}

test('browser sweep: every page, three roles, phone and desktop, light and dark', { timeout: 300_000 }, async () => {
  const findings: Finding[] = [];
  const roles: [string, TestUser | undefined, () => string[]][] = [['signed out', undefined, PUBLIC], ['signed in', reader, SIGNED_IN], ['admin', admin, ADMIN]];
  // the roles run side by side (one context each per width); axe runs at 1280 px light and 390 px dark
  await Promise.all(
    roles.map(async ([role, user, paths]) => {
      for (const width of [390, 1280]) {
        const ctx = await browser.newContext({ viewport: { width, height: width < 500 ? 844 : 900 }, bypassCSP: true, isMobile: width < 500, hasTouch: width < 500 });
        if (user) await ctx.addCookies([{ name: 'pw_session', value: user.cookie.split('=')[1]!, url: server.base }]);
        await sweep(ctx, `[${role} ${width}px]`, paths(), width === 1280 ? ['light'] : ['dark'], findings);
        await ctx.close();
      }
    }),
  );
  assert.deepEqual(findings.map((f) => `${f.where}: ${f.what}`), []);
});

test('issue 22 #1 and #11: no card wider than a phone; the phone header is short; one search box on /search', async () => {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
  await ctx.addCookies([{ name: 'pw_session', value: reader.cookie.split('=')[1]!, url: server.base }]);
  const page = await ctx.newPage();
  for (const path of ['/search?q=inference+time', '/papers/date/2025-12-25', `/papers/${longId}`]) {
    await page.goto(server.base + path);
    const widest = await page.evaluate(() => Math.max(...[...document.querySelectorAll('.card, main, .paper')].map((e) => e.getBoundingClientRect().right)));
    assert.ok(widest <= 390, `${path}: content reaches ${widest}px on a 390px screen`);
  }
  const header = await page.evaluate(() => document.querySelector('header.site')!.getBoundingClientRect().height);
  assert.ok(header <= 130, `the phone header takes ${header}px of 844`);
  await page.goto(server.base + '/search?q=inference');
  assert.equal(await page.locator('input[type=search]').count(), 1, 'one search box on the search page');
  const look = await page.evaluate(() => {
    const b = document.querySelector('.search-page button[type=submit]')!;
    const s = getComputedStyle(b);
    return { bg: s.backgroundColor, radius: s.borderTopLeftRadius };
  });
  assert.notEqual(look.bg, 'rgb(239, 239, 239)', 'the Search button is styled, not the native grey');
  assert.notEqual(look.radius, '0px');
  await ctx.close();
});

test('the theme toggle is remembered across pages', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
  const page = await ctx.newPage();
  await page.goto(server.base + '/');
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const light = await bg();
  await page.click('[data-theme-toggle]');
  const dark = await bg();
  assert.notEqual(dark, light);
  await page.goto(server.base + '/papers/trending');
  assert.equal(await bg(), dark, 'the choice survives navigation');
  await ctx.close();
});
