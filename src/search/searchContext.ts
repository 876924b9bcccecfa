import { RecentWindows } from '../personal/recentWindows.ts';
import type { Store } from '../storage/store.ts';
import type { RankingSettings } from './hybridHits.ts';
import type { LexicalIndex } from './lexical/lexicalIndex.ts';
import { join } from 'node:path';
import type { Logger } from '../logging/logger.ts';
import { LEXICAL_SNAPSHOT_NAME } from './lexical/lexicalSnapshot.ts';
import { SyncedIndex } from './lexical/syncedIndex.ts';

/**
 * What hybrid and semantic search need from the semantic side (src/search/semantic implements it): the papers
 * nearest in meaning to a query text, or to a paper, best first.
 */
export interface SemanticRanker {
  search(text: string, limit: number): Promise<{ id: string; score: number }[]>;
  similar?(id: string, limit: number): Promise<{ id: string; score: number }[]>;
  /** Dot products between the stored vectors of papers, every pair (undefined if one is not embedded): for neighbour smoothing. */
  gram?(ids: string[]): Float64Array | undefined;
  /** The best scores random word salads get, ascending: what this model finds close by chance on this corpus (chanceScores.ts). */
  chanceScores?(): Promise<Float64Array>;
  /** Whether the stored vectors are loaded (readiness); absent means nothing to load. */
  readonly loaded?: boolean;
  /** How many vectors are in memory, and the vector feed position they reflect (readiness and lag reports). */
  readonly size?: number;
  readonly position?: number;
  /** Brings the vectors up to date with the change feed (the server's follower calls it every second). */
  sync?(): Promise<void>;
  /**
   * Saves the vectors to their snapshot now if they changed since the last save (the server calls it on shutdown,
   * with `stopBuild`: a cluster build in progress is stopped rather than waited for).
   */
  persist?(options?: { stopBuild?: boolean }): Promise<void>;
  /** Ends its background work and timers (the server calls it on shutdown, after `persist`). */
  close?(): void;
}

/**
 * The search state of one server (or one CLI run, or one test): its lexical index, its semantic ranker when
 * configured, For you's shared window, and how far warm-up has got. Created once by `paperwire serve` (and by
 * the CLI and tests) and handed to the app and the use cases; nothing is kept in module-level maps. Every
 * index in it follows a change log in the database, so all servers over one database answer alike.
 */
export interface SearchContext {
  store: Store;
  lexical: SyncedIndex;
  semantic?: SemanticRanker;
  /** How hybrid search fuses and refines; DEFAULT_RANKING unless set (the evaluation sweeps it). */
  ranking?: RankingSettings;
  /** The recent-papers window every user's For you ranking reads. */
  windows: RecentWindows;
  /** How long a request (an `interactive` search, similar papers, For you) waits for the first lexical build before it is refused or answered without it. */
  requestWaitMs: number;
  /** Set by `setWarmUp` (searchJobs): settles when warm-up (vectors loaded; on a small instance, every paper embedded) is over. */
  warmUp?: Promise<void>;
  /** True while that warm-up runs. */
  warmingUp: boolean;
  /** Set by searchJobs: settles when the warm-up searches after it (not part of readiness) are done. */
  searchesWarmed?: Promise<void>;
  /** The folder the search snapshots live in (`<data folder>/search`); unset: nothing is saved (CLI runs, tests). */
  snapshotDir?: string;
}

/** A search asked for while the server's search index is still being built: answered 503 with Retry-After. */
export class SearchNotReadyError extends Error {
  readonly retryAfterS = 2;
  constructor() {
    super('search is starting up: the search index is still being built; try again in a few seconds');
  }
}

/** A fresh search context over a store; nothing is built until the first search, `warm`, or the server's start. */
export function createSearchContext(store: Store, options: { requestWaitMs?: number; workers?: number; snapshotDir?: string; log?: Logger } = {}): SearchContext {
  const { snapshotDir, log } = options;
  return {
    store,
    snapshotDir,
    lexical: new SyncedIndex(store.lexical, () => store.revision(), options.workers, undefined, snapshotDir ? { path: join(snapshotDir, LEXICAL_SNAPSHOT_NAME), log } : undefined),
    windows: new RecentWindows(store),
    requestWaitMs: options.requestWaitMs ?? Number.POSITIVE_INFINITY,
    warmingUp: false,
  };
}

/**
 * The lexical index for a request: at once when built (caught up from the change log), else after waiting up to
 * `requestWaitMs` for the first build (which keeps going); undefined when that was not enough.
 */
export async function readyLexical(ctx: Pick<SearchContext, 'lexical' | 'requestWaitMs'>): Promise<LexicalIndex | undefined> {
  const current = ctx.lexical.current();
  if (ctx.lexical.isBuilt || ctx.requestWaitMs === Number.POSITIVE_INFINITY) return current;
  current.catch(() => undefined); // a failed build is logged by the server; this request just goes without
  if (ctx.requestWaitMs <= 0) return undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ctx.requestWaitMs);
  });
  try {
    return await Promise.race([current, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** What `/readyz` reports: ready once the lexical index is built, the vectors loaded and warm-up over. */
export interface SearchReadiness {
  ready: boolean;
  lexical: { built: boolean; papers: number; position: number };
  semantic?: { loaded: boolean; vectors: number; position: number };
  warmedUp: boolean;
}

/** Whether this context's search is ready to serve, with the sizes and change-log positions behind the answer. */
export function searchReadiness(ctx: SearchContext): SearchReadiness {
  const sem = ctx.semantic;
  const semantic = sem && { loaded: sem.loaded ?? true, vectors: sem.size ?? 0, position: sem.position ?? 0 };
  return {
    ready: ctx.lexical.isBuilt && (semantic?.loaded ?? true) && !ctx.warmingUp,
    lexical: { built: ctx.lexical.isBuilt, papers: ctx.lexical.index.size, position: ctx.lexical.position },
    semantic,
    warmedUp: !ctx.warmingUp,
  };
}

/** Records the warm-up of a context (it must not reject), so that readiness waits for it. */
export function setWarmUp(ctx: SearchContext, warmUp: Promise<void>): void {
  ctx.warmingUp = true;
  ctx.warmUp = warmUp.finally(() => (ctx.warmingUp = false));
}
