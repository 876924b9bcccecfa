// SQLite-only: the password hash and its upgrade at sign-in; the store only holds the hash (both backends: test/community/accounts.test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/config.ts';
import { hashPassword, needsRehash, verifyPassword } from '../../src/community/secrets.ts';
import { anonForm, communityApp, postForm } from './communityHelpers.ts';

test('new password hashes use scrypt at N=2^17, r=8, p=1 by default', async () => {
  assert.equal(loadConfig({ PAPERWIRE_DATA_DIR: '/nonexistent' }).scryptCost, 17);
  const hash = await hashPassword('a long enough password');
  assert.match(hash, /^scrypt\$131072\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
  assert.equal(await verifyPassword('a long enough password', hash), true);
  assert.equal(needsRehash(hash), false);
  assert.equal(needsRehash(await hashPassword('x', 14)), true, 'a 2^14 hash is below the default');
  assert.throws(() => loadConfig({ PAPERWIRE_DATA_DIR: '/nonexistent', PAPERWIRE_SCRYPT_COST: '12' }), /SCRYPT_COST/);
  // a stored hash asking for absurd work is refused rather than run
  assert.equal(await verifyPassword('x', `scrypt$${2 ** 24}$8$1$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(32).toString('base64url')}`), false);
});

test('a hash from the old 2^14 work factor is upgraded at the next successful sign-in, and only then', async () => {
  const t = await communityApp({ demo: false, env: { PAPERWIRE_SCRYPT_COST: '17' } });
  try {
    const created = await t.store.accounts.create({ username: 'oldhash', email: 'oldhash@example.org', passwordHash: await hashPassword('the old password', 14), verified: true });
    assert.ok(created !== 'taken');
    const hashOf = async () => (await t.store.accounts.byId(created.id))!.passwordHash!;
    const signIn = async (password: string) => {
      const f = await anonForm(t.app, '/login');
      return postForm(t.app, '/login', { csrf: f.csrf, login: 'oldhash', password }, f.cookie);
    };
    assert.equal((await signIn('a wrong password')).status, 401);
    assert.match(await hashOf(), /^scrypt\$16384\$/, 'a failed sign-in changes nothing');
    assert.equal((await signIn('the old password')).status, 303);
    assert.match(await hashOf(), /^scrypt\$131072\$8\$1\$/, 'upgraded to the current work factor');
    assert.ok(t.logs.some((l) => l.includes('password hash upgraded')));
    assert.equal((await signIn('the old password')).status, 303, 'the upgraded hash still takes the same password');
  } finally {
    t.cleanup();
  }
});
