import type { Context, MiddlewareHandler } from 'hono';
import { inRanges, normalizeAddress, parseAddressRange, type AddressRange } from '../config/addressRanges.ts';
import type { AppEnv } from './viewer.ts';

/** The hops a `Forwarded` header (RFC 7239) lists in its `for=` parameters, client first. */
function forwardedHops(header: string): string[] {
  const elements = header.match(/(?:[^,"]|"[^"]*")+/g) ?? [];
  return elements.map((e) => /(?:^|;)\s*for\s*=\s*("[^"]*"|[^;\s]*)/i.exec(e)?.[1] ?? '');
}

/** Walks the hops from the right while the address in hand is a trusted proxy; the first untrusted one is the client. */
function walk(peer: string, hops: string[], trusted: AddressRange[]): string {
  let current = peer;
  for (let i = hops.length - 1; i >= 0 && inRanges(current, trusted); i--) {
    const hop = normalizeAddress(hops[i]!);
    if (!hop) return current; // a trusted proxy wrote "unknown" or an obfuscated name: stop at that proxy
    current = hop;
  }
  return current;
}

/**
 * The client's address for a request that came from `peer`. Proxy headers count only when the peer is a trusted
 * proxy, and then only the hops that trusted proxies appended: the rightmost untrusted address is the client,
 * so whatever a client writes into the header itself is never believed. When both X-Forwarded-For and
 * Forwarded are present and name different clients, neither is believed (a client added one of them) and the
 * proxy's own address is used.
 */
export function resolveClientAddress(peer: string, headers: { xForwardedFor?: string; forwarded?: string }, trusted: AddressRange[]): string {
  const p = normalizeAddress(peer) ?? peer;
  if (!inRanges(p, trusted)) return p;
  const viaXff = headers.xForwardedFor === undefined ? undefined : walk(p, headers.xForwardedFor.split(','), trusted);
  const viaForwarded = headers.forwarded === undefined ? undefined : walk(p, forwardedHops(headers.forwarded), trusted);
  if (viaXff !== undefined && viaForwarded !== undefined && viaXff !== viaForwarded) return p;
  return viaXff ?? viaForwarded ?? p;
}

const socketAddress = (c: Context) =>
  (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress ?? 'unknown';

/** Resolves each request's client address once (see `resolveClientAddress`), for `clientAddress(c)` to read. */
export function clientAddressMiddleware(trustedProxies: string[]): MiddlewareHandler<AppEnv> {
  const trusted = trustedProxies.map((t) => parseAddressRange(t)!).filter(Boolean);
  return async (c, next) => {
    c.set('clientAddress', resolveClientAddress(socketAddress(c), { xForwardedFor: c.req.header('x-forwarded-for'), forwarded: c.req.header('forwarded') }, trusted));
    await next();
  };
}

/**
 * The address of the client behind a request — the one helper every limit, log line and check uses, so a
 * reverse proxy in front never makes all clients one. "unknown" in in-process tests without a socket.
 */
export function clientAddress(c: Context<AppEnv>): string {
  return c.get('clientAddress') ?? normalizeAddress(socketAddress(c)) ?? socketAddress(c);
}
