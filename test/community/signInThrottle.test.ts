import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signInRules } from '../../src/community/signInThrottle.ts';
import { anonForm, communityApp, makeUser } from './communityHelpers.ts';
import { forEachBackend } from '../helpers/backends.ts';

type App = Awaited<ReturnType<typeof communityApp>>;

/** Posts the sign-in form from a given client address (the socket's, as @hono/node-server passes it). */
async function signInFrom(t: App, address: string, login: string, password: string, form: { csrf: string; cookie: string }) {
  return t.app.request(
    '/login',
    { method: 'POST', body: new URLSearchParams({ csrf: form.csrf, login, password }), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: form.cookie } },
    { incoming: { socket: { remoteAddress: address } } },
  );
}

/** Replays past sign-in attempts on an account into the shared back-off, as if made at the given times. */
async function history(t: App, accountId: number, attempts: { address: string; at: number }[]) {
  for (const a of attempts) assert.deepEqual(await t.store.limits.claim(signInRules(`id:${accountId}`, a.address), a.at), { ok: true });
}

forEachBackend((backend) => {
  test(`100 concurrent guesses make 5 password checks; the rest are answered 429 with Retry-After unchecked (${backend})`, async () => {
    const t = await communityApp({ backend, demo: false });
    try {
      await makeUser(t, 'carol');
      const f = await anonForm(t.app, '/login');
      const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => signInFrom(t, '10.0.0.1', 'carol', `guess number ${i}`, f)));
      const statuses = answers.map((r) => r.status);
      assert.equal(statuses.filter((s) => s === 401).length, 5, 'only the free attempts reached the password check');
      assert.equal(statuses.filter((s) => s === 429).length, 95);
      const refused = answers.filter((r) => r.status === 429);
      for (const r of refused) assert.ok(Number(r.headers.get('retry-after')) >= 1);
      assert.match(await refused[0]!.text(), /Too many sign-in attempts; try again in \d+ s/);
    } finally {
      t.cleanup();
    }
  });

  test(`guesses from many addresses delay the owner, at a clean address, by at most 30 s (${backend})`, async () => {
    const t = await communityApp({ backend, demo: false });
    try {
      const dave = await makeUser(t, 'dave');
      const now = Date.now();
      // A botnet: 40 wrong guesses for dave, each from its own address, 31 s apart (the account's wait is 30 s at most).
      await history(t, dave.id, Array.from({ length: 40 }, (_, i) => ({ address: `10.66.0.${i}`, at: now - 1000 - (39 - i) * 31_000 })));
      const f = await anonForm(t.app, '/login');
      const res = await signInFrom(t, '192.0.2.10', 'dave', 'correct horse battery', f);
      assert.equal(res.status, 429);
      const wait = Number(res.headers.get('retry-after'));
      assert.ok(wait >= 1 && wait <= 30, `the owner waits ${wait} s, at most 30`);
    } finally {
      t.cleanup();
    }
  });

  test(`once the account wait has passed the owner gets in, while the guessing address keeps growing waits (${backend})`, async () => {
    const t = await communityApp({ backend, demo: false });
    try {
      const erin = await makeUser(t, 'erin');
      const now = Date.now();
      // One address guessed 16 times, 16 minutes apart; its waits doubled past the account's 30 s cap (to 64 s).
      await history(t, erin.id, Array.from({ length: 16 }, (_, i) => ({ address: '10.9.9.9', at: now - 31_000 - (15 - i) * 16 * 60_000 })));
      const f = await anonForm(t.app, '/login');
      const attacker = await signInFrom(t, '10.9.9.9', 'erin', 'correct horse battery', f);
      assert.equal(attacker.status, 429, 'the guessing address waits even with the right password');
      assert.ok(Number(attacker.headers.get('retry-after')) > 30);
      const owner = await signInFrom(t, '192.0.2.20', 'erin', 'correct horse battery', f);
      assert.equal(owner.status, 303, 'the owner, at an address with no failures, is not locked out');
      assert.match(owner.headers.get('set-cookie') ?? '', /pw_session=/);
      assert.equal((await signInFrom(t, '192.0.2.21', 'erin', 'wrong guess here', f)).status, 401, 'the success took its attempt back: no new wait');
    } finally {
      t.cleanup();
    }
  });

  test(`an unknown login is throttled like a real one (the throttle tells nothing about which accounts exist) (${backend})`, async () => {
    const t = await communityApp({ backend, demo: false });
    try {
      await makeUser(t, 'fred');
      const f = await anonForm(t.app, '/login');
      const run = async (login: string, from: string) => {
        const out: number[] = [];
        for (let i = 0; i < 7; i++) out.push((await signInFrom(t, from, login, `guess ${i} here`, f)).status);
        return out;
      };
      assert.deepEqual(await run('fred', '10.1.0.1'), [401, 401, 401, 401, 401, 429, 429]);
      assert.deepEqual(await run('nobody-here', '10.1.0.2'), [401, 401, 401, 401, 401, 429, 429]);
    } finally {
      t.cleanup();
    }
  });

  test(`wrong current passwords on the settings page are counted before the check and slowed down (${backend})`, async () => {
    const t = await communityApp({ backend, demo: false });
    try {
      const gina = await makeUser(t, 'gina');
      const change = async (current: string): Promise<Response> =>
        t.app.request('/settings/password', {
          method: 'POST',
          body: new URLSearchParams({ csrf: gina.csrf, current, password: 'a brand new password' }),
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: gina.cookie },
        });
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => change(`wrong guess ${i}`)));
      assert.equal(answers.filter((r) => r.status === 422).length, 5, 'only five reached the password check');
      const refused = answers.filter((r) => r.status === 429);
      assert.equal(refused.length, 15);
      assert.ok(refused.every((r) => Number(r.headers.get('retry-after')) >= 1));
      assert.match(await refused[0]!.text(), /Too many wrong passwords; try again in \d+ s/);
    } finally {
      t.cleanup();
    }
  });
});
