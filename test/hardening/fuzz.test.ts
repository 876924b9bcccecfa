import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createApiToken } from '../../src/community/accounts.ts';
import { communityApp, makeUser } from '../community/communityHelpers.ts';
import { FIELDS, headers, IMG, jsonBody, pathParam, queryString, rng, safeEncode, SCRIPT, value, type Rng } from './fuzzInputs.ts';
import type { Store } from '../../src/storage/store.ts';
import { forEachBackend, rawRows } from '../helpers/backends.ts';

// Short form in `npm test`; `npm run fuzz` sets PAPERWIRE_FUZZ_INPUTS (and optionally PAPERWIRE_FUZZ_SEED) higher.
const INPUTS = Number(process.env.PAPERWIRE_FUZZ_INPUTS ?? 10_000);
const SEED = Number(process.env.PAPERWIRE_FUZZ_SEED ?? 20261123);
const BUDGET_MS = Number(process.env.PAPERWIRE_FUZZ_BUDGET_MS ?? (INPUTS > 10_000 ? 3_600_000 : 90_000));

/** Every route the app registered, as method and path pattern (middleware entries left out). */
function routesOf(app: { routes: { method: string; path: string }[] }) {
  const seen = new Set<string>();
  return app.routes
    .filter((r) => r.method !== 'ALL' && !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`))
    .map((r) => ({ method: r.method, path: r.path }));
}

/** The first column of a query's rows (plain SQL, the same on both backends): real ids for the paths. */
const column = async (store: Store, sql: string) => (await rawRows<Record<string, string>>(store, sql)).map((row) => Object.values(row)[0]!);

/** A concrete path for a pattern: each :param and * filled with a real value or a hostile one. */
function fill(pattern: string, r: Rng, real: readonly string[]): string {
  return pattern.replace(/:[A-Za-z_]+(\{[^}]*\})?|\*/g, () => pathParam(r, real)) || '/';
}

const FILES = ['@article{x, title={' + SCRIPT + '}, author={A and B}}', '{"title":"' + '\\u0000' + '"}\n{"broken', '\u0000\u0001\u0002', 'x'.repeat(100_000), '@misc{'.repeat(1000)];

forEachBackend((backend) => {
  test(`fuzz: ${INPUTS} hostile inputs over every route never give a 500 nor reflect a script (${backend})`, async () => {
    const t = await communityApp({ backend, env: { PAPERWIRE_API_RATE_LIMIT: '0', PAPERWIRE_WRITE_RATE_LIMIT: '1000000', PAPERWIRE_SEMANTIC: 'false' } });
    try {
      const user = await makeUser(t, 'fuzzer');
      const admin = await makeUser(t, 'fuzzadmin', 'admin');
      const account = (await t.store.accounts.byId(user.id))!;
      const token = (await createApiToken(t.cd, account, 'fuzz')).secret;
      const real = [
        ...(await column(t.store, 'SELECT id FROM papers ORDER BY id LIMIT 20')),
        ...(await column(t.store, 'SELECT username FROM users ORDER BY username LIMIT 5')),
        ...(await column(t.store, 'SELECT name FROM organizations ORDER BY name LIMIT 5')),
        '2026-11-23', '2026-W47', '2026-11', 'fuzzer', '1', 'rss', 'atom', 'app.js', 'style.css',
      ];
      const routes = routesOf(t.app);
      assert.ok(routes.length >= 40, `expected the whole app's routes, found ${routes.length}`);
      const r = rng(SEED);
      const failures: string[] = [];
      const perRoute = new Map<string, number>();
      const started = Date.now();
      let sent = 0;
      let escapedEchoes = 0;
      const statuses = new Map<number, number>();
      while (sent < INPUTS && Date.now() - started < BUDGET_MS) {
        const route = routes[sent % routes.length]!; // round robin: every route gets its share
        const path = fill(route.path, r, real) + (r.chance(0.6) ? `?${queryString(r)}` : '');
        const who = r.pick([{ cookie: '', csrf: '' }, user, admin, { cookie: user.cookie, csrf: value(r) }]);
        const base: Record<string, string> = who.cookie ? { Cookie: who.cookie } : {};
        if (path.startsWith('/api/') && r.chance(0.4)) base['Authorization'] = `Bearer ${token}`;
        const init: RequestInit & { duplex?: string } = { method: route.method, headers: headers(r, base) };
        if (route.method !== 'GET' && route.method !== 'HEAD') {
          const kind = r.int(4);
          if (kind === 0) {
            const form = new URLSearchParams();
            if (r.chance(0.8)) form.set('csrf', who.csrf);
            for (let i = r.int(5); i >= 0; i--) form.append(r.pick(FIELDS), value(r).replace(/[\ud800-\udfff]/g, '\ufffd'));
            init.body = form.toString();
            (init.headers as Record<string, string>)['Content-Type'] = 'application/x-www-form-urlencoded';
          } else if (kind === 1) {
            init.body = jsonBody(r);
            (init.headers as Record<string, string>)['Content-Type'] = r.pick(['application/json', 'text/plain', 'application/x-www-form-urlencoded']);
          } else if (kind === 2) {
            const form = new FormData();
            form.set('csrf', who.csrf);
            form.set(r.pick(['file', 'upload', 'bibtex', 'jsonl', 'body']), new Blob([r.pick(FILES)]), r.pick(['papers.bib', '../../etc/passwd', 'x.jsonl', SCRIPT]));
            form.set(r.pick(FIELDS), value(r).replace(/[\ud800-\udfff]/g, '\ufffd'));
            init.body = form;
          } else {
            const bytes = new Uint8Array(r.int(300));
            for (let i = 0; i < bytes.length; i++) bytes[i] = r.chance(0.5) ? 0x80 + r.int(0x80) : r.int(0x80); // invalid UTF-8
            init.body = bytes;
            (init.headers as Record<string, string>)['Content-Type'] = r.pick(['application/x-www-form-urlencoded', 'application/json', 'multipart/form-data; boundary=x', 'text/plain; charset=utf-16']);
          }
        }
        let req: Request;
        try {
          req = new Request(`http://localhost${path}`, init);
        } catch {
          continue; // the client could not even build this request (a header no HTTP client can send)
        }
        sent++;
        perRoute.set(`${route.method} ${route.path}`, (perRoute.get(`${route.method} ${route.path}`) ?? 0) + 1);
        const res = await t.app.request(req);
        const text = await res.text();
        const type = res.headers.get('content-type') ?? '';
        const label = `#${sent} ${route.method} ${path.slice(0, 200)} (seed ${SEED})`;
        if (res.status >= 500 && res.status !== 503) failures.push(`${res.status} ${label}: ${text.slice(0, 200)}`);
        if (/html|xml/.test(type) && (text.includes(SCRIPT) || text.includes(IMG) || text.includes('<svg onload=alert(1337)>'))) failures.push(`reflected script: ${label}`);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (text.includes('&lt;script&gt;alert(1337)')) escapedEchoes++;
        if (failures.length >= 20) break;
      }
      const crashes = t.logs.filter((l) => l.includes('request failed'));
      assert.deepEqual(failures, [], failures.join('\n'));
      assert.deepEqual(crashes.slice(0, 5), []);
      const missed = routes.filter((x) => !perRoute.has(`${x.method} ${x.path}`));
      assert.deepEqual(missed, [], 'every route received inputs');
      assert.ok(escapedEchoes > 0, 'payloads reached the pages (and came back escaped)');
      assert.ok((statuses.get(200) ?? 0) > sent / 10, 'a good share of inputs got past validation');
      assert.ok(sent >= Math.min(INPUTS, 10_000) || Date.now() - started >= BUDGET_MS, `sent ${sent}`);
      process.stdout.write(`# fuzz: ${sent} inputs over ${routes.length} routes in ${((Date.now() - started) / 1000).toFixed(1)} s, seed ${SEED}; statuses ${JSON.stringify(Object.fromEntries(statuses))}; escaped echoes ${escapedEchoes}\n`);
    } finally {
      t.cleanup();
    }
  });

  test(`fuzz: odd values for every documented query parameter of the API answer 200, 400 or 404 with a JSON message (${backend})`, async () => {
    const t = await communityApp({ backend, env: { PAPERWIRE_API_RATE_LIMIT: '0' } });
    try {
      const { API_DOCS } = await import('../../src/http/app.ts');
      const r = rng(SEED + 1);
      for (const doc of API_DOCS.filter((d) => d.method.toUpperCase() === 'GET')) {
        const names = Object.keys(doc.query?.shape ?? {});
        for (const name of names) {
          for (let i = 0; i < 15; i++) {
            const path = doc.path.replace(/\{[^}]+\}/g, () => pathParam(r, ['2401.00001']));
            const res = await t.app.request(`${path}?${name}=${safeEncode(value(r))}`);
            assert.ok([200, 400, 401, 404, 422].includes(res.status), `${res.status} for ${path}?${name}`);
            if (res.status !== 200) assert.equal(typeof (await res.json()).error, 'string');
          }
        }
      }
    } finally {
      t.cleanup();
    }
  });
});
