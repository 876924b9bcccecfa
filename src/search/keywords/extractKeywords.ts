/** English function words and the stock words of abstracts: they never start or end a keyword. */
const STOP = new Set(
  `a about above across after again against all almost also although always among an and another any are around as at
  be because been before being below between both but by can could did do does doing done down during each either
  else enough especially et etc even ever every few for from further had has have having here how however i if in
  into is it its itself just less like made make makes many may more most much must namely near nearly neither no
  nor not now of off often on once one only onto or other others otherwise our out over own per perhaps rather
  same several shall she should since so some such than that the their them then there thereby therefore these
  they this those though three through thus to together too toward towards two under unlike until up upon us use
  used uses using via was we well were what when where whether which while who whom whose why will with within
  without would yet you your
  able achieve achieves achieved achieving address addresses approach approaches based benchmark benchmarks
  better code comprehensive conduct demonstrate demonstrates effective effectively efficient existing experiment
  experiments extensive framework frameworks furthermore first further introduce introduces key large leverage
  leverages method methods new novel outperform outperforms paper performance present presents previous problem
  propose proposed proposes provide provides recent recently remains result results second show shows significant
  significantly simple state strong study studies superior task tasks various work works art available across
  publicly release released github https http www com model models data different high wide range several`.split(/\s+/),
);

/** Document frequency of a word or phrase in the corpus, and the corpus size. */
export interface CorpusStats {
  documents: number;
  df(termOrPhrase: string): number;
}

/**
 * Corpus statistics read from a cache of document frequencies (the keyword job's, in a worker or not): a term the
 * cache lacks counts as in one paper and goes to `missing`, so a first pass learns what to look up before the second scores.
 */
export function cachedStats(documents: number, cache: ReadonlyMap<string, number>, missing: (term: string) => void): CorpusStats {
  return {
    documents,
    df: (term) => {
      const hit = cache.get(term);
      if (hit === undefined) missing(term);
      return hit ?? 1;
    },
  };
}

interface Candidate {
  key: string;
  words: string[];
  forms: Map<string, number>;
  count: number;
  inTitle: boolean;
}

const WORD = /[A-Za-z][A-Za-z0-9]*(?:[-'][A-Za-z0-9]+)*/g;
const URL = /\bhttps?:\/\/\S+|\b[\w.-]+\.(?:com|org|io|net|ai|github)\b\S*|\S+@\S+/g;
const BREAK = /[.,;:!?()[\]{}"“”]|\s[-–—]\s/;

/** Candidate phrases: runs of up to three content words between stopwords and punctuation, counted per text. */
function candidates(title: string, abstract: string): Map<string, Candidate> {
  const found = new Map<string, Candidate>();
  const add = (words: string[], inTitle: boolean) => {
    const key = words.map((w) => w.toLowerCase().replace(/(?<=[a-z]{3}|^[a-z]{2})s$/, '')).join(' ');
    const c = found.get(key) ?? { key, words: key.split(' '), forms: new Map(), count: 0, inTitle: false };
    const form = words.map((w) => (/^[A-Z0-9-]{2,}s?$/.test(w) || /[A-Z].*[A-Z]/.test(w) ? w : w.toLowerCase())).join(' ');
    c.forms.set(form, (c.forms.get(form) ?? 0) + 1);
    c.count += inTitle ? 3 : 1;
    c.inTitle ||= inTitle;
    found.set(key, c);
  };
  for (const [raw, inTitle] of [[title, true], [abstract, false]] as const) {
    const text = raw.replace(URL, ' . ');
    for (const chunk of text.split(BREAK)) {
      let run: string[] = [];
      const flush = () => {
        for (let n = 1; n <= Math.min(3, run.length); n++) for (let i = 0; i + n <= run.length; i++) add(run.slice(i, i + n), inTitle);
        run = [];
      };
      for (const w of chunk.match(WORD) ?? []) {
        const lower = w.toLowerCase();
        if (STOP.has(lower) || (w.length < 3 && !/^[A-Z]{2}$/.test(w)) || /\d{4}/.test(w) || w.length > 30) flush();
        else run.push(w);
      }
      flush();
    }
  }
  return found;
}

/**
 * Extractive keywords of one paper, from corpus statistics: candidate phrases (up to three content words) are
 * scored by the inverse document frequency of their words in the whole corpus, by how often the paper uses them
 * (the title counting thrice), with a bonus for phrases other papers use too (an established term rather than
 * a chance run of words). Sub-phrases of a chosen keyword are skipped. Shown as chips and returned as ai_keywords.
 */
export function extractKeywords(title: string, abstract: string, stats: CorpusStats, limit = 6): string[] {
  const n = Math.max(1, stats.documents);
  const idf = (w: string) => Math.log((n + 1) / (Math.max(0, stats.df(w) - 1) + 0.5));
  const scored: { c: Candidate; score: number }[] = [];
  for (const c of candidates(title, abstract).values()) {
    const weights = c.words.map(idf);
    if (weights.some((w) => w < Math.log(2))) continue; // a word in most papers says nothing about this one
    let score = (weights.reduce((a, b) => a + b, 0) / Math.sqrt(c.words.length)) * Math.log(1 + c.count);
    if (c.words.length > 1) {
      if (c.count < 2 || /ing$/.test(c.words[0]!)) continue;
      score *= stats.df(c.key) >= 2 ? 1.6 : 1.2;
    }
    scored.push({ c, score });
  }
  scored.sort((a, b) => b.score - a.score || a.c.key.localeCompare(b.c.key));
  const chosen: Candidate[] = [];
  for (const { c } of scored) {
    if (chosen.length >= limit) break;
    const inside = chosen.some((k) => ` ${k.key} `.includes(` ${c.key} `) || ` ${c.key} `.includes(` ${k.key} `));
    if (!inside) chosen.push(c);
  }
  return chosen.map((c) => [...c.forms].sort((a, b) => b[1] - a[1])[0]![0]);
}
