import { createHash } from 'node:crypto';

/** A rendered response body, encoded once, and the validator that goes with it. */
export interface CachedBody {
  bytes: Uint8Array;
  etag: string;
  /** The body gzip-compressed, made on the first request that accepts it and kept with the entry. */
  gzip?: Uint8Array;
  /** The response headers, made on the first send (respond.ts) and kept with the entry. */
  headers?: SendHeaders;
}

/** The header sets a cached body goes out with, for one content type and max-age (see sendCached). */
export interface SendHeaders {
  type: string;
  maxAge: number;
  plain: Record<string, string>;
  gzip?: Record<string, string>;
  plain304: Record<string, string>;
  gzip304: Record<string, string>;
}

/**
 * Rendered pages and API lists keyed by URL and a revision of the store — `revision('lists')` for list pages and
 * feeds, `revision('content')` for a paper's page and the API — which every committed write they show moves (from
 * this process or another), so a cached body is never stale, while search bookkeeping (vectors, queues) keeps
 * them. Bounded; oldest entries go first.
 */
export class PageCache {
  private entries = new Map<string, CachedBody & { revision: number }>();

  constructor(private readonly max = 1000) {}

  /** Returns the cached body for `key` at `revision`, rendering (and keeping) it when missing or stale. */
  async get(key: string, revision: number, render: () => Promise<string>): Promise<CachedBody> {
    const hit = this.entries.get(key);
    if (hit && hit.revision === revision) return hit;
    const bytes = Buffer.from(await render(), 'utf8');
    const etag = `"${createHash('sha1').update(bytes).digest('base64url').slice(0, 22)}"`;
    const entry = { bytes, etag, revision };
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }
}
