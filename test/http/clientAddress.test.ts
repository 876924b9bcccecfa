// SQLite-only: reading the client address through trusted proxies; no storage behaviour.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addressBucket, normalizeAddress, parseAddressRange } from '../../src/config/addressRanges.ts';
import { ConfigError, loadConfig } from '../../src/config/config.ts';
import { resolveClientAddress } from '../../src/http/clientAddress.ts';
import { testApp } from '../helpers/testApp.ts';

const ranges = (...r: string[]) => r.map((x) => parseAddressRange(x)!);

test('addresses from sockets and proxy headers come out in one canonical form', () => {
  assert.equal(normalizeAddress('::ffff:127.0.0.1'), '127.0.0.1');
  assert.equal(normalizeAddress('203.0.113.9:51000'), '203.0.113.9');
  assert.equal(normalizeAddress('"[2001:DB8::1]:4711"'), '2001:db8:0:0:0:0:0:1');
  assert.equal(normalizeAddress('fe80::1%eth0'), 'fe80:0:0:0:0:0:0:1');
  assert.equal(normalizeAddress('::ffff:c000:0280'), '192.0.2.128');
  for (const bad of ['unknown', '_hidden', '', '1.2.3', '999.1.1.1', 'evil.example', '1.2.3.4, 5.6.7.8']) assert.equal(normalizeAddress(bad), undefined, bad);
  assert.equal(addressBucket('2001:db8:1:2:3:4:5:6'), '2001:db8:1:2::/64', 'IPv6 clients are counted by their /64');
  assert.equal(addressBucket('192.0.2.1'), '192.0.2.1');
});

test('PAPERWIRE_TRUSTED_PROXIES takes IPv4 and IPv6 addresses and CIDR ranges, and refuses anything else by name', () => {
  assert.deepEqual(loadConfig({ PAPERWIRE_TRUSTED_PROXIES: ' 10.0.0.0/8, 127.0.0.1 ,::1,2001:db8::/32' }).trustedProxies, ['10.0.0.0/8', '127.0.0.1', '::1', '2001:db8::/32']);
  assert.deepEqual(loadConfig({}).trustedProxies, []);
  for (const bad of ['10.0.0.0/33', 'proxy.example', '10.0.0.1/8/1', '::1/129', '10.0.0.0/']) {
    assert.throws(() => loadConfig({ PAPERWIRE_TRUSTED_PROXIES: `127.0.0.1,${bad}` }), (e: unknown) => e instanceof ConfigError && /PAPERWIRE_TRUSTED_PROXIES/.test(e.message), bad);
  }
});

test('the rightmost untrusted hop is the client; headers from untrusted peers are never believed', () => {
  const trusted = ranges('10.0.0.0/8', '2001:db8:ffff::/48');
  const r = (peer: string, xff?: string, fwd?: string) => resolveClientAddress(peer, { xForwardedFor: xff, forwarded: fwd }, trusted);
  assert.equal(r('203.0.113.5', '198.51.100.1'), '203.0.113.5', 'a client cannot name itself');
  assert.equal(r('::ffff:203.0.113.5', '198.51.100.1'), '203.0.113.5');
  assert.equal(r('10.0.0.2', '198.51.100.7'), '198.51.100.7');
  assert.equal(r('10.0.0.2', '1.1.1.1, 198.51.100.7'), '198.51.100.7', 'what the client wrote before the proxy appended is ignored');
  assert.equal(r('10.0.0.2', '1.1.1.1, 198.51.100.7, 10.0.0.9'), '198.51.100.7', 'through two trusted proxies');
  assert.equal(r('10.0.0.2', '10.0.0.8, 10.0.0.9'), '10.0.0.8', 'all trusted: the leftmost');
  assert.equal(r('10.0.0.2', 'unknown'), '10.0.0.2', 'garbage from a trusted proxy stops at that proxy');
  assert.equal(r('10.0.0.2'), '10.0.0.2');
  assert.equal(r('2001:db8:ffff::1', undefined, 'for=192.0.2.60;proto=https, for="[2001:db8:cafe::17]:4711"'), '2001:db8:cafe:0:0:0:0:17');
  assert.equal(r('10.0.0.2', undefined, 'for=1.1.1.1, for=198.51.100.7;by=10.0.0.2'), '198.51.100.7');
  assert.equal(r('10.0.0.2', '198.51.100.7', 'for=198.51.100.7'), '198.51.100.7', 'both headers agree');
  assert.equal(r('10.0.0.2', '198.51.100.7', 'for=6.6.6.6'), '10.0.0.2', 'they disagree: one was written by the client, believe neither');
});

test('through a trusted proxy the API limit keys on the forwarded client; from anyone else the header changes nothing', async () => {
  const t = await testApp({ demo: false, env: { PAPERWIRE_API_RATE_LIMIT: '3', PAPERWIRE_TRUSTED_PROXIES: '10.0.0.1' } });
  try {
    const get = (peer: string, xff?: string) =>
      t.app.request('/api/daily_papers', { headers: xff ? { 'X-Forwarded-For': xff } : {} }, { incoming: { socket: { remoteAddress: peer } } });
    for (let i = 0; i < 3; i++) assert.equal((await get('10.0.0.1', '198.51.100.1')).status, 200);
    assert.equal((await get('10.0.0.1', '198.51.100.1')).status, 429, 'the forwarded client used its budget');
    assert.equal((await get('10.0.0.1', '198.51.100.2')).status, 200, 'another client behind the same proxy has its own');
    for (let i = 0; i < 3; i++) assert.equal((await get('203.0.113.9', `192.0.2.${i}`)).status, 200);
    const spoofed = await get('203.0.113.9', '192.0.2.99');
    assert.equal(spoofed.status, 429, 'an untrusted peer rotating X-Forwarded-For is still one client');
    assert.ok(Number(spoofed.headers.get('retry-after')) > 0);
  } finally {
    t.cleanup();
  }
});
