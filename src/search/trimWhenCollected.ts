import { addonWith } from './memoryMap.ts';

/** The addon's call into the C library's allocator (native/mmap/mmap.c). */
interface Trim {
  /** Gives the allocator's free pages back to the system (glibc's malloc_trim); false where it gave none or cannot. */
  trimMemory(): boolean;
}

/** How long after a collection the trim waits: the collector frees array memory on its own threads shortly after. */
const AFTER_COLLECTION_MS = 2_000;

let registry: FinalizationRegistry<Trim> | undefined;

/**
 * Gives the memory of `dropped` (an index replaced by a mapped one, its arrays a gigabyte at field size) back to
 * the system once the collector has freed it: glibc keeps freed pages in the middle of its heap for reuse, where
 * the server's resident memory would count them until the next restart. Does nothing without the addon.
 */
export function trimWhenCollected(dropped: object): void {
  const addon = addonWith<Trim>('trimMemory');
  if (!addon) return;
  registry ??= new FinalizationRegistry((trim) => setTimeout(() => trim.trimMemory(), AFTER_COLLECTION_MS).unref());
  registry.register(dropped, addon);
}
