import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { crc32 } from 'node:zlib';
import { readChecked } from '../../src/search/readChecked.ts';
import { readSnapshot, SnapshotUnusable, writeSnapshot } from '../../src/search/snapshotFile.ts';

test('a large snapshot is read and checksummed off this thread: the same bytes, corruption and absence still caught', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'paperwire-test-'));
  try {
    const path = join(dir, 'big.snap');
    const section = new Uint8Array(9 << 20).map((_, i) => (i * 2654435761) >>> 24);
    await writeSnapshot(path, 5, { meta: { kind: 'test', n: 1 }, sections: [section, Uint8Array.of(1, 2, 3)] });
    const direct = readFileSync(path);
    const { buf, crc } = await readChecked(path, 24);
    assert.ok(buf.equals(direct), 'the same bytes');
    assert.equal(crc, crc32(direct.subarray(24)) >>> 0);
    const back = await readSnapshot<{ kind: string; n: number }>(path, 5);
    assert.deepEqual(back.meta, { kind: 'test', n: 1 });
    assert.ok(Buffer.from(back.sections[0]!).equals(Buffer.from(section)));
    assert.deepEqual([...back.sections[1]!], [1, 2, 3]);
    direct[direct.length - 100]! ^= 0xff;
    writeFileSync(path, direct);
    await assert.rejects(readSnapshot(path, 5), (e) => e instanceof SnapshotUnusable && e.reason === 'corrupt');
    await assert.rejects(readSnapshot(join(dir, 'none.snap'), 5), (e) => e instanceof SnapshotUnusable && e.reason === 'missing');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
