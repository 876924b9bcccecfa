/**
 * Builds the glossary search reads (models/glossary/glossary.tsv.gz, src/search/glossary/loadGlossary.ts) from the
 * (description → term) pairs that training/definitions.py mined from the arXiv corpus (.corpus/defs.tsv.xz:
 * kind, description, term, paper id). usage: npx tsx scripts/build-glossary.ts [--in FILE.tsv.xz] [--out FILE.tsv.gz]
 * [--kinds known_as,refers_to,is_a,which] [--min-count N] [--no-aggregate]
 * --min-count (default 2) keeps terms described at least N times (case-insensitive); each term's descriptions are joined
 * into one entry unless --no-aggregate. The defaults build the shipped glossary (docs/search.md).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { GLOSSARY_FILE, GLOSSARY_HEADER, loadGlossary } from '../src/search/glossary/loadGlossary.ts';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const input = opt('in') ?? '.corpus/defs.tsv.xz';
const out = opt('out') ?? GLOSSARY_FILE;
const kinds = new Set((opt('kinds') ?? 'known_as,refers_to,is_a,which').split(','));
const minCount = Number(opt('min-count') ?? 2);
const aggregate = !args.includes('--no-aggregate');

const raw = input.endsWith('.xz') ? execFileSync('xz', ['-dc', input], { maxBuffer: 1 << 30 }).toString('utf8') : execFileSync('cat', [input], { maxBuffer: 1 << 30 }).toString('utf8');
const clean = (s: string) => s.replace(/[\t\r\n]+/g, ' ').replace(/\s+/g, ' ').trim();
const pairs: { term: string; description: string }[] = [];
for (const line of raw.split('\n')) {
  if (!line || line.startsWith('#')) continue;
  const [kind, description, term] = line.split('\t');
  if (!kind || !kinds.has(kind) || !description || !term) continue;
  pairs.push({ term: clean(term), description: clean(description) });
}
const counts = new Map<string, number>();
for (const p of pairs) counts.set(p.term.toLowerCase(), (counts.get(p.term.toLowerCase()) ?? 0) + 1);
let kept = pairs.filter((p) => counts.get(p.term.toLowerCase())! >= minCount);
if (aggregate) {
  const byTerm = new Map<string, { term: string; descriptions: Set<string> }>();
  for (const p of kept) {
    const key = p.term.toLowerCase();
    const e = byTerm.get(key) ?? { term: p.term, descriptions: new Set<string>() };
    e.descriptions.add(p.description);
    byTerm.set(key, e);
  }
  kept = [...byTerm.values()].map((e) => ({ term: e.term, description: [...e.descriptions].join(' ; ') }));
}
const seen = new Set<string>();
kept = kept.filter((p) => {
  const key = `${p.term}\t${p.description}`;
  return !seen.has(key) && (seen.add(key), true);
});
const text = [`${GLOSSARY_HEADER}\t${kept.length}`, ...kept.map((p) => `${p.term}\t${p.description}`)].join('\n') + '\n';
writeFileSync(out, gzipSync(text, { level: 9 }));
const check = loadGlossary(out);
console.log(`${out}: ${check.size} entries from ${pairs.length} pairs of kinds ${[...kinds].join(',')} (min count ${minCount}${aggregate ? ', aggregated' : ''}); ${(gzipSync(text).length / 1e6).toFixed(2)} MB`);
