import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { test } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import { safeNext, sameOriginPath } from '../../src/http/safeNext.ts';
import { anonForm, communityApp, makeUser, postForm } from '../community/communityHelpers.ts';
import { forEachBackend } from '../helpers/backends.ts';

/** Where a browser goes for a Location header: it drops tabs and newlines first, then resolves against the page. */
const browserTarget = (location: string) => new URL(location.replace(/[\t\n\r]/g, ''), 'http://localhost:8080/login');

async function listen(app: { fetch: (req: Request) => Response | Promise<Response> }): Promise<{ port: number; server: ServerType }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve({ port: info.port, server }));
  });
}

/** Sends raw bytes over a real socket and returns whatever the server answers (empty when it resets the connection). */
function rawRequest(port: number, bytes: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
  });
}

test('safeNext keeps same-site paths and turns every way off the site into "/"', () => {
  const base = 'http://localhost:8080';
  for (const ok of ['/settings', '/papers/2401.00001?x=1#c', '/search?q=a%2Fb']) assert.equal(safeNext(ok, base), ok);
  for (const bad of ['/\t/evil.example', '/%09/evil.example'.replace('%09', '\t'), '/\n/evil.example', '/\r\n/evil.example', '/\\evil.example', '//evil.example', '/.//evil.example', '/..//evil.example', 'https://evil.example/', 'javascript:alert(1)', ' //evil.example', '/\x0b/x', '/\x00', '/\x7f', '']) {
    assert.equal(safeNext(bad, base), '/', JSON.stringify(bad));
  }
  assert.equal(sameOriginPath('http://localhost:8080/a/b?c', base), '/a/b?c');
  assert.equal(sameOriginPath('http://localhost:8080//evil.example/', base), undefined);
  assert.equal(sameOriginPath('http://other:8080/a', base), undefined);
});

forEachBackend((backend) => {
  test(`open redirect: next=/<tab>/evil.example, signed in, on GET and POST /login, stays on the site (${backend})`, async () => {
    const t = await communityApp({ backend });
    try {
      const u = await makeUser(t, 'tabbed');
      for (const next of ['/\t/evil.example', '/\n/evil.example', '/.//evil.example', '/ /evil.example']) {
        const res = await t.app.request(`/login?next=${encodeURIComponent(next)}`, { headers: { Cookie: u.cookie } });
        assert.equal(res.status, 303, JSON.stringify(next));
        assert.equal(browserTarget(res.headers.get('location')!).host, 'localhost:8080', `${JSON.stringify(next)} → ${res.headers.get('location')}`);
        const form = await anonForm(t.app, '/login');
        const post = await postForm(t.app, '/login', { csrf: form.csrf, login: 'tabbed', password: 'correct horse battery', next }, form.cookie);
        assert.equal(post.status, 303, JSON.stringify(next));
        assert.equal(browserTarget(post.headers.get('location')!).host, 'localhost:8080', `${JSON.stringify(next)} → ${post.headers.get('location')}`);
      }
    } finally {
      t.cleanup();
    }
  });

  test(`control characters in next, over a real socket, answer without a 500 and without a stack trace (${backend})`, async () => {
    const t = await communityApp({ backend });
    const { port, server } = await listen(t.app);
    try {
      const u = await makeUser(t, 'bytes');
      const codes = [...Array.from({ length: 0x20 }, (_, i) => i), 0x7f];
      for (const code of codes) {
        const next = `/a${String.fromCharCode(code)}b`;
        const res = await fetch(`http://127.0.0.1:${port}/login?next=${encodeURIComponent(next)}`, { headers: { Cookie: u.cookie }, redirect: 'manual' });
        assert.ok(res.status < 500, `byte 0x${code.toString(16)} → ${res.status}`);
        assert.equal(res.headers.get('location'), '/', `byte 0x${code.toString(16)}`);
        const form = await anonForm(t.app, '/login');
        const post = await fetch(`http://127.0.0.1:${port}/login`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ csrf: form.csrf, login: 'bytes', password: 'correct horse battery', next }), headers: { Cookie: form.cookie, 'Content-Type': 'application/x-www-form-urlencoded' } });
        assert.equal(post.status, 303, `POST with byte 0x${code.toString(16)}`);
        assert.equal(post.headers.get('location'), code === 0 ? '/ab' : '/', 'form fields lose NUL bytes before anything reads them');
      }
      for (const code of [0x0b, 0x01, 0x1f, 0x7f]) {
        const head = Buffer.from(`GET /login?next=/a${String.fromCharCode(code)}b HTTP/1.1\r\nHost: localhost\r\nCookie: ${u.cookie}\r\nConnection: close\r\n\r\n`, 'latin1');
        const answer = await rawRequest(port, head);
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
        assert.ok(status >= 200 && status < 500, `raw byte 0x${code.toString(16)} answered ${JSON.stringify(answer.slice(0, 40))}`);
      }
      assert.ok(!t.logs.some((l) => /request failed/.test(l)), 'no request failed with a server error');
    } finally {
      server.close();
      t.cleanup();
    }
  });

  test(`a header value the request made invalid is a 400, never a 500, on a real socket (${backend})`, async () => {
    const t = await communityApp({ backend });
    t.app.get('/header-for-test', (c) => c.body('x', 200, { 'X-Echo': c.req.query('v') ?? '' }));
    const { port, server } = await listen(t.app);
    try {
      for (const v of ['a\x0bb', 'a\nb', 'a\rb', 'a\x00b', 'a\x7fb']) {
        const res = await fetch(`http://127.0.0.1:${port}/header-for-test?v=${encodeURIComponent(v)}`);
        assert.equal(res.status, 400, JSON.stringify(v));
        assert.match(await res.text(), /not allowed/);
        assert.ok(res.headers.get('content-security-policy'), 'the 400 still carries the security headers');
      }
      const fine = await fetch(`http://127.0.0.1:${port}/header-for-test?v=${encodeURIComponent('plain value')}`);
      assert.equal(fine.status, 200);
      assert.equal(fine.headers.get('x-echo'), 'plain value');
      assert.ok(!t.logs.some((l) => /request failed/.test(l)));
    } finally {
      server.close();
      t.cleanup();
    }
  });
});
