import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../config/config.ts';
import { openImportInput, type ImportFormat } from '../ingest/importInput.ts';
import { importPapers, type ImportSummary } from '../ingest/importPapers.ts';
import { createProgress } from '../ingest/progress.ts';
import { createLogger } from '../logging/logger.ts';
import { openStore } from '../storage/openStore.ts';
import { parseCommandArgs, UsageError } from './parseArgs.ts';

/** Prints an import summary: counts, then each skipped line with its number and reason. */
export function formatSummary(s: ImportSummary): string {
  const skippedTotal = s.skipped.length + (s.skippedMore ?? 0);
  const head = `${s.format ? `${s.format}: ` : ''}read ${s.read}, new ${s.new}, updated ${s.updated}, unchanged ${s.unchanged}, featured ${s.featured}, skipped ${skippedTotal}`;
  const resumed = s.resumedAfter ? [`resumed after line ${s.resumedAfter} (committed by an earlier, interrupted run)`] : [];
  const skipped = s.skipped.slice(0, 50).map((x) => `  line ${x.line}: ${x.reason}`);
  if (skippedTotal > 50) skipped.push(`  … and ${skippedTotal - 50} more`);
  return [head, ...resumed, ...skipped].join('\n') + '\n';
}

const FORMATS: ImportFormat[] = ['jsonl', 'kaggle', 'hf'];
const USAGE = 'usage: paperwire import [--format kaggle|hf|jsonl] [--restart] FILE   (- reads stdin; .gz read directly)';

/**
 * `paperwire import [--format F] FILE`: imports papers from paperwire's JSON lines, the Kaggle arXiv snapshot
 * or Hugging Face daily_papers JSON, gzipped or not; resumes an interrupted import of the same file; shows
 * progress; prints a summary; exits 1 when nothing could be imported.
 */
export async function importCommand(args: string[]): Promise<number> {
  const { positionals, values } = parseCommandArgs(args, { format: { type: 'string', short: 'f' }, restart: { type: 'boolean' } });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError(USAGE);
  const format = values.format as ImportFormat | undefined;
  if (format !== undefined && !FORMATS.includes(format)) throw new UsageError(`unknown format "${format}": expected one of ${FORMATS.join(', ')}`);
  if (file !== '-' && !existsSync(file)) throw new UsageError(`no such file: ${file}`);
  if (file !== '-' && !statSync(file).isFile()) throw new UsageError(`not a file: ${file}`);
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const store = await openStore(config, { migrate: config.autoMigrate });
  const runId = await store.ingest.startRun(`import:${format ?? 'auto'}`);
  const progress = createProgress('papers', { log });
  let summary: ImportSummary | undefined;
  try {
    const input = await openImportInput(file);
    const st = file === '-' ? undefined : statSync(file);
    const resumeKey = st ? `import:${resolve(file)}:${st.size}:${Math.trunc(st.mtimeMs)}` : undefined;
    if (resumeKey && values.restart) await store.ingest.clearCursor(resumeKey);
    summary = await importPapers(store, input.stream, {
      format,
      resumeKey,
      onProgress: (s) => {
        summary = s;
        progress.update({ done: s.read, position: input.bytesRead(), total: input.size });
      },
    });
    progress.finish();
    process.stdout.write(formatSummary(summary));
    const failed = summary.read > 0 && summary.new + summary.updated + summary.unchanged === 0;
    await store.ingest.updateRun(runId, countsOf(summary), {
      status: failed ? 'failed' : 'ok',
      message: `${summary.format} import of ${file === '-' ? 'stdin' : file}`,
      errors: summary.skipped.slice(0, 20).map((x) => `line ${x.line}: ${x.reason}`),
    });
    return failed ? 1 : 0;
  } catch (err) {
    progress.finish();
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`paperwire import: failed: ${message}\n`);
    if (summary) process.stdout.write(formatSummary(summary));
    await store.ingest.updateRun(runId, countsOf(summary), { status: 'failed', message, errors: [message] });
    return 1;
  } finally {
    store.close();
  }
}

/** An import summary as run-log counts. */
function countsOf(s: ImportSummary | undefined) {
  return { read: s?.read ?? 0, new: s?.new ?? 0, updated: s?.updated ?? 0, unchanged: s?.unchanged ?? 0, skipped: (s?.skipped.length ?? 0) + (s?.skippedMore ?? 0), requests: 0 };
}
