import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createProgress, progressText } from '../../src/ingest/progress.ts';
import { createLogger } from '../../src/logging/logger.ts';

/** A stand-in for process.stderr: records what is written, terminal or not. */
const output = (isTTY: boolean) => {
  const writes: string[] = [];
  return { writes, out: { isTTY, write: (s: string) => (writes.push(s), true) } as unknown as NodeJS.WriteStream };
};

test('progress text: count and rate; with a known total, percent, a bar and the ETA', () => {
  assert.equal(progressText('papers', { done: 12_345 }, 5_000), '12,345 papers, 2,469/s');
  assert.equal(progressText('papers', { done: 30_000, position: 250, total: 1000 }, 15_000, 10), '[###.......] 25.0% 30,000 papers, 2,000/s, ETA 0:45');
  assert.equal(progressText('papers', { done: 900_000, position: 1, total: 4 }, 3_600_000), '25.0% 900,000 papers, 250/s, ETA 3:00:00', 'hours');
  assert.equal(progressText('papers', { done: 0, position: 0, total: 10 }, 0), '0.0% 0 papers, 0/s, ETA --:--', 'no ETA before anything is done');
});

test('on a terminal the bar is redrawn in place at most every 200 ms and cleared at the end', () => {
  let now = 1_000;
  const { writes, out } = output(true);
  const progress = createProgress('papers', { out, now: () => now });
  now += 100;
  progress.update({ done: 10, position: 10, total: 100 });
  assert.equal(writes.length, 0, 'not before 200 ms');
  now += 150;
  progress.update({ done: 50, position: 50, total: 100 });
  assert.equal(writes.length, 1);
  assert.match(writes[0]!, /^\r\[#{15}\.{15}\] 50\.0% 50 papers, 200\/s, ETA 0:00\x1b\[K$/);
  now += 200;
  progress.update({ done: 60, position: 60, total: 100 });
  assert.equal(writes.length, 2);
  progress.finish();
  assert.equal(writes.at(-1), '\r\x1b[K', 'the bar is erased before the summary');
});

test('without a terminal: a plain log line every 10 s, no control characters, and nothing to clear', () => {
  let now = 0;
  const lines: string[] = [];
  const { writes, out } = output(false);
  const progress = createProgress('papers', { out, log: createLogger('info', (l) => lines.push(l)), now: () => now });
  for (let s = 1; s <= 25; s++) {
    now = s * 1000;
    progress.update({ done: s * 1000, position: s, total: 50 });
  }
  progress.finish();
  assert.equal(writes.length, 0, 'nothing written to the stream itself');
  assert.equal(lines.length, 2, 'at 10 s and 20 s');
  assert.match(lines[0]!, /^\S+ info progress: 20\.0% 10,000 papers, 1,000\/s, ETA 0:40$/);
  assert.match(lines[1]!, /progress: 40\.0% 20,000 papers, 1,000\/s, ETA 0:30$/);
  assert.ok(lines.every((l) => !/[\r\x1b]/.test(l)));

  const bare = output(false);
  const plain = createProgress('records', { out: bare.out, everyMs: 1000, now: () => now });
  now += 1500;
  plain.update({ done: 3 });
  assert.deepEqual(bare.writes, [`progress: 3 records, 2/s\n`], 'without a logger, a plain line on the stream');
});
