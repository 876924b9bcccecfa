import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';

const SITE = new URL('../../deploy/nginx.conf', import.meta.url);

/** Debian's nginx binary (installed by .ci/run when missing). */
function nginxBinary(): string {
  for (const p of ['/usr/sbin/nginx', '/usr/bin/nginx']) if (existsSync(p)) return p;
  return 'nginx';
}

/** A free TCP port on 127.0.0.1 (closed again before nginx takes it). */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as { port: number };
  await new Promise((resolve) => s.close(resolve));
  return port;
}

/**
 * The repository's deploy/nginx.conf, made runnable from a temp folder: the upstream lists `upstreams`, the
 * listeners move to free ports on 127.0.0.1 (IPv6 listeners dropped), and a self-signed certificate replaces
 * the Let's Encrypt paths. Everything else — headers, retries, timeouts — is the file as shipped.
 */
export function siteConfig(upstreams: string[], ports: { http: number; https: number }, cert: { crt: string; key: string }): string {
  const site = readFileSync(SITE, 'utf8');
  const upstreamLines = /^\s*server 127\.0\.0\.1:808\d .*;\n/gm;
  if ((site.match(upstreamLines) ?? []).length !== 2) throw new Error('deploy/nginx.conf: expected the two example upstream servers');
  let first = true;
  const out = site
    .replace(upstreamLines, () => (first ? ((first = false), upstreams.map((u) => `    server ${u} max_fails=3 fail_timeout=10s;\n`).join('')) : ''))
    .replace(/^\s*listen \[::\].*\n/gm, '')
    .replace('listen 80;', `listen 127.0.0.1:${ports.http};`)
    .replace('listen 443 ssl;', `listen 127.0.0.1:${ports.https} ssl;`)
    .replace(/\/etc\/letsencrypt\/live\/paperwire\.example\.org\/fullchain\.pem/, cert.crt)
    .replace(/\/etc\/letsencrypt\/live\/paperwire\.example\.org\/privkey\.pem/, cert.key);
  for (const must of [`listen 127.0.0.1:${ports.https} ssl;`, cert.crt, cert.key]) if (!out.includes(must)) throw new Error(`deploy/nginx.conf: could not set ${must}`);
  return out;
}

/** nginx running deploy/nginx.conf from `dir` (pid, logs, temp files all there), in front of `upstreams`. */
export async function startNginx(dir: string, upstreams: string[]): Promise<{ httpsPort: number; httpPort: number; stop: () => Promise<void>; errors: () => string }> {
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  const cert = { crt: join(dir, 'site.crt'), key: join(dir, 'site.key') };
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=paperwire.example.org', '-keyout', cert.key, '-out', cert.crt], { stdio: 'ignore' });
  const ports = { http: await freePort(), https: await freePort() };
  writeFileSync(join(dir, 'paperwire.conf'), siteConfig(upstreams, ports, cert));
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${join(dir, 'tmp', t)};`).join('\n  ');
  writeFileSync(
    join(dir, 'nginx.conf'),
    `${process.getuid?.() === 0 ? 'user root;\n' : ''}daemon off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 512; }
http {
  access_log ${join(dir, 'access.log')};
  ${temp}
  include ${join(dir, 'paperwire.conf')};
}
`,
  );
  const child: ChildProcess = spawn(nginxBinary(), ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const errors = () => `${stderr}${existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : ''}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${errors()}`);
    const up = await new Promise<boolean>((resolve) => {
      const s = connect(ports.https, '127.0.0.1', () => (s.destroy(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (up) break;
    if (i > 100) throw new Error(`nginx did not start: ${errors()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    httpsPort: ports.https,
    httpPort: ports.http,
    errors,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGQUIT');
      }),
  };
}

/** A response as the tests read it. */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTPS request to nginx from a chosen loopback source address (127.0.0.x), certificate not checked. */
export function viaNginx(port: number, from: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', localAddress: from, rejectUnauthorized: false, servername: 'paperwire.example.org', agent: false, headers: { Host: 'paperwire.example.org', ...options.headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
