import { availableParallelism } from 'node:os';
import type { Logger } from '../logging/logger.ts';
import { memoryMap } from '../search/memoryMap.ts';

/** How often the server gives malloc's free pages back to the kernel. */
export const TRIM_EVERY_MS = 2000;

/**
 * Holds the server's malloc to what it uses (issue 20: resident memory after queries at field size), through the
 * native addon where it is built on glibc: worker threads share at most a few malloc arenas (glibc's default is 8
 * per core, each keeping what its thread freed), and every TRIM_EVERY_MS the free pages of every arena and of the
 * main heap (holes left by freed query buffers and SQLite pages) go back to the kernel, on a thread of libuv's
 * pool. Call before worker threads start; returns the stop. Without the addon (or off glibc) it does nothing.
 */
export function holdProcessMemory(log: Logger, everyMs = TRIM_EVERY_MS): { stop: () => void; trims: () => number } {
  const addon = memoryMap();
  let trims = 0;
  if (!addon?.limitMallocArenas || !addon.trimMalloc) return { stop: () => {}, trims: () => trims };
  const arenas = Math.min(4, Math.max(2, availableParallelism()));
  if (!addon.limitMallocArenas(arenas)) return { stop: () => {}, trims: () => trims };
  log.debug('malloc held to the memory in use', { arenas, trimEveryMs: everyMs });
  const trim = addon.trimMalloc.bind(addon);
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void trim().finally(() => {
      running = false;
      trims++;
    });
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer), trims: () => trims };
}
