import type { Store } from '../storage/store.ts';
import { buildRankWindow, type RankWindow } from './rankWindow.ts';

/** A built window: which days and model it covers, the store revision it was built at, and when. */
export interface CachedWindow {
  key: string;
  revision: number;
  builtAt: number;
  win: RankWindow;
}

/**
 * The recent window every user's "For you" ranking reads, shared by all users and kept in memory by one server
 * (it lives in the server's SearchContext, never in a module-level map): rebuilt when the day or the embedding
 * model changes, or when the database changed — in any process — and the copy is older than `maxAgeMs`.
 */
export class RecentWindows {
  private cached?: CachedWindow & { startedAt: number };
  /** Orders calls and builds: a build that started after a call arrived saw every write committed before it. */
  private clock = 0;
  private readonly building = new Map<string, Promise<CachedWindow>>();

  constructor(private readonly store: Store) {}

  /** The window of papers since `since`, reused while younger than `maxAgeMs` (0 rebuilds on any change). */
  async get(since: string, maxAgeMs: number): Promise<CachedWindow> {
    const store = this.store;
    const arrived = ++this.clock;
    const model = (await store.personal.activeModel()) ?? '';
    const key = `${since}|${model}`;
    const cached = this.cached;
    const rev = store.revision();
    const fresh = cached && (cached.revision === rev || cached.startedAt > arrived || Date.now() - cached.builtAt < maxAgeMs);
    if (cached && cached.key === key && fresh) return cached;
    const shared = this.building.get(key);
    if (shared) return shared; // concurrent callers of one window share its rebuild
    const startedAt = ++this.clock;
    const build = (async () => {
      const papers = await store.personal.window(since, model);
      const dim = papers.find((p) => p.vector)?.vector?.length ?? 0;
      const built = { key, revision: rev, builtAt: Date.now(), win: buildRankWindow(papers, dim) };
      this.cached = { ...built, startedAt };
      return this.cached;
    })().finally(() => this.building.delete(key));
    this.building.set(key, build);
    return build;
  }
}
