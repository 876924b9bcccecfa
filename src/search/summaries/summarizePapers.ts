import type { Store } from '../../storage/store.ts';
import type { ChatComplete } from './chatClient.ts';

const SYSTEM =
  'You summarize research papers for a paper-discovery site. Given a title and abstract, write ONE plain sentence ' +
  '(at most 40 words) saying what the paper does and what it finds. No preamble, no markdown, no hype.';

/** Cleans a model's answer into one short plain sentence, or undefined when nothing usable came back. */
export function cleanSummary(text: string): string | undefined {
  const s = text
    .replace(/<think>[\s\S]*?<\/think>/gi, '')
    .replace(/[*_`#>]+/g, '')
    .replace(/^\s*(summary|tl;?dr)\s*:\s*/i, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (s.length < 10) return undefined;
  return s.length > 400 ? `${s.slice(0, 397).replace(/\s+\S*$/, '')}…` : s;
}

/**
 * The summary background job: for papers with an abstract and no ai_summary, newest first, asks the configured
 * chat service for a one-sentence summary and stores it. Stops at the first failure of the service (the next
 * run retries); a paper whose answer is unusable is skipped for this run. Returns how many it wrote.
 */
export async function summarizePapers(store: Store, chat: ChatComplete, options: { limit?: number; signal?: AbortSignal } = {}): Promise<number> {
  const skip: number[] = [];
  let written = 0;
  while (written + skip.length < (options.limit ?? 20) && !options.signal?.aborted) {
    const [paper] = await store.searchIndex.unsummarized(1, skip);
    if (!paper) break;
    const summary = cleanSummary(await chat(SYSTEM, `Title: ${paper.title}\n\nAbstract: ${paper.abstract.slice(0, 6000)}`));
    if (!summary) {
      skip.push(paper.rowid);
      continue;
    }
    await store.searchIndex.putSummary(paper.rowid, summary);
    written++;
  }
  return written;
}
