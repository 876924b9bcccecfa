import assert from 'node:assert/strict';
import { after, before, test, describe } from 'node:test';
import { communityApp, makeUser, postForm, type TestUser } from '../community/communityHelpers.ts';
import { seedPapers } from './personalFixture.ts';
import { forEachBackend } from '../helpers/backends.ts';

forEachBackend((backend) => {
  describe(backend, () => {
    let t: Awaited<ReturnType<typeof communityApp>>;
    let ada: TestUser;
    before(async () => {
      t = await communityApp({ backend,  demo: false, today: '2026-11-23' });
      await seedPapers(t.store);
      ada = await makeUser(t, 'ada');
    });
    after(() => t.cleanup());

    test(`the paper page offers a signed-in reader the save button, showing whether the paper is saved (${backend})`, async () => {
      const page = async (u?: TestUser) => (await t.app.request('/papers/2611.00001', { headers: u ? { Cookie: u.cookie } : {} })).text();
      assert.doesNotMatch(await page(), /action="\/saved\//, 'anonymous readers get no save button');
      assert.match(await page(ada), /action="\/saved\/2611\.00001"[^]*aria-pressed="false">Save</);
      assert.equal((await postForm(t.app, '/saved/2611.00001', { csrf: ada.csrf, save: '1' }, ada.cookie, { Accept: 'application/json' })).status, 200);
      assert.match(await page(ada), /aria-pressed="true">Saved</);
    });
  });
});
