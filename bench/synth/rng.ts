/**
 * A small, fast, seedable PRNG (sfc32 seeded through splitmix32) and the sampling helpers the generator needs.
 * It exists so that the same seed yields byte-identical corpora on every machine and Node version:
 * nothing in bench/synth may call Math.random.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const split = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = split();
    this.b = split();
    this.c = split();
    this.d = split();
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** Next unsigned 32-bit integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Standard normal deviate (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Index drawn from cumulative weights (see cumulative()). */
  weighted(cum: Float64Array): number {
    const x = this.next() * cum[cum.length - 1];
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Item drawn with a Zipf-like preference for the front of the list. */
  zipf<T>(items: readonly T[], cum: Float64Array = zipfCumulative(items.length)): T {
    return items[this.weighted(cum)];
  }
}

/** Running sums of weights, for Rng.weighted. */
export function cumulative(weights: readonly number[]): Float64Array {
  const cum = new Float64Array(weights.length);
  let s = 0;
  weights.forEach((w, i) => (cum[i] = s += w));
  return cum;
}

const zipfCache = new Map<number, Float64Array>();
/** Cumulative Zipf weights 1/(rank+1)^s for n items, cached (s in steps of 0.01). */
export function zipfCumulative(n: number, s = 1): Float64Array {
  const key = n * 1024 + Math.round(s * 100);
  let cum = zipfCache.get(key);
  if (!cum) {
    cum = cumulative(Array.from({ length: n }, (_, i) => 1 / Math.pow(i + 1, s)));
    zipfCache.set(key, cum);
  }
  return cum;
}

/** FNV-1a hash of a string, to derive per-item seeds. */
export function hashString(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
