import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testApp } from '../helpers/testApp.ts';
import { forEachBackend } from '../helpers/backends.ts';

forEachBackend((backend) => {
  // Failures the fuzz suite found, each pinned by the request that showed it.

  test(`static assets named after Object.prototype members are a 404, not a 500 (${backend})`, async () => {
    const t = await testApp({ backend,  demo: false });
    try {
      for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
        const res = await t.app.request(`/static/${name}`);
        assert.equal(res.status, 404, name);
      }
    } finally {
      t.cleanup();
    }
  });
});
