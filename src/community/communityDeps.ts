import type { Config } from '../config/config.ts';
import type { Logger } from '../logging/logger.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { Store } from '../storage/store.ts';

/** What the community use cases need; built once by the app (or the CLI) and passed to each entry point. */
export interface CommunityDeps {
  store: Store;
  config: Config;
  log: Logger;
  mailer: Mailer;
  /** Today's date (YYYY-MM-DD); tests pin it. */
  today: () => string;
}
