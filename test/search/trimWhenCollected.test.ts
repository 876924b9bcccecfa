import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { addonWith } from '../../src/search/memoryMap.ts';

const MODULE = fileURLToPath(new URL('../../src/search/trimWhenCollected.ts', import.meta.url));

/**
 * A child process (its own heap, the collector exposed) fills 256 MB of small arrays — the C library's heap, below
 * its mapping threshold — behind one array it keeps, hands them to trimWhenCollected, drops and collects them, and
 * reports its own memory (RssAnon, MB) with them, once they are freed, and after the trim's delay.
 */
const CHILD = `
  import { readFileSync } from 'node:fs';
  const { trimWhenCollected } = await import(${JSON.stringify(MODULE)});
  const anon = () => Number(/RssAnon:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) / 1024;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  let held = { arrays: Array.from({ length: 4096 }, () => new Uint8Array(64 * 1024).fill(1)) };
  const kept = new Uint8Array(64 * 1024).fill(2); // above them in the heap: free() alone cannot shrink it
  const full = anon();
  trimWhenCollected(held);
  held = undefined;
  for (let i = 0; i < 3; i++) { globalThis.gc(); await sleep(100); }
  const freed = anon();
  await sleep(2_600);
  console.log(JSON.stringify({ full, freed, trimmed: anon(), kept: kept[0] }));
`;

test('the memory of an index dropped for its mapped snapshot goes back to the system once collected (glibc keeps it otherwise)', { skip: process.platform !== 'linux' && 'reads /proc' }, () => {
  assert.ok(addonWith<{ trimMemory(): boolean }>('trimMemory'), 'npm ci builds the addon with trimMemory');
  const run = spawnSync(process.execPath, ['--expose-gc', ...process.execArgv, '--input-type=module', '-e', CHILD], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const { full, freed, trimmed } = JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<string, number>;
  assert.ok(full - freed < 64, `free() alone gives little back (${full.toFixed(0)} → ${freed.toFixed(0)} MB): the case the trim is for`);
  assert.ok(freed - trimmed > 192, `the trim gave the freed arrays back (${freed.toFixed(0)} → ${trimmed.toFixed(0)} MB)`);
});
