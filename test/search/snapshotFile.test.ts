import assert from 'node:assert/strict';
import { closeSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
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

test('the memory-map addon is built in this checkout (npm ci builds it), so the mapped path below is the one serve uses', () => {
  assert.ok(memoryMap(), 'native/mmap/build/Release/paperwire_mmap.node loads');
});

test('a snapshot reads back the same mapped and read into buffers; large sections start on a page of the file', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 's.snap');
    const parts = sections();
    const bytes = await writeSnapshot(path, 7, { meta: { kind: 'test', n: 5 }, sections: parts });
    assert.equal(statSync(path).size, bytes);
    const file = readFileSync(path);
    for (const [map, sumOffThreadFrom] of [[true, undefined], [true, 0], [false, undefined]] as const) {
      const back = await readSnapshot<{ kind: string; n: number }>(path, 7, undefined, { map, sumOffThreadFrom });
      assert.deepEqual(back.meta, { kind: 'test', n: 5 });
      assert.deepEqual(back.sections.map((s) => Buffer.from(s)), parts.map((s) => Buffer.from(s)), `map: ${map}, summed in a worker from ${sumOffThreadFrom}`);
      const at = file.indexOf(Buffer.from(parts[2]!.subarray(0, 64)));
      assert.equal(at % 4096, 0, 'the 300 KB section starts on a page');
    }
  } finally {
    cleanup();
  }
});

test('a flipped byte, a cut file or a wrong format is refused on every path (mapped and summed here or in a worker, read), with the reason', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 's.snap');
    await writeSnapshot(path, 7, { meta: { kind: 'test' }, sections: sections() });
    const good = readFileSync(path);
    const bigAt = good.indexOf(Buffer.from(sections()[2]!.subarray(0, 64)));
    const cases: [string, Buffer, number, string][] = [
      ['a flipped byte in a big section', Buffer.from(good).fill(0xee, 200_000, 200_001), 7, 'corrupt'],
      ['a flipped byte in the padding', (() => { const b = Buffer.from(good); b[bigAt - 1]! ^= 1; return b; })(), 7, 'corrupt'],
      ['a cut file', good.subarray(0, good.length - 4096), 7, 'corrupt'],
      ['trailing bytes', Buffer.concat([good, Buffer.alloc(8)]), 7, 'corrupt'],
      ['not a snapshot', Buffer.from('hello'), 7, 'corrupt'],
      ['another format', good, 8, 'format'],
    ];
    for (const [what, bytes, format, reason] of cases) {
      writeFileSync(path, bytes);
      for (const [map, sumOffThreadFrom] of [[true, undefined], [true, 0], [false, undefined]] as const) {
        await assert.rejects(readSnapshot(path, format, undefined, { map, sumOffThreadFrom }), (e: unknown) => e instanceof SnapshotUnusable && e.reason === reason, `${what}, map: ${map}, worker from ${sumOffThreadFrom}`);
      }
    }
    for (const map of [true, false]) {
      await assert.rejects(readSnapshot(join(dir, 'none.snap'), 7, undefined, { map }), (e: unknown) => e instanceof SnapshotUnusable && e.reason === 'missing');
    }
  } finally {
    cleanup();
  }
});

test('a mapped section is private: writing into it changes neither the file nor a second mapping', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 's.snap');
    await writeSnapshot(path, 7, { meta: {}, sections: sections() });
    const before = readFileSync(path);
    const a = await readSnapshot(path, 7);
    a.sections[2]!.fill(0);
    assert.deepEqual(readFileSync(path), before, 'the file is unchanged');
    const b = await readSnapshot(path, 7);
    assert.equal(b.sections[2]![1], 38, 'a fresh mapping sees the file, not the other copy');
  } finally {
    cleanup();
  }
});

test('a section with a target lands there: mapped page by page into WebAssembly memory when aligned, copied when not', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 's.snap');
    const parts = sections();
    await writeSnapshot(path, 7, { meta: {}, sections: parts });
    for (const [offset, map] of [[8192, true], [8200, true], [8192, false]] as const) {
      const memory = new WebAssembly.Memory({ initial: 10 });
      const view = new Uint8Array(memory.buffer);
      view.fill(0xaa);
      const target = view.subarray(offset, offset + parts[2]!.length);
      const back = await readSnapshot(path, 7, (_meta, i) => (i === 2 ? target : undefined), { map });
      assert.equal(back.sections[2], target, 'the section is the target');
      assert.deepEqual(Buffer.from(target), Buffer.from(parts[2]!), `offset ${offset}, map: ${map}`);
      assert.equal(view[offset - 1], 0xaa, 'the bytes before the target are untouched');
      assert.equal(view[offset + parts[2]!.length], 0xaa, 'the bytes after it too');
      target[0] = 1; // writable, and private
      assert.equal(readFileSync(path).includes(Buffer.from(parts[2]!.subarray(0, 64))), true);
      memory.grow(1); // growing the memory keeps the mapped rows
      assert.deepEqual(Buffer.from(new Uint8Array(memory.buffer, offset + 1, 1000)), Buffer.from(parts[2]!.subarray(1, 1001)));
    }
  } finally {
    cleanup();
  }
});

test('a mapped read brings only the sections asked for into resident memory; the others fault in when read', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'p.snap');
    const MB4 = 4 * 2 ** 20;
    await writeSnapshot(path, 7, { meta: { kind: 'test' }, sections: [new Uint8Array(MB4).fill(3), new Uint8Array(MB4).fill(5)] });
    // this process's resident kB of its mappings of the file (the page cache alone does not count)
    const residentKb = () => {
      let kb = 0;
      let inFile = false;
      for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
        if (/^[0-9a-f]+-[0-9a-f]+ /.test(line)) inFile = line.endsWith(path);
        else if (inFile && line.startsWith('Rss:')) kb += Number(/(\d+)/.exec(line)![1]);
      }
      return kb;
    };
    const back = await readSnapshot(path, 7, undefined, { sumOffThreadFrom: 0, prefault: (i) => i === 0 });
    const loaded = residentKb();
    assert.ok(loaded >= 4096 && loaded < 4096 + 1024, `the first section resident, not the second: ${loaded} kB`);
    assert.equal(back.sections[1]![MB4 - 1], 5, 'the second section reads the same');
    let sum = 0;
    for (let i = 0; i < MB4; i += 4096) sum += back.sections[1]![i]!;
    assert.equal(sum, 5 * 1024);
    assert.ok(residentKb() >= 8192, 'read, it is resident too');
  } finally {
    cleanup();
  }
});

test('a section asked for in huge pages is read into its target, not mapped: bytes equal, checksum checked, the file rewritten later does not show through', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'h.snap');
    const MB3 = 3 * 2 ** 20 + 12_345; // over a huge page, not a whole number of pages
    const rows = Uint8Array.from({ length: MB3 }, (_, i) => (i * 7 + 3) & 255);
    await writeSnapshot(path, 7, { meta: {}, sections: [new Uint8Array([4, 5]), rows] });
    for (const sumOffThreadFrom of [0, 1 << 30]) {
      const memory = new WebAssembly.Memory({ initial: Math.ceil((MB3 + 65_536) / 65_536) });
      const target = new Uint8Array(memory.buffer, 65_536, MB3);
      const back = await readSnapshot(path, 7, (_meta, i) => (i === 1 ? target : undefined), { huge: (i) => i === 1, sumOffThreadFrom });
      assert.equal(back.sections[1], target, 'the section is the target');
      assert.ok(Buffer.from(target).equals(Buffer.from(rows)), `the bytes read (checksum ${sumOffThreadFrom ? 'here' : 'in a worker'})`);
      // a mapping shares the page cache's pages until written; a read copy keeps what it read
      const offset = readFileSync(path).indexOf(Buffer.from(rows.subarray(0, 4096)));
      const fd = openSync(path, 'r+');
      writeSync(fd, Buffer.alloc(8192, 0xee), 0, 8192, offset + 2 ** 20);
      closeSync(fd);
      assert.equal(target[2 ** 20], rows[2 ** 20], 'rewriting the file after the read does not change the rows');
      await writeSnapshot(path, 7, { meta: {}, sections: [new Uint8Array([4, 5]), rows] });
    }
    // a flipped byte inside the rows is refused like any other
    const bytes = readFileSync(path);
    bytes[bytes.length - 100] ^= 1;
    writeFileSync(path, bytes);
    const memory = new WebAssembly.Memory({ initial: Math.ceil((MB3 + 65_536) / 65_536) });
    await assert.rejects(
      readSnapshot(path, 7, (_meta, i) => (i === 1 ? new Uint8Array(memory.buffer, 65_536, MB3) : undefined), { huge: () => true, sumOffThreadFrom: 1 << 30 }),
      (e: unknown) => e instanceof SnapshotUnusable && e.reason === 'corrupt',
    );
  } finally {
    cleanup();
  }
});

test('the addon read refuses bad arguments and a missing file with the errno name', async () => {
  const mm = memoryMap()!;
  assert.throws(() => mm.readInto(new ArrayBuffer(8), 4, '/nowhere', 0, 8), (e: NodeJS.ErrnoException) => e.code === 'EINVAL');
  await assert.rejects(mm.readInto(new ArrayBuffer(8), 0, '/nowhere/paperwire.snap', 0, 8), (e: NodeJS.ErrnoException) => e.code === 'ENOENT' && /nowhere/.test(e.message));
});

test('two writes of one snapshot at once (a timer’s and a shutdown’s) each leave a whole file, never one mixed of both', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 's.snap');
    // many sections, so the two writes interleave their chunks
    const of = (v: number) => Array.from({ length: 40 }, (_, i) => new Uint8Array(70_000 + i).fill((v + i) & 255));
    for (let round = 0; round < 5; round++) {
      await Promise.all([writeSnapshot(path, 7, { meta: { v: 1 }, sections: of(1) }), writeSnapshot(path, 7, { meta: { v: 2 }, sections: of(2) })]);
      const back = await readSnapshot<{ v: number }>(path, 7, undefined, { map: false });
      assert.deepEqual(back.sections.map((s) => Buffer.from(s)), of(back.meta.v).map((s) => Buffer.from(s)), `round ${round}: the file is one write's`);
    }
  } finally {
    cleanup();
  }
});
