import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PIECE_MS, timeSlices } from '../../src/jobs/timeSlices.ts';
import { CHANCE_QUERIES, chanceScores } from '../../src/search/semantic/chanceScores.ts';
import { turnsUntil } from '../helpers/eventLoopTurns.ts';

const busyFor = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

test('a time budget lets work run unbroken for its slice, then yields one turn and starts a new slice', async () => {
  const slices = timeSlices(20);
  assert.equal(slices.pause(), undefined, 'no yield before the slice is used');
  busyFor(25);
  const pause = slices.pause();
  assert.ok(pause instanceof Promise, 'a yield once the slice is spent');
  await pause;
  assert.equal(slices.pause(), undefined, 'a fresh slice after the turn');
  // 30 steps of 2 ms in 5 ms slices: the loop turns about a dozen times; without slices, once at the end
  const turns = (await turnsUntil((async () => {
    const s = timeSlices(5);
    for (let i = 0; i < 30; i++) {
      busyFor(2);
      await s.pause();
    }
  })())).turns;
  assert.ok(turns >= 8, `the event loop turned ${turns} times`);
});

test('a budget with a share below 1 rests after each slice, so the work takes at most that share of the thread', async () => {
  const slices = timeSlices(10, 1 / 3);
  busyFor(12);
  const t = performance.now();
  await slices.pause();
  assert.ok(performance.now() - t >= 20, 'rested about twice the slice it ran');
});

test('chance calibration runs its searches in pieces of about a millisecond with rests: the event loop turns, it takes at most about half the thread, and its scores come sorted', async () => {
  let searched = 0;
  let scores: Float64Array | undefined;
  const busy = (ms: number) => {
    for (const end = performance.now() + ms; performance.now() < end; );
  };
  const started = performance.now();
  const turns = (await turnsUntil((async () => {
    scores = await chanceScores(
      async (texts) => texts.map((t) => Float32Array.of(t.length)),
      (v) => (searched++, busy(1), v[0]! / 100), // a whole-index search of about 1 ms
    );
  })())).turns;
  const elapsed = performance.now() - started;
  assert.equal(searched, CHANCE_QUERIES);
  // 256 ms of searches in pieces of PIECE_MS (1 ms): a turn after about every search, never all of it at once
  assert.ok(turns >= CHANCE_QUERIES / (PIECE_MS + 1) / 2, `the event loop turned ${turns} times during ${CHANCE_QUERIES} synchronous searches`);
  // and a rest as long as each slice after it: the calibration took at most about half the thread
  assert.ok(elapsed >= CHANCE_QUERIES * 1.8, `${CHANCE_QUERIES} ms of searches took ${elapsed.toFixed(0)} ms with their rests`);
  assert.deepEqual([...scores!], [...scores!].sort((a, b) => a - b));
});
