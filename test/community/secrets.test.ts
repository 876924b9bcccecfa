import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DUMMY_HASH, dummyHash, hashPassword, hmac, sameSecret, sha256, verifyPassword } from '../../src/community/secrets.ts';

test('scrypt hashes: salted, verifiable, NFKC-normalized; the dummy hash runs the same scrypt work and never matches', async () => {
  // at the lowest allowed cost for speed; the default work factor is tested in passwordHashing.test.ts
  const a = await hashPassword('pässword one', 14);
  const b = await hashPassword('pässword one', 14);
  assert.notEqual(a, b, 'a fresh salt each time');
  assert.match(a, /^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
  assert.equal(await verifyPassword('pässword one', a), true);
  assert.equal(await verifyPassword('pa\u0308ssword one', a), true, 'composed and decomposed forms are the same password');
  assert.equal(await verifyPassword('password one', a), false);
  assert.equal(await verifyPassword('anything', 'garbage'), false);
  assert.equal(DUMMY_HASH.split('$').length, 6, 'well formed, so unknown users cost a real scrypt run');
  assert.match(DUMMY_HASH, /^scrypt\$131072\$8\$1\$/, 'the dummy costs what a real default hash costs');
  for (const guess of ['', 'password', 'x'.repeat(200)]) assert.equal(await verifyPassword(guess, dummyHash(14)), false);
});

test('token helpers: hashes are one-way and stable, HMACs keyed, comparisons exact', () => {
  assert.equal(sha256('abc'), sha256('abc'));
  assert.notEqual(sha256('abc'), 'abc');
  assert.notEqual(hmac('k1', 'x'), hmac('k2', 'x'));
  assert.equal(sameSecret('same', 'same'), true);
  assert.equal(sameSecret('same', 'sane'), false);
  assert.equal(sameSecret('same', 'same!'), false);
});
