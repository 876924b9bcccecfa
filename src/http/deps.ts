import type { Config } from '../config/config.ts';
import type { Logger } from '../logging/logger.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { MetricsRegistry } from '../metrics/metricsRegistry.ts';
import type { SearchContext } from '../search/searchContext.ts';
import type { Store } from '../storage/store.ts';
import type { PageCache } from './pageCache.ts';

/** What every route needs, handed over once when the app is built (no globals, nothing opened at import). */
export interface AppDeps {
  store: Store;
  config: Config;
  log: Logger;
  cache: PageCache;
  /** Today's date (YYYY-MM-DD); tests pin it. */
  today: () => string;
  /** This server's search state (indexes, For you window, warm-up): created once by `serve`, or by createApp when absent. */
  search: SearchContext;
  /** Outgoing mail; defaults to the mailer the configuration describes (SMTP or the outbox folder). */
  mailer?: Mailer;
  /** This server's metrics: when given, requests are timed into it and `/metrics` serves it (with the configured token). */
  metrics?: MetricsRegistry;
}
