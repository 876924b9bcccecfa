/**
 * Writes models/english/stems.txt: the analysed form (src/search/lexical/analyzer.ts: lower case, American
 * spelling, Porter stem) of every single alphabetic word of three or more letters in WordNet 3.0, sorted, one a
 * line. Search uses it to tell an everyday word the corpus lacks ("banana") from a string that is no word at all
 * ("xqzvbnm"). usage: apt-get install wordnet-base && npx tsx scripts/build-english-stems.ts [/usr/share/wordnet]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { normalizeWord } from '../src/search/lexical/analyzer.ts';

const dir = process.argv[2] ?? '/usr/share/wordnet';
const stems = new Set<string>();
for (const pos of ['noun', 'verb', 'adj', 'adv']) {
  for (const line of readFileSync(join(dir, `index.${pos}`), 'utf8').split('\n')) {
    if (line.startsWith(' ')) continue;
    const lemma = line.slice(0, line.indexOf(' '));
    if (/^[a-z]{3,}$/.test(lemma)) stems.add(normalizeWord(lemma));
  }
  // irregular forms (mice, ran, better) name words too
  for (const line of readFileSync(join(dir, `${pos}.exc`), 'utf8').split('\n')) {
    const form = line.split(' ')[0] ?? '';
    if (/^[a-z]{3,}$/.test(form)) stems.add(normalizeWord(form));
  }
}
const out = resolve('models/english/stems.txt');
writeFileSync(out, [...stems].sort().join('\n') + '\n');
console.log(`${stems.size} stems → ${out}`);
