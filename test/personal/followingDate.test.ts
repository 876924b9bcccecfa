import assert from 'node:assert/strict';
import { test } from 'node:test';
import { communityApp, makeUser } from '../community/communityHelpers.ts';
import { forEachBackend } from '../helpers/backends.ts';

forEachBackend((backend) => {
  test(`/following?date= takes only real days: 2025-02-30 is a 400, not a rolled-over March day (${backend})`, async () => {
    const t = await communityApp({ backend });
    try {
      const u = await makeUser(t, 'follower');
      for (const date of ['2025-02-30', '2025-02-29', '2025-13-01', '2025-04-31']) {
        const res = await t.app.request(`/following?date=${date}`, { headers: { Cookie: u.cookie } });
        assert.equal(res.status, 400, date);
        assert.match(await res.text(), /real day/);
      }
      assert.equal((await t.app.request('/following?date=2024-02-29', { headers: { Cookie: u.cookie } })).status, 200);
    } finally {
      t.cleanup();
    }
  });
});
