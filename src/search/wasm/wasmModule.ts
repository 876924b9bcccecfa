/**
 * A few helpers to assemble tiny WebAssembly modules byte by byte (no toolchain, nothing downloaded): the SIMD
 * inner loops of the embedding model and of the vector index are each one exported function over an imported
 * memory. Shared so the encoding lives in one place.
 */

/** Value type bytes. */
export const I32 = 0x7f;
export const V128 = 0x7b;

/** Unsigned LEB128, the encoding of every count and index in a module. */
export function u32(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

/** A section: its id, then its length-prefixed body. */
export const section = (id: number, body: number[]) => [id, ...u32(body.length), ...body];
/** A length-prefixed name. */
export const str = (s: string) => [...u32(s.length), ...Buffer.from(s)];
/** local.get / local.set. */
export const get = (i: number) => [0x20, i];
export const set = (i: number) => [0x21, i];
/** A SIMD instruction (0xfd prefix) with its immediates. */
export const simd = (op: number, ...imm: number[]) => [0xfd, ...u32(op), ...imm];

/**
 * A module with one function `name` of `params` i32 parameters, returning nothing, whose body is `body`
 * (locals declarations included), over a memory imported as `m.mem`.
 */
export function singleFunctionModule(name: string, params: number, body: number[]): Uint8Array<ArrayBuffer> {
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, params, ...new Array(params).fill(I32), 0]),
    ...section(2, [1, ...str('m'), ...str('mem'), 0x02, 0x00, 1]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...str(name), 0x00, 0]),
    ...section(10, [1, ...u32(body.length), ...body]),
  ]);
}
