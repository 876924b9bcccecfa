import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { startServer, type ServerProcess } from '../../bench/lib/serverProcess.ts';
import { signUp } from '../../src/community/accounts.ts';
import { loadConfig } from '../../src/config/config.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { createMailer } from '../../src/mail/mailer.ts';
import { forEachBackend } from '../helpers/backends.ts';
import { storeEnv, tempDir, testStore } from '../helpers/testApp.ts';
import { startNginx, viaNginx, type Answer } from './nginxHarness.ts';

const SECRET = 'n'.repeat(64);
const cookieOf = (a: Answer) => String([a.headers['set-cookie']].flat()[0] ?? '').split(';')[0]!;

forEachBackend((backend) => {
  test(`deploy/nginx.conf in front of two paperwire servers over one database: limits hold across both and key on the client (${backend})`, async () => {
    const { dir, cleanup } = tempDir('paperwire-nginx-');
    const kit = await testStore({ backend });
    const { store } = kit;
    const servers: ServerProcess[] = [];
    let nginx: Awaited<ReturnType<typeof startNginx>> | undefined;
    try {
      const config = { ...loadConfig(storeEnv(kit)), secret: SECRET };
      const log = createLogger('silent');
      await signUp({ store, config, log, mailer: createMailer(config, log), today: () => '2026-12-05' }, { username: 'hana', email: 'hana@example.org', password: 'correct horse battery' }, { verified: true, skipMail: true });
      const env = { ...storeEnv(kit), PAPERWIRE_SECRET: SECRET, PAPERWIRE_TRUSTED_PROXIES: '127.0.0.1', PAPERWIRE_API_RATE_LIMIT: '6', PAPERWIRE_SEMANTIC: 'false', PAPERWIRE_DIGEST_ENABLED: 'false' };
      servers.push(await startServer(kit.dir, env));
      servers.push(await startServer(kit.dir, env));
      const [a, b] = servers as [ServerProcess, ServerProcess];
      mkdirSync(join(dir, 'nginx'));
      nginx = await startNginx(join(dir, 'nginx'), servers.map((s) => new URL(s.url).host));
      const port = nginx.httpsPort;

      // Directly, without nginx: the API budget of one address is shared by both servers.
      for (const s of [a, b, a, b, a, b]) assert.equal((await fetch(`${s.url}/api/daily_papers`)).status, 200);
      const direct = await fetch(`${b.url}/api/daily_papers`);
      assert.equal(direct.status, 429, 'six requests spread over two servers used the whole budget of 6');
      assert.match(direct.headers.get('ratelimit-policy') ?? '', /"anonymous";q=6;w=300/);

      // Through nginx (round-robin over both): each client address has its own budget, shared by both servers;
      // nginx's own address (already spent above) is not what is counted.
      const api = (from: string, headers: Record<string, string> = {}) => viaNginx(port, from, '/api/daily_papers', { headers });
      for (let i = 0; i < 6; i++) {
        const r = await api('127.0.0.2');
        assert.equal(r.status, 200, `request ${i + 1} of 127.0.0.2: ${r.body}`);
        assert.match(String(r.headers.ratelimit), new RegExp(`r=${5 - i};`));
      }
      const over = await api('127.0.0.2');
      assert.equal(over.status, 429);
      assert.ok(Number(over.headers['retry-after']) > 0);
      assert.equal((await api('127.0.0.3', { 'X-Forwarded-For': '127.0.0.2' })).status, 200, 'another client has its own budget, and cannot borrow another');
      assert.equal((await api('127.0.0.2', { 'X-Forwarded-For': '198.51.100.1', Forwarded: 'for=198.51.100.1' })).status, 429, 'a spent client cannot name itself anew');

      // The sign-in throttle, through nginx over both servers: 60 concurrent guesses make 5 password checks.
      const form = await viaNginx(port, '127.0.0.5', '/login');
      const cookie = cookieOf(form);
      const csrf = /name="csrf" value="([^"]+)"/.exec(form.body)![1]!;
      const login = (from: string, password: string) =>
        viaNginx(port, from, '/login', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie }, body: new URLSearchParams({ csrf, login: 'hana', password }).toString() });
      const started = Date.now();
      const guesses = await Promise.all(Array.from({ length: 60 }, (_, i) => login('127.0.0.5', `guess number ${i}`)));
      const elapsedS = (Date.now() - started) / 1000;
      const statuses = guesses.map((g) => g.status);
      const checked = statuses.filter((s) => s === 401).length;
      // 5 free attempts, then waits of 1, 2, 4 … s: on a slow machine a late guess may follow an elapsed wait.
      const allowed = 5 + Math.floor(Math.log2(elapsedS + 1));
      assert.ok(checked >= 5 && checked <= allowed && allowed < 10, `${checked} password checks in ${elapsedS} s (at most ${allowed}; per-server limits would allow 10): ${statuses.join(',')}`);
      assert.equal(statuses.filter((s) => s === 429).length, 60 - checked);
      // The owner, at another address, waits at most the account's short delay, then gets in (through either server).
      let owner = await login('127.0.0.6', 'correct horse battery');
      if (owner.status === 429) {
        const wait = Number(owner.headers['retry-after']);
        assert.ok(wait >= 1 && wait <= 30, `the owner waits ${wait} s`);
        await new Promise((r) => setTimeout(r, wait * 1000 + 100));
        owner = await login('127.0.0.6', 'correct horse battery');
      }
      assert.equal(owner.status, 303, owner.body);
      assert.match(cookieOf(owner), /^pw_session=/);
      // The session opened through one server works on both, directly.
      for (const s of servers) assert.equal((await fetch(`${s.url}/settings`, { headers: { Cookie: cookieOf(owner) }, redirect: 'manual' })).status, 200);
      // Plain http is sent to https by the config's first server block.
      const http = await fetch(`http://127.0.0.1:${nginx.httpPort}/papers/trending`, { redirect: 'manual' });
      assert.equal(http.status, 301);
      assert.equal(http.headers.get('location'), 'https://paperwire.example.org/papers/trending');
    } finally {
      await nginx?.stop();
      await Promise.all(servers.map((s) => s.stop()));
      cleanup();
      kit.cleanup();
    }
  });
});
