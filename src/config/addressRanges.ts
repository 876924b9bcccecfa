import { isIP } from 'node:net';

/** An IPv4 or IPv6 range: the address as a number, its family, and how many leading bits are fixed. */
export interface AddressRange {
  family: 4 | 6;
  base: bigint;
  bits: number;
}

const v4Value = (s: string) => s.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);

function v6Value(s: string): bigint {
  let text = s.toLowerCase();
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const v = v4Value(tail[1]!);
    text = `${text.slice(0, -tail[1]!.length)}${(v >> 16n).toString(16)}:${(v & 0xffffn).toString(16)}`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const hs = groups(head);
  const ts = groups(rest);
  const all = rest === undefined ? hs : [...hs, ...Array<string>(8 - hs.length - ts.length).fill('0'), ...ts];
  return all.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/**
 * An address as a proxy header or socket gives it — `1.2.3.4`, `1.2.3.4:5678`, `[2001:db8::1]:443`, `"[::1]"`,
 * `::ffff:1.2.3.4`, `fe80::1%eth0` — in one canonical form (IPv4 dotted, IPv4-mapped IPv6 as IPv4, other IPv6 as
 * eight lowercase groups), or undefined when it is not an address (`unknown`, `_hidden`, garbage).
 */
export function normalizeAddress(text: string): string | undefined {
  let s = text.trim().replace(/^"(.*)"$/, '$1');
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(s);
  if (bracketed) s = bracketed[1]!;
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(s)) s = s.slice(0, s.lastIndexOf(':'));
  s = s.replace(/%[\w.-]+$/, '');
  const family = isIP(s);
  if (family === 4) return s.split('.').map(Number).join('.');
  if (family !== 6) return undefined;
  const v = v6Value(s);
  if (v >> 32n === 0xffffn) return [24n, 16n, 8n, 0n].map((shift) => String((v >> shift) & 0xffn)).join('.'); // ::ffff:c000:280
  return Array.from({ length: 8 }, (_, i) => ((v >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)).join(':');
}

/** Parses `10.0.0.0/8`, `2001:db8::/32` or a single address (a range of one); undefined when malformed. */
export function parseAddressRange(text: string): AddressRange | undefined {
  const [addr, prefix, extra] = text.trim().split('/');
  if (extra !== undefined || !addr) return undefined;
  const family = isIP(addr);
  if (family !== 4 && family !== 6) return undefined;
  const max = family === 4 ? 32 : 128;
  if (prefix !== undefined && !/^\d{1,3}$/.test(prefix)) return undefined;
  const bits = prefix === undefined ? max : Number(prefix);
  if (bits > max) return undefined;
  const value = family === 4 ? v4Value(addr) : v6Value(addr);
  const shift = BigInt(max - bits);
  return { family, base: (value >> shift) << shift, bits };
}

/** Whether a normalized address lies in any of the ranges (an IPv4 address never matches an IPv6 range). */
export function inRanges(address: string, ranges: AddressRange[]): boolean {
  if (!ranges.length) return false;
  const family = isIP(address);
  if (family !== 4 && family !== 6) return false;
  const value = family === 4 ? v4Value(address) : v6Value(address);
  const max = family === 4 ? 32 : 128;
  return ranges.some((r) => r.family === family && value >> BigInt(max - r.bits) === r.base >> BigInt(max - r.bits));
}

/**
 * The bucket a client address is counted in by limits: an IPv4 address itself, an IPv6 address's /64 (one
 * subscriber usually holds a whole /64, so counting single IPv6 addresses would let one client rotate freely).
 */
export function addressBucket(address: string): string {
  if (isIP(address) !== 6) return address;
  return `${address.split(':').slice(0, 4).join(':')}::/64`;
}
