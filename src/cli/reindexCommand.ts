import { loadConfig } from '../config/config.ts';
import { createLogger } from '../logging/logger.ts';
import { createKeywordJob } from '../search/keywords/keywordJob.ts';
import { createSearchContext } from '../search/searchContext.ts';
import { createEmbedder } from '../search/semantic/createEmbedder.ts';
import { createSemanticSearch } from '../search/semantic/semanticSearch.ts';
import { openStore } from '../storage/openStore.ts';
import { UsageError } from './main.ts';
import { parseCommandArgs } from './parseArgs.ts';

/** A one-line progress bar for a terminal (redrawn in place) or a log (one line per tenth). */
export function progressLine(label: string, done: number, total: number, startedMs: number, width = 30): string {
  const frac = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(frac * width);
  const secs = Math.max(0.001, (Date.now() - startedMs) / 1000);
  return `${label.padEnd(10)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(frac * 100)).padStart(3)}% ${done}/${total} ${Math.round(done / secs)}/s`;
}

/**
 * `paperwire reindex`: queues every paper again and rebuilds, with a progress bar, the semantic vectors of the
 * configured model (`--embeddings`) and the extracted keywords (`--keywords`); both when neither is named.
 * Safe while the server runs: both take from the same queue, and vectors are keyed by model.
 */
export async function reindexCommand(args: string[]): Promise<number> {
  const { values: flags, positionals } = parseCommandArgs(args, { embeddings: { type: 'boolean' }, keywords: { type: 'boolean' } });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const all = !flags.embeddings && !flags.keywords;
  const config = loadConfig();
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const store = await openStore(config, { migrate: config.autoMigrate });
  const tty = process.stderr.isTTY;
  const show = (line: string, final = false) => process.stderr.write(tty ? `\r${line}${final ? '\n' : ''}` : `${line}\n`);
  try {
    if (all || flags.embeddings) {
      const embedder = createEmbedder(config);
      if (!embedder) {
        if (flags.embeddings) throw new UsageError('no embedding model is configured (set PAPERWIRE_EMBEDDINGS_URL, or turn PAPERWIRE_SEMANTIC on)');
        process.stderr.write('embeddings: no model configured, skipped\n');
      } else {
        // the vectors reach every server through the vector change feed; this process keeps no index of its own
        const semantic = createSemanticSearch(store, embedder, log);
        await store.searchIndex.useModel(embedder.id);
        await store.searchIndex.requeueAll('embed');
        const total = await store.searchIndex.queuedCount('embed');
        const started = Date.now();
        let shown = -1;
        await semantic.embedPending({
          onProgress: (done) => {
            const tenth = Math.floor((done / Math.max(1, total)) * 10);
            if (tty || tenth > shown) (show(progressLine('embeddings', done, total, started)), (shown = tenth));
          },
        });
        show(progressLine('embeddings', total, total, started), true);
      }
    }
    if (all || flags.keywords) {
      await store.searchIndex.requeueAll('keywords');
      const total = await store.searchIndex.queuedCount('keywords');
      const started = Date.now();
      await createKeywordJob(createSearchContext(store))({ batch: 500, onProgress: (done) => show(progressLine('keywords', done, total, started)) });
      show(progressLine('keywords', total, total, started), true);
    }
    return 0;
  } finally {
    store.close();
  }
}
