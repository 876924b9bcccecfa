import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { holdProcessMemory } from '../../src/jobs/processMemory.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { memoryMap } from '../../src/search/memoryMap.ts';

/** This process's own resident memory (RssAnon), in MB. */
const ownMb = () => Number(/RssAnon:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

test('trimMalloc gives the pages of freed malloc memory back to the kernel (holes the heap keeps otherwise)', async () => {
  const addon = memoryMap();
  assert.ok(addon?.trimMalloc && addon.limitMallocArenas, 'the addon (npm ci builds it) has the malloc calls');
  // 64 KiB buffers come from malloc's heap, below its mmap threshold; freeing every other one leaves 48 MB of
  // holes between live neighbours, which free() never gives back by itself
  let bufs: (Buffer | undefined)[] = Array.from({ length: 1536 }, () => Buffer.alloc(65_536, 1));
  for (let i = 0; i < bufs.length; i += 2) bufs[i] = undefined;
  gc();
  await new Promise((r) => setTimeout(r, 300)); // backing stores are freed after the collection, off-thread
  const before = ownMb();
  assert.equal(await addon.trimMalloc(), true, 'some pages went back');
  const after = ownMb();
  assert.ok(before - after > 24, `resident memory fell by more than half the holes: ${before.toFixed(0)} → ${after.toFixed(0)} MB`);
  assert.equal(bufs.filter(Boolean).every((b) => b![65_535] === 1), true, 'live buffers are untouched');
  bufs = [];
});

test('holdProcessMemory trims on its interval until stopped', async () => {
  const held = holdProcessMemory(createLogger('silent'), 20);
  try {
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(held.trims() >= 3, `trims ran: ${held.trims()}`);
  } finally {
    held.stop();
  }
  await new Promise((r) => setTimeout(r, 50)); // a trim already queued may still finish
  const n = held.trims();
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(held.trims(), n, 'no trim after stop');
});
