import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { Glossary } from './glossary.ts';

/** The bundled glossary (built by scripts/build-glossary.ts from training/definitions.py's pairs). */
export const GLOSSARY_FILE = fileURLToPath(new URL('../../../models/glossary/glossary.tsv.gz', import.meta.url));

/** The first line of a glossary file; the number of entries follows it after a tab. */
export const GLOSSARY_HEADER = 'paperwire-glossary v1';

/** A glossary file that cannot be read as one: says which file and what is wrong with it. */
export class GlossaryCorruptError extends Error {
  constructor(path: string, why: string) {
    super(`glossary file ${path} is corrupt: ${why} (rebuild it with scripts/build-glossary.ts)`);
    this.name = 'GlossaryCorruptError';
  }
}

/**
 * Reads a glossary file: gzip of a header line (`paperwire-glossary v1<TAB>count`), then one `term<TAB>description`
 * line per entry. Anything else (not gzip, another header, a count that does not match, a line without both
 * fields) throws GlossaryCorruptError rather than searching with half a glossary.
 */
export function loadGlossary(path: string): Glossary {
  let text: string;
  try {
    text = gunzipSync(readFileSync(path)).toString('utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw err;
    throw new GlossaryCorruptError(path, `not gzip (${err instanceof Error ? err.message : String(err)})`);
  }
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const [magic, count] = (lines[0] ?? '').split('\t');
  if (magic !== GLOSSARY_HEADER) throw new GlossaryCorruptError(path, `the first line is not "${GLOSSARY_HEADER}<TAB>count"`);
  if (Number(count) !== lines.length - 1) throw new GlossaryCorruptError(path, `the header promises ${count} entries, the file holds ${lines.length - 1}`);
  const entries = lines.slice(1).map((line, i) => {
    const [term, description, extra] = line.split('\t');
    if (!term?.trim() || !description?.trim() || extra !== undefined) throw new GlossaryCorruptError(path, `line ${i + 2} is not "term<TAB>description"`);
    return { term, description };
  });
  return new Glossary(entries);
}
