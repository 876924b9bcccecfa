import { loadConfig } from '../config/config.ts';
import { createSearchContext } from '../search/searchContext.ts';
import { searchPapers, type SearchMode, type SearchSort } from '../search/searchPapers.ts';
import { openStore } from '../storage/openStore.ts';
import { UsageError } from './main.ts';
import { parseCommandArgs } from './parseArgs.ts';

/**
 * `paperwire search QUERY [--mode lexical|hybrid|semantic] [--sort relevance|date|upvotes] [--limit N] [--json]`:
 * the same search as the web page and API (lexical here: the semantic index lives in the server), one line per
 * paper.
 */
export async function searchCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    mode: { type: 'string', default: 'lexical' },
    sort: { type: 'string' },
    limit: { type: 'string', default: '20' },
    json: { type: 'boolean', default: false },
  });
  const q = positionals.join(' ').trim();
  if (!q) throw new UsageError('give a query: paperwire search "knowledge distillation year:2024"');
  if (!['lexical', 'hybrid', 'semantic'].includes(values.mode!)) throw new UsageError('--mode must be lexical, hybrid or semantic');
  if (values.sort && !['relevance', 'date', 'upvotes'].includes(values.sort)) throw new UsageError('--sort must be relevance, date or upvotes');
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError('--limit must be a whole number from 1 to 1000');
  const store = await openStore(loadConfig());
  try {
    const r = await searchPapers(createSearchContext(store), { q, mode: values.mode as SearchMode, sort: values.sort as SearchSort | undefined, limit });
    for (const p of r.problems) process.stderr.write(`note: ${p}\n`);
    if (values.json) process.stdout.write(`${JSON.stringify({ total: r.total, papers: r.papers.map((p) => ({ id: p.id, title: p.title, publishedAt: p.publishedAt, upvotes: p.upvotes })) })}\n`);
    else {
      for (const p of r.papers) process.stdout.write(`${p.id}\t${p.publishedAt ?? '—'}\t${p.title}\n`);
      process.stderr.write(`${r.totalExact ? '' : 'about '}${r.total} papers matched (${r.mode})\n`);
    }
    return 0;
  } finally {
    store.close();
  }
}
