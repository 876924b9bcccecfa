import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { memoryMap } from '../../src/search/memoryMap.ts';
import { readSnapshot, SnapshotUnusable, writeSnapshot } from '../../src/search/snapshotFile.ts';
import { tempDir } from '../helpers/testApp.ts';

/** Sections of every size class: empty, odd-sized small ones and two past the 64 KiB line (page-aligned in the file). */
const sections = () => {
  const big = new Uint8Array(300_001);
  for (let i = 0; i < big.length; i++) big[i] = (i * 31 + 7) & 255;
  const big2 = new Uint8Array(65_536).fill(9);
  return [new Uint8Array([1, 2, 3]), new Uint8Array(0), big, Uint8Array.from({ length: 13 }, (_, i) => i), big2];
};

test('sections left on disk are summed but neither mapped nor read: a piece-by-piece source writes them, the kept file reads them, a flipped byte among them fails the checksum', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'd.snap');
    const parts = sections();
    // the last two sections written from sources, in pieces (as computed or copied layouts are)
    const source = (s: Uint8Array) => ({ byteLength: s.byteLength, chunks: async function* () { for (let at = 0; at < s.length; at += 1000) yield s.subarray(at, at + 1000); } });
    const bytes = await writeSnapshot(path, 7, { meta: { keep: 3 }, sections: [...parts.slice(0, 3), source(parts[3]!), source(parts[4]!)] });
    assert.deepEqual(readFileSync(path), readFileSync((await writeSnapshot(join(dir, 'plain.snap'), 7, { meta: { keep: 3 }, sections: parts }), join(dir, 'plain.snap'))), 'the same bytes as from whole sections');
    await assert.rejects(writeSnapshot(join(dir, 'short.snap'), 7, { meta: {}, sections: [{ byteLength: 5, chunks: source(new Uint8Array(4)).chunks }] }), /gave 4 bytes, not 5/);
    for (const [map, sumOffThreadFrom] of [[true, undefined], [true, 0], [false, undefined]] as const) {
      const back = await readSnapshot<{ keep: number }>(path, 7, undefined, { map, sumOffThreadFrom, leaveOnDisk: (m) => (m as { keep: number }).keep });
      assert.deepEqual(back.sections.slice(0, 3).map((s) => Buffer.from(s)), parts.slice(0, 3).map((s) => Buffer.from(s)));
      assert.deepEqual(back.sections.slice(3).map((s) => s.byteLength), [0, 0], 'nothing of theirs in memory');
      const { file, from, offsets, lengths } = back.onDisk!;
      assert.equal(from, 3);
      for (const i of [3, 4]) {
        const out = new Uint8Array(lengths[i]!);
        assert.ok(file.readAt(out, offsets[i]!));
        assert.deepEqual(Buffer.from(out), Buffer.from(parts[i]!), `section ${i} read from the kept file (map: ${map})`);
      }
      // records at scattered places in one call (native/mmap/readRecords.c), and one readAt each without it
      const at = [offsets[4]! + 5, offsets[3]! + 2, offsets[4]! + 60_000, offsets[3]! + 9];
      const want = Buffer.concat([parts[4]!.subarray(5, 9), parts[3]!.subarray(2, 6), parts[4]!.subarray(60_000, 60_004), parts[3]!.subarray(9, 13)]);
      const addon = memoryMap()!;
      const native = addon.readRecords!;
      let calls = 0;
      for (const use of [(...a: Parameters<typeof native>) => (calls++, native(...a)), undefined]) {
        addon.readRecords = use;
        try {
          const records = new Uint8Array(16);
          assert.ok(file.readRecords(Float64Array.from(at), 4, records));
          assert.deepEqual(Buffer.from(records), want, `records read ${use ? 'natively' : 'one at a time'} (map: ${map})`);
          assert.equal(file.readRecords(Float64Array.of(offsets[3]!, offsets[4]! + lengths[4]! + 1_000_000), 4, new Uint8Array(8)), false, 'a record past the end of the file');
        } finally {
          addon.readRecords = native;
        }
      }
      assert.ok(calls >= 2, 'the native read ran');
      await file.close();
      assert.equal(file.readAt(new Uint8Array(4), offsets[3]!), false, 'no reads once closed');
      assert.equal(file.readRecords(Float64Array.of(offsets[3]!), 4, new Uint8Array(4)), false, 'nor batches');
    }
    const flipped = readFileSync(path);
    flipped[bytes - 100] ^= 1; // inside the last section
    writeFileSync(path, flipped);
    for (const [map, sumOffThreadFrom] of [[true, undefined], [true, 0], [false, undefined]] as const) {
      await assert.rejects(readSnapshot<{ keep: number }>(path, 7, undefined, { map, sumOffThreadFrom, leaveOnDisk: (m) => (m as { keep: number }).keep }), (e: unknown) => e instanceof SnapshotUnusable && e.reason === 'corrupt');
    }
  } finally {
    cleanup();
  }
});
