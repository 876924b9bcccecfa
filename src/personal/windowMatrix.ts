import { createSimdDots, dotRow, type SimdDots } from '../search/semantic/simdDots.ts';

const PAGE = 65_536;
const align = (n: number) => Math.ceil(n / 16) * 16;

/**
 * The recommender's window of vectors as int8 rows with one scale each, scored against a float query in the
 * vector index's WebAssembly SIMD kernel (simdDots.ts) — a quarter of float32's memory and about ten times
 * faster than a JavaScript loop over floats. The query is written as int16 (scaled to ±32767), so a score is
 * the exact integer dot product times the two scales; without SIMD the same integers come from a JavaScript
 * loop, so both paths rank alike. Every buffer is allocated once, at build: a call allocates nothing.
 */
export class WindowMatrix {
  readonly rows: number;
  /** Per row: the int8 vector's scale, 0 when the paper has no vector (its cosine is then 0). */
  readonly scales: Float32Array;
  private kernel: SimdDots | undefined;
  private data: Int8Array;
  private q16: Int16Array;
  private slots: Int32Array;
  private picked: Int32Array;
  private out: Int32Array;
  private at: { q: number; slots: number; picked: number; out: number; data: number };

  constructor(readonly dim: number, vectors: ({ vector?: Int8Array; scale: number } | undefined)[], options: { simd?: boolean } = {}) {
    const n = (this.rows = vectors.length);
    const q = 0;
    const slots = align(q + dim * 2);
    const picked = align(slots + n * 4);
    const out = align(picked + n * 4);
    const data = align(out + n * 4);
    this.at = { q, slots, picked, out, data };
    const bytes = data + n * dim;
    if (dim % 8 === 0 && dim > 0 && options.simd !== false) this.kernel = createSimdDots(Math.max(1, Math.ceil(bytes / PAGE)));
    const buf = this.kernel?.memory.buffer ?? new ArrayBuffer(bytes);
    this.q16 = new Int16Array(buf, q, dim);
    this.slots = new Int32Array(buf, slots, n);
    this.picked = new Int32Array(buf, picked, n);
    this.out = new Int32Array(buf, out, n);
    this.data = new Int8Array(buf, data, n * dim);
    this.scales = new Float32Array(n);
    vectors.forEach((v, i) => {
      this.slots[i] = i;
      if (!v?.vector || v.vector.length !== dim) return;
      this.data.set(v.vector, i * dim);
      this.scales[i] = v.scale;
    });
  }

  /** Whether dot products run in WebAssembly SIMD. */
  get simd(): boolean {
    return this.kernel !== undefined;
  }

  /** `into[i] = max(into[i], cosine(q, row i))` for every row: one pass of the kernel over the whole window. */
  maxCosines(q: Float32Array, into: Float32Array): void {
    const inv = this.writeQuery(q);
    this.dots(this.at.slots, this.slots, this.rows);
    const out = this.out;
    const scales = this.scales;
    for (let i = 0; i < this.rows; i++) {
      const c = out[i]! * scales[i]! * inv;
      if (c > into[i]!) into[i] = c;
    }
  }

  /** `into[j] = cosine(q, row rows[j])` for a few rows (the picks whose reason is a saved paper). */
  cosinesAt(q: Float32Array, rows: ArrayLike<number>, into: Float32Array): void {
    const n = Math.min(rows.length, this.rows);
    for (let j = 0; j < n; j++) this.picked[j] = rows[j]!;
    const inv = this.writeQuery(q);
    this.dots(this.at.picked, this.picked, n);
    for (let j = 0; j < n; j++) into[j] = this.out[j]! * this.scales[rows[j]!]! * inv;
  }

  /** Writes q as int16 lanes; returns the factor that undoes the scaling. */
  private writeQuery(q: Float32Array): number {
    let max = 0;
    for (let d = 0; d < this.dim; d++) max = Math.max(max, Math.abs(q[d]!));
    const scale = max > 0 ? 32_767 / max : 1;
    for (let d = 0; d < this.dim; d++) this.q16[d] = Math.round(q[d]! * scale);
    return 1 / scale;
  }

  /** out[j] = Σ q16[d] · data[slots[j]·dim + d] for j < n, in the kernel or the same integers in JavaScript. */
  private dots(slotsAt: number, slots: Int32Array, n: number): void {
    if (this.kernel) return this.kernel.dots(this.at.q, this.at.data, this.dim, slotsAt, n, this.at.out);
    const { dim, data, q16, out } = this;
    for (let j = 0; j < n; j++) out[j] = dotRow(q16, data, slots[j]! * dim, dim); // wraps like the kernel's int32 lanes
  }
}
