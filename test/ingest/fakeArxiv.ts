import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../../src/config/config.ts';

/** The folder of recorded/hand-written responses in arXiv's real formats. */
export const FIXTURES = fileURLToPath(new URL('../fixtures/ingest/', import.meta.url));

/** A fixture's text. */
export const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

/** One request the fake server saw. */
export interface SeenRequest {
  at: number;
  done?: number;
  path: string;
  query: URLSearchParams;
  userAgent?: string;
}

/** What a handler answers. */
export interface FakeAnswer {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
  delayMs?: number;
}

/**
 * A local HTTP server standing in for arXiv (API, OAI-PMH, RSS), answering with whatever the test's handler
 * returns and recording every request with its arrival time, so tests can check spacing and headers.
 */
export async function startFakeArxiv(handler: (req: SeenRequest, index: number) => FakeAnswer) {
  const requests: SeenRequest[] = [];
  let open = 0;
  let maxOpen = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const seen: SeenRequest = { at: Date.now(), path: url.pathname, query: url.searchParams, userAgent: req.headers['user-agent'] };
    requests.push(seen);
    open++;
    maxOpen = Math.max(maxOpen, open);
    const answer = handler(seen, requests.length - 1);
    setTimeout(() => {
      res.writeHead(answer.status ?? 200, { 'Content-Type': 'application/xml; charset=utf-8', ...answer.headers });
      res.end(answer.body ?? '');
      seen.done = Date.now();
      open--;
    }, answer.delayMs ?? 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    maxOpen: () => maxOpen,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** Environment that points paperwire's arXiv endpoints at the fake server, with a short request gap. */
export function fakeEnv(url: string, dir: string, intervalMs = 40): Record<string, string> {
  return {
    PAPERWIRE_DATA_DIR: dir,
    PAPERWIRE_ARXIV_API_URL: `${url}/api/query`,
    PAPERWIRE_ARXIV_OAI_URL: `${url}/oai`,
    PAPERWIRE_ARXIV_RSS_URL: `${url}/rss`,
    PAPERWIRE_ARXIV_INTERVAL_MS: String(intervalMs),
    PAPERWIRE_ARXIV_CONTACT: 'ops@example.org',
    PAPERWIRE_LOG_LEVEL: 'debug',
  };
}

/** A config for in-process runs against the fake server. */
export const fakeConfig = (url: string, dir: string, intervalMs = 40): Config => loadConfig(fakeEnv(url, dir, intervalMs));
