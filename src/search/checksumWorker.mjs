// The checksum of a mapped snapshot, computed off the server thread (snapshotFile.ts): the file is read in 8 MB
// pieces with read(), so the server's mapping of it is not touched — its pages become resident only where a search
// reads them — and the sum runs on another core while the server thread sets up the index.
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { crc32 } from 'node:zlib';

const { path, from, to } = workerData;
const fd = openSync(path, 'r');
try {
  const buf = Buffer.allocUnsafe(8 << 20);
  let crc = 0;
  for (let at = from; at < to; ) {
    const n = readSync(fd, buf, 0, Math.min(buf.length, to - at), at);
    if (!n) throw new Error('truncated');
    crc = crc32(buf.subarray(0, n), crc);
    at += n;
  }
  parentPort.postMessage({ crc: crc >>> 0 });
} catch (err) {
  parentPort.postMessage({ error: err instanceof Error ? err.message : String(err) });
} finally {
  closeSync(fd);
}
