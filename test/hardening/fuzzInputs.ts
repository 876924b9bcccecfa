// Hostile inputs for the fuzz suite: a seeded generator of strings, query strings, bodies and headers.

/** A small seeded PRNG (mulberry32), so a failing case can be replayed from its seed. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}
export type Rng = ReturnType<typeof rng>;

/** The marker a reflected script would show: if it appears unescaped in HTML or XML, output escaping failed. */
export const SCRIPT = '<script>alert(1337)</script>';
export const IMG = '"><img src=x onerror=alert(1337)>';

/** Raw (already encoded) strings for URLs: bad percent-encoding and encoded control bytes and invalid UTF-8. */
export const RAW_URL_PIECES = ['%', '%%', '%ZZ', '%4', '%00', '%0d%0aSet-Cookie:%20x=1', '%C0%AF', '%FF%FE', '%ED%A0%80', '%E2%82', '..%2F..%2Fetc%2Fpasswd', '%2e%2e/%2e%2e/', '%3Cscript%3Ealert(1337)%3C/script%3E', '%u0041', '+', '&&', '=', '=='];

/** Decoded hostile values: quotes, control characters, NUL, lone surrogates, huge values, operators, markup. */
export const VALUES: readonly string[] = [
  '', ' ', "'", '"', '`', "' OR '1'='1", '"; DROP TABLE papers; --', "1' UNION SELECT sqlite_version()--", '\0', 'a\0b', '\u0001\u0002\u001b[31m', '\r\nX-Injected: 1',
  '\ud800', '\udfff', 'a\ud83d', '\u202e\u200b\ufeff', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', 'Ünïcödé 中文 العربية', '../../../../etc/passwd', '..\\..\\windows\\win.ini', '/etc/passwd', 'file:///etc/passwd',
  SCRIPT, IMG, 'javascript:alert(1337)', '<svg onload=alert(1337)>', '{{7*7}}', '${7*7}', '%s%s%s%n', '-1', '0', '-0', '1e309', 'NaN', 'Infinity', '9'.repeat(40), '0x10', '1.5', 'true', 'null', 'undefined',
  '[]', '{}', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'NEAR(a b)', 'a OR b AND NOT c', '"unterminated', '(((((', ')))))', '*', 'title:', 'author:"', '-"', 'cat:cs.*', 'year:99999', 'date:2024-13-45', 'after:x before:y', 'sort:upvotes sort:date', 'has:code has:', '^a', 'a:b:c:d', 'MATCH', '{a b}', 'a*b*c*',
  '2024-02-30', '0000-00-00', '9999-12-31', '2024-W99', '2401.00001', '2401.00001v999', 'arXiv:2401.00001', 'hep-th/9901001', 'https://evil.example/', '//evil.example', '/\\evil.example', 'https:evil.example', '\\\\evil.example',
  'x'.repeat(300), 'y'.repeat(5000), 'é'.repeat(2000), 'a b '.repeat(200), '"a" '.repeat(100), '-a '.repeat(150),
];

/** Form and query parameter names the routes read (and some they do not). */
export const FIELDS = ['q', 'p', 'page', 'limit', 'offset', 'sort', 'mode', 'date', 'from', 'to', 'period', 'category', 'org', 'submitter', 'author', 'next', 'token', 'csrf', 'username', 'login', 'email', 'password', 'new_password', 'current_password', 'fullname', 'name', 'body', 'parent_id', 'id', 'paper', 'role', 'reason', 'query', 'frequency', 'up', 'title', 'url', 'abstract', 'arxiv', 'state', 'format', 'bio', 'website', 'member', 'action', 'confirm', 'weekly', 'hide', 'delete', '__proto__', 'constructor'];

/** One hostile value: a catalogued one, a mix of two, or random code units (control characters and surrogates included). */
export function value(r: Rng): string {
  const roll = r.next();
  if (roll < 0.6) return r.pick(VALUES);
  if (roll < 0.8) return r.pick(VALUES) + r.pick(VALUES);
  let s = '';
  const n = r.int(40);
  for (let i = 0; i < n; i++) s += String.fromCharCode(r.chance(0.3) ? r.int(32) : r.chance(0.2) ? 0xd800 + r.int(0x800) : r.int(0x3000));
  return s;
}

/** A query string: encoded hostile values, raw bad encodings, repeated and odd keys. */
export function queryString(r: Rng): string {
  const parts: string[] = [];
  const n = 1 + r.int(4);
  for (let i = 0; i < n; i++) {
    const key = r.chance(0.9) ? r.pick(FIELDS) : r.pick(RAW_URL_PIECES);
    const val = r.chance(0.75) ? safeEncode(value(r)) : r.pick(RAW_URL_PIECES);
    parts.push(r.chance(0.05) ? key : `${key}=${val}`);
  }
  return parts.join('&');
}

/** encodeURIComponent that also encodes lone surrogates (as replacement bytes) instead of throwing. */
export function safeEncode(s: string): string {
  return encodeURIComponent(s.replace(/[\ud800-\udfff]/g, (c, i, all) => (isPaired(all, i) ? c : '\ufffd')));
}
function isPaired(s: string, i: number) {
  const c = s.charCodeAt(i);
  return c < 0xdc00 ? (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00 : (s.charCodeAt(i - 1) & 0xfc00) === 0xd800;
}

/** A path parameter: a real id now and then, else a hostile segment (encoded or raw). */
export function pathParam(r: Rng, real: readonly string[]): string {
  const roll = r.next();
  if (roll < 0.25) return r.pick(real);
  if (roll < 0.45) return r.pick(RAW_URL_PIECES);
  return safeEncode(value(r)) || 'x';
}

/** A JSON body: right shape with hostile values, wrong types, deep nesting, or not JSON at all. */
export function jsonBody(r: Rng): string {
  const roll = r.next();
  if (roll < 0.15) return r.pick(['', 'null', '[]', '"str"', '42', '{', '{"a":', '\u0000', '{"__proto__":{"admin":true}}', '[' .repeat(5000), 'true']);
  const obj: Record<string, unknown> = {};
  const n = 1 + r.int(4);
  for (let i = 0; i < n; i++) {
    const k = r.pick(FIELDS);
    obj[k] = r.pick<unknown>([value(r), r.int(1e6) - 5e5, -1, 1e308, true, false, null, [], {}, [value(r)], { nested: value(r) }, 'x'.repeat(20000)]);
  }
  return JSON.stringify(obj);
}

/** Request headers to try: cookies, conditional GET, auth, languages, content types, all hostile. */
export function headers(r: Rng, base: Record<string, string>): Record<string, string> {
  const h: Record<string, string> = { ...base };
  const header = (s: string) => s.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?');
  if (r.chance(0.2)) h['Cookie'] = header(r.pick([`pw_session=${value(r)}`, 'pw_session=', 'pw_csrf=%ZZ; pw_session=..', `${value(r)}=${value(r)}`]));
  if (r.chance(0.1)) h['If-None-Match'] = header(r.pick(['*', '"x"', value(r), 'W/"' + value(r)]));
  if (r.chance(0.1)) h['If-Modified-Since'] = header(r.pick(['garbage', 'Thu, 01 Jan 1970 00:00:00 GMT', 'Sat, 99 Foo 99999 99:99:99 GMT', value(r)]));
  if (r.chance(0.1)) h['Authorization'] = header(r.pick([`Bearer ${value(r)}`, 'Bearer', 'Basic Og==', value(r)]));
  if (r.chance(0.1)) h['Accept'] = header(r.pick(['application/json', 'text/html', '*/*;q=abc', value(r)]));
  if (r.chance(0.05)) h['Accept-Language'] = header(value(r));
  if (r.chance(0.05)) h['X-Forwarded-For'] = header(value(r));
  if (r.chance(0.05)) h['Host'] = header(r.pick(['evil.example', value(r) || 'x']));
  return h;
}
