import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { type Browser, type Page } from 'playwright-core';
import { createServer } from 'node:http';
import { openSession, signUp } from '../../src/community/accounts.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { createMailer } from '../../src/mail/mailer.ts';
import { linkIn, outbox } from '../community/communityHelpers.ts';
import { testApp } from '../helpers/testApp.ts';
import { launchChromium, listenOnLoopback } from '../helpers/browser.ts';
import { forEachBackend } from '../helpers/backends.ts';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const TODAY = '2026-11-23';

forEachBackend((backend) => describe(`community in the browser (${backend})`, () => {
  let browser: Browser;
  let base: string;
  let t: Awaited<ReturnType<typeof testApp>>;
  let server: Awaited<ReturnType<typeof listenOnLoopback>>;

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await testApp({ backend, demo: false, today: TODAY });
    for (const [n, title] of [[1, 'Sparse mixtures of experts for long documents'], [2, 'Retrieval that reads the whole library']] as const)
      await t.store.papers.upsert({ arxivId: `2611.0000${n}`, title, authors: ['Ada Lovelace', 'Alan Turing'], abstract: 'We show a thing about another thing, at length.', publishedAt: '2026-11-20' });
    server = await listenOnLoopback(t.app);
    base = server.base;
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server.close();
    t.cleanup();
  });

  /** Runs axe-core in the page and fails on serious or critical violations. */
  async function assertAccessible(page: Page, name: string) {
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document, { resultTypes: ['violations'] });
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
    assert.deepEqual(violations, [], `${name} has serious accessibility violations`);
  }

  const VIEWPORTS = [
    { name: 'desktop', options: { viewport: { width: 1280, height: 900 } }, user: 'ada_desktop', paper: '2611.00001' },
    { name: 'phone', options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }, user: 'bob_phone', paper: '2611.00002' },
  ];

  // PostgreSQL runs one representative viewport (suite time); the other only changes what the browser does.
  for (const vp of backend === 'sqlite' ? VIEWPORTS : VIEWPORTS.slice(0, 1)) {
    test(`${vp.name}: sign up, verify by mail, submit, upvote without reload, comment, see it on the daily page (${backend})`, async () => {
      const context = await browser.newContext({ ...vp.options, bypassCSP: true });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const shot = (step: string) => page.screenshot({ path: `${ARTIFACTS}community-${vp.name}-${step}.png`, fullPage: true });
      try {
        await page.goto(`${base}/signup`);
        await assertAccessible(page, 'sign-up page');
        await page.fill('#username', vp.user);
        await page.fill('#email', `${vp.user}@example.org`);
        await page.fill('#password', 'a very good password');
        await shot('1-signup');
        await page.click('button[type=submit]:has-text("Create account")');
        await page.waitForSelector('text=Check your inbox');

        const mails = await outbox(t.dir, vp.name === 'desktop' ? 1 : 2);
        const mail = mails.find((m) => m.includes(`${vp.user}@example.org`))!;
        const link = new URL(linkIn(mail, '/verify?token=')!);
        await page.goto(`${base}${link.pathname}${link.search}`);
        await assertAccessible(page, 'verification page');
        await page.click('button:has-text("Confirm my email address")');
        await page.waitForSelector('text=Your email address is confirmed');
        assert.ok(!(await context.cookies()).some((c) => c.name === 'pw_session'), 'confirming opens no session');
        await page.goto(`${base}/login?next=/settings`);
        await page.fill('#login', vp.user);
        await page.fill('#password', 'a very good password');
        await page.click('button[type=submit]:has-text("Sign in")');
        await page.waitForSelector(`text=Signed in as @${vp.user}`);
        await assertAccessible(page, 'settings page');
        await shot('2-verified');

        await page.click('a:has-text("Submit a paper")');
        await assertAccessible(page, 'submit page');
        await page.fill('#ref', `https://arxiv.org/abs/${vp.paper}`);
        await page.fill('#comment', 'Worth reading: **clear** ablations.');
        await shot('3-submit');
        await page.click('button:has-text("Submit to today")');
        await page.waitForSelector("text=The paper is on today's list");

        await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
        const vote = page.locator('form.vote button');
        assert.equal(await vote.getAttribute('aria-pressed'), 'false');
        await vote.click();
        await page.waitForSelector('form.vote button[aria-pressed="true"]');
        assert.equal(await page.locator('form.vote .n').textContent(), '1');
        assert.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 42, 'no reload');
        assert.equal((await t.store.papers.get(vp.paper))!.upvotes, 1);

        await page.fill('#new-comment', 'My own note, with a [link](https://example.org).');
        await page.click('button:has-text("Comment")');
        await page.waitForSelector('text=My own note');
        assert.equal(await page.locator('.md a[href="https://example.org"]').getAttribute('rel'), 'nofollow ugc noopener');
        await assertAccessible(page, 'paper page (signed in)');
        await shot('4-paper');

        await page.goto(`${base}/papers/date/${TODAY}`);
        const card = page.locator(`article[data-paper="${vp.paper}"]`);
        await card.waitFor();
        assert.equal(await card.locator('.n').textContent(), '1');
        assert.match((await card.locator('.comments').textContent())!, /2 comments/);
        assert.equal(await card.locator('button.votes').getAttribute('aria-pressed'), 'true');
        await assertAccessible(page, 'daily page (signed in)');
        await shot('5-daily');

        // toggling back works on the list too, still without a reload
        await card.locator('button.votes').click();
        await page.waitForSelector(`article[data-paper="${vp.paper}"] button.votes[aria-pressed="false"]`);
        assert.equal((await t.store.papers.get(vp.paper))!.upvotes, 0);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  }

  // Accessibility is the same markup on either backend: checked once, on SQLite.
  if (backend === 'sqlite') test('anonymous main pages pass axe on desktop and phone', async () => {
    // PostgreSQL runs one representative viewport (suite time); the other only changes what the browser does.
  for (const vp of backend === 'sqlite' ? VIEWPORTS : VIEWPORTS.slice(0, 1)) {
      const context = await browser.newContext({ ...vp.options, bypassCSP: true });
      const page = await context.newPage();
      try {
        for (const path of ['/', `/papers/date/${TODAY}`, '/papers/2611.00001', '/login', '/users/ada_desktop']) {
          await page.goto(`${base}${path}`);
          await assertAccessible(page, `${path} (${vp.name}, anonymous)`);
        }
        await page.screenshot({ path: `${ARTIFACTS}community-${vp.name}-anonymous-profile.png`, fullPage: true });
      } finally {
        await context.close();
      }
    }
  });

  test(`in the browser: a forged cross-origin upvote is refused, and script payloads in comments never run (${backend})`, async () => {
    const log = createLogger('silent');
    const cd = { store: t.store, config: t.config, log, mailer: createMailer(t.config, log), today: () => TODAY };
    const victim = (await signUp(cd, { username: 'victim', email: 'victim@example.org', password: 'a very good password' }, { verified: true, skipMail: true }))!;
    const token = await openSession(cd, victim.id);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addCookies([{ name: 'pw_session', value: token, url: base, httpOnly: true, sameSite: 'Lax' }]);
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => (dialogs.push(d.message()), d.dismiss()));
    const evil = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(`<form id="f" method="post" action="${base}/papers/2611.00001/upvote"><input name="up" value="1"></form><script>document.getElementById('f').submit()</script>`);
    });
    await new Promise<void>((r) => evil.listen(0, '127.0.0.1', () => r()));
    try {
      const before = (await t.store.papers.get('2611.00001'))!.upvotes;
      const response = page.waitForResponse((r) => r.url().endsWith('/papers/2611.00001/upvote'));
      await page.goto(`http://127.0.0.1:${(evil.address() as AddressInfo).port}/`);
      assert.equal((await response).status(), 403);
      assert.equal((await t.store.papers.get('2611.00001'))!.upvotes, before, 'the forged vote did not count');

      await page.goto(`${base}/papers/2611.00001`);
      await page.fill('#new-comment', '<script>alert("s")</script> <img src=x onerror=alert("i")> [x](javascript:alert("j"))');
      await page.click('button:has-text("Comment")');
      await page.waitForSelector('text=<script>alert("s")</script>');
      await page.click('.md >> text=x').catch(() => undefined);
      await page.waitForTimeout(200);
      assert.deepEqual(dialogs, []);
      await page.screenshot({ path: `${ARTIFACTS}community-xss-inert.png`, fullPage: true });
    } finally {
      await context.close();
      await new Promise<void>((r) => evil.close(() => r()));
    }
  });
}));
