import type { Logger } from '../logging/logger.ts';
import type { IngestStore } from '../storage/ingestStore.ts';

/** The gate all arXiv endpoints share (API, OAI-PMH, RSS), as arXiv's terms count them together. */
export const ARXIV_GATE = 'arxiv';
/** arXiv's own floor: never less than this between requests to an arxiv.org host, whatever the configuration. */
const ARXIV_MIN_INTERVAL_MS = 3000;

/** An HTTP failure that retrying will not fix (4xx), or retries that ran out. */
export class FetchError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

/** Fetches text from arXiv politely; `requests` counts what was sent (retries included). */
export interface PoliteClient {
  get(url: string, signal?: AbortSignal): Promise<string>;
  readonly requests: number;
}

/** Options of the polite client; tests shrink the intervals, production keeps the defaults. */
export interface PoliteOptions {
  store: IngestStore;
  log: Logger;
  intervalMs: number;
  contact?: string;
  maxRetries?: number;
  /** Longest Retry-After honoured before giving up on the run (default 10 minutes). */
  maxWaitMs?: number;
  /** First backoff after an error, doubled on each retry (default: the interval). */
  backoffMs?: number;
  timeoutMs?: number;
}

/** One request at a time in this process, whatever number of clients exist (the in-process half of the gate). */
let inProcess: Promise<unknown> = Promise.resolve();

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (ms <= 0) return resolve();
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => (signal?.removeEventListener('abort', onAbort), resolve()), ms);
    const onAbort = () => (clearTimeout(timer), reject(signal!.reason));
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Seconds or an HTTP date in Retry-After, as ms from now; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The User-Agent paperwire sends to arXiv: product, version, and the operator's contact. */
export function userAgent(contact?: string): string {
  return `paperwire/0.1 (${contact ? `+${contact}` : 'contact not configured: set PAPERWIRE_ARXIV_CONTACT'})`;
}

/**
 * A client for arXiv's endpoints that keeps the terms of use for the whole instance: one request at a time
 * (a lock in this process) and at least `intervalMs` (≥ 3 s for arxiv.org) between requests across every process
 * on the database (a timestamp row reserved in a transaction); a User-Agent with the operator's contact; 503/429
 * with Retry-After honoured; exponential backoff on network errors and 5xx.
 */
export function createPoliteClient(options: PoliteOptions): PoliteClient {
  const { store, log } = options;
  const maxRetries = options.maxRetries ?? 4;
  const maxWaitMs = options.maxWaitMs ?? 600_000;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const ua = userAgent(options.contact);
  if (!options.contact) log.warn('no PAPERWIRE_ARXIV_CONTACT configured: arXiv asks every harvester to identify itself with a contact');
  let requests = 0;

  const once = async (url: string, signal?: AbortSignal): Promise<string> => {
    const host = new URL(url).hostname;
    const interval = /(^|\.)arxiv\.org$/i.test(host) ? Math.max(options.intervalMs, ARXIV_MIN_INTERVAL_MS) : options.intervalMs;
    const backoff = options.backoffMs ?? Math.max(interval, 100);
    let last = '';
    for (let attempt = 0; attempt <= maxRetries; attempt++) {
      await sleep(await store.reserveSlot(ARXIV_GATE, interval), signal);
      let response: Response;
      let body: string;
      try {
        requests++;
        const timeout = AbortSignal.timeout(timeoutMs);
        response = await fetch(url, {
          headers: { 'User-Agent': ua, Accept: 'application/atom+xml, application/xml, text/xml, application/rss+xml' },
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
        body = await response.text();
      } catch (err) {
        if (signal?.aborted) throw err;
        last = `network error: ${(err as Error).message}`;
        const wait = backoff * 2 ** attempt;
        log.warn('arXiv request failed; backing off', { url, error: last, retryInMs: wait });
        await store.holdGate(ARXIV_GATE, Date.now() + wait);
        continue;
      } finally {
        await store.holdGate(ARXIV_GATE, Date.now() + interval);
      }
      if (response.status === 503 || response.status === 429) {
        const wait = retryAfterMs(response.headers.get('retry-after')) ?? backoff * 2 ** attempt;
        if (wait > maxWaitMs) throw new FetchError(`arXiv answered ${response.status} and asked to wait ${Math.round(wait / 1000)} s; giving up for now`, response.status);
        log.warn(`arXiv answered ${response.status}; waiting as asked`, { url, waitMs: wait });
        last = `HTTP ${response.status}`;
        await store.holdGate(ARXIV_GATE, Date.now() + wait);
        continue;
      }
      if (response.status >= 500) {
        last = `HTTP ${response.status}`;
        const wait = backoff * 2 ** attempt;
        log.warn(`arXiv answered ${response.status}; backing off`, { url, retryInMs: wait });
        await store.holdGate(ARXIV_GATE, Date.now() + wait);
        continue;
      }
      if (response.status >= 400) throw new FetchError(`arXiv answered ${response.status} for ${url}: ${body.slice(0, 200)}`, response.status);
      return body;
    }
    throw new FetchError(`arXiv did not answer after ${maxRetries + 1} attempts (last: ${last})`);
  };

  return {
    get(url, signal) {
      const result = inProcess.then(() => once(url, signal));
      inProcess = result.catch(() => undefined);
      return result;
    },
    get requests() {
      return requests;
    },
  };
}
