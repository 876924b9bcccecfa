import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'node:test';
import { startServer } from '../../bench/lib/serverProcess.ts';
import { forEachBackend } from '../helpers/backends.ts';
import { storeEnv, testApp, testStore } from '../helpers/testApp.ts';

test('bodies over the limit get a 413 with a message, on pages, forms and the API, declared or streamed', async () => {
  const t = await testApp({ env: { PAPERWIRE_MAX_BODY_KB: '4' } });
  try {
    const big = 'x'.repeat(5000);
    for (const path of ['/login', '/api/papers/2401.00001/comments', '/no/such/page', '/search']) {
      const res = await t.app.request(path, { method: 'POST', body: big, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
      assert.equal(res.status, 413, path);
      assert.match(await res.text(), /too large: at most 4 KB/);
    }
    const stream = new ReadableStream({
      start(ctl) {
        for (let i = 0; i < 10; i++) ctl.enqueue(new TextEncoder().encode('y'.repeat(1000)));
        ctl.close();
      },
    });
    const chunked = await t.app.request('/login', { method: 'POST', body: stream, duplex: 'half', headers: { 'Transfer-Encoding': 'chunked' } } as RequestInit);
    assert.equal(chunked.status, 413);
    const small = await t.app.request('/login', { method: 'POST', body: 'a=1', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    assert.equal(small.status, 403, 'a small body goes through to the CSRF check');
  } finally {
    t.cleanup();
  }
});

test('a request that runs past the timeout is answered 503 with a message', async () => {
  const t = await testApp({ env: { PAPERWIRE_REQUEST_TIMEOUT_S: '1' } });
  try {
    t.app.get('/slow-for-test', async (c) => {
      await new Promise((r) => setTimeout(r, 1500));
      return c.text('late');
    });
    const res = await t.app.request('/slow-for-test');
    assert.equal(res.status, 503);
    assert.match(await res.text(), /took longer than 1 s/);
    assert.equal((await t.app.request('/healthz')).status, 200);
  } finally {
    t.cleanup();
  }
});

// The body and timeout limits are HTTP middleware (no storage involved): once. Shutting down closes the store: on both.
forEachBackend((backend) => {
  test(`SIGTERM lets an in-flight request finish, refuses new ones, then the server exits 0 (${backend})`, async () => {
    const kit = await testStore({ backend });
    const server = await startServer(kit.dir, storeEnv(kit));
    try {
      const { port } = new URL(server.url);
      // A POST whose body arrives slowly: in flight when SIGTERM lands.
      const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/login', method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': '19' } }, (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        });
        req.on('error', reject);
        req.write('username=ada&');
        setTimeout(() => req.end('pass=x'), 1500);
      });
      await new Promise((r) => setTimeout(r, 300));
      const exited = new Promise<number | null>((r) => server.child.once('exit', (code) => r(code)));
      server.child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      await assert.rejects(fetch(`${server.url}/healthz`), 'no new connection is accepted while shutting down');
      const done = await answer;
      assert.equal(done.status, 403, 'the in-flight form was read whole and answered (CSRF refusal), not cut');
      assert.match(done.body, /form|expired|token/i);
      assert.equal(await exited, 0);
    } finally {
      server.child.kill('SIGKILL');
      kit.cleanup();
    }
  });
});
