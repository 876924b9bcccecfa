// Regenerates docs/screenshots/: the main pages at 390 px (phone) and 1280 px (desktop), on the demo corpus with
// "today" pinned to 2026-12-05, signed out and (for the personal pages) signed in. Run: npm run screenshots
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { communityApp, makeUser, postForm } from '../test/community/communityHelpers.ts';
import { launchChromium, listenOnLoopback } from '../test/helpers/browser.ts';

const OUT = join(import.meta.dirname, '..', 'docs', 'screenshots');

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const t = await communityApp({ demo: true, today: '2026-12-05' });
  const reader = await makeUser(t, 'reader');
  const kyutai = (await t.store.papers.listByOrganization('kyutai', { limit: 1, offset: 0 })).papers[0]!.id;
  await postForm(t.app, `/saved/${kyutai}`, { csrf: reader.csrf, save: '1' }, reader.cookie);
  await postForm(t.app, '/follows', { csrf: reader.csrf, action: 'follow', kind: 'org', value: 'kyutai' }, reader.cookie);
  const server = await listenOnLoopback(t.app);
  const browser = await launchChromium();
  const shots: [string, string, boolean][] = [
    ['daily', '/', false],
    ['trending', '/papers/trending', false],
    ['month', '/papers/month/2025-12', false],
    ['paper', `/papers/${kyutai}`, false],
    ['search', '/search?q=inference+time', false],
    ['for-you', '/for-you', true],
    ['paper-signed-in', `/papers/${kyutai}`, true],
  ];
  try {
    for (const width of [390, 1280]) {
      for (const signedIn of [false, true]) {
        const ctx = await browser.newContext({ viewport: { width, height: width < 500 ? 844 : 900 }, colorScheme: 'light', isMobile: width < 500 });
        if (signedIn) await ctx.addCookies([{ name: 'pw_session', value: reader.cookie.split('=')[1]!, url: server.base }]);
        const page = await ctx.newPage();
        for (const [name, path, needsUser] of shots.filter((s) => s[2] === signedIn)) {
          await page.goto(server.base + path, { waitUntil: 'load' });
          const file = join(OUT, `${name}-${width}.png`);
          await page.screenshot({ path: file }); // the first screen only: what a visitor sees, and small files
          process.stdout.write(`${file}${needsUser ? ' (signed in)' : ''}\n`);
        }
        await ctx.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
    t.cleanup();
  }
}

await main();
