/**
 * Turns a topic plus a seeded PRNG into a paper's title and abstract, by filling the shared sentence templates
 * with the topic's Zipf-sampled terms, acronyms (spelled out on first use, "knowledge distillation (KD)"),
 * names and baselines. Kept separate from paper assembly so text realism can evolve on its own.
 */
import { Rng, zipfCumulative } from './rng.ts';
import { CLAUSE_TEMPLATES, MOVES, TITLE_FORMS, WORDS, type Move } from './sentence-templates.ts';
import { COMMON, COMMON_CUM, type Topic } from './topics.ts';

type Part = string | { slot: string; cap: boolean };

function compile(tpl: string): Part[] {
  return tpl.split(/(\{\w+\})/).filter(Boolean).map((p) => {
    if (!p.startsWith('{')) return p;
    const name = p.slice(1, -1);
    return { slot: name.toLowerCase(), cap: name[0] !== name[0].toLowerCase() };
  });
}

const COMPILED = Object.fromEntries(Object.entries(MOVES).map(([k, v]) => [k, v.map(compile)])) as Record<Move, Part[][]>;
const TITLES = TITLE_FORMS.map(compile);
const SMALL = new Set(['a', 'an', 'the', 'for', 'of', 'in', 'on', 'with', 'via', 'and', 'to', 'from', 'by', 'at', 'or']);

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const titleWord = (w: string, i: number) =>
  i > 0 && SMALL.has(w) ? w : w.split('-').map((p) => (/[A-Z]/.test(p) ? p : cap(p))).join('-');

/** Per-paper state while composing its text. */
export interface TextContext {
  rng: Rng;
  topic: Topic;
  /** A second topic the paper borrows some vocabulary from, or null. */
  other: Topic | null;
  method: string;
  introduced: Set<string>;
}

function term(c: TextContext, avoid?: string): string {
  if (COMMON.length && c.rng.chance(0.1)) return COMMON[c.rng.weighted(COMMON_CUM)];
  for (let tries = 0; tries < 4; tries++) {
    const t = c.other && c.rng.chance(0.2) ? c.other : c.topic;
    const w = t.terms[c.rng.weighted(t.termCum)];
    if (w !== avoid) return w;
  }
  return c.topic.terms[c.rng.int(c.topic.terms.length)];
}

const task = (c: TextContext) => (c.rng.chance(0.6) ? c.rng.pick(c.topic.tasks) : term(c));
const z = <T>(c: TextContext, items: readonly T[]) => c.rng.zipf(items);
const pct = (c: TextContext) => `${(c.rng.range(5, 250) / 10).toFixed(1)}%`;

function acronym(c: TextContext, title: boolean): string {
  const list = c.topic.acronyms;
  if (list.length === 0) return term(c);
  const [long, short] = list[c.rng.weighted(zipfCumulative(list.length))];
  if (title || c.introduced.has(short)) return short;
  c.introduced.add(short);
  return `${long} (${short})`;
}

function fill(c: TextContext, slot: string, title: boolean, prev: string): string {
  switch (slot) {
    case 'term': return term(c);
    case 'term2': case 'term3': return term(c, prev);
    case 'task': return task(c);
    case 'field': return c.topic.name;
    case 'common': case 'common2': {
      if (COMMON.length === 0) return term(c);
      const w = COMMON[c.rng.weighted(COMMON_CUM)];
      return w === prev ? COMMON[c.rng.int(COMMON.length)] : w;
    }
    case 'method': return c.method;
    case 'acr': return acronym(c, title);
    case 'name': return z(c, c.topic.names);
    case 'name2': { const n = c.rng.pick(c.topic.names); return n === prev ? c.topic.baselines[0] : n; }
    case 'baseline': return c.rng.pick(c.topic.baselines);
    case 'pct': return pct(c);
    case 'times': return `${(1.2 + c.rng.next() * 6).toFixed(1)}×`;
    case 'n': return z(c, WORDS.count);
    case 'adj': case 'adj2': return z(c, WORDS.adj);
    case 'property': return title ? z(c, WORDS.propertyTitle) : z(c, WORDS.property);
    case 'gerund': return z(c, WORDS.gerund);
    default: return z(c, WORDS[slot as keyof typeof WORDS] as readonly string[]);
  }
}

function render(c: TextContext, parts: Part[], title: boolean): string {
  let out = '';
  let prev = '';
  for (const p of parts) {
    if (typeof p === 'string') { out += p; continue; }
    const v = fill(c, p.slot, title, prev);
    prev = v;
    out += title ? v.split(' ').map(titleWord).join(' ') : p.cap ? cap(v) : v;
  }
  return title ? cap(out) : out;
}

/** A title such as "QuantFormer: Efficient Post-Training Quantization for Edge Inference". */
export function composeTitle(c: TextContext): string {
  return render(c, TITLES[c.rng.weighted(zipfCumulative(TITLES.length, 0.7))], true);
}

const CLAUSES = CLAUSE_TEMPLATES.map(compile);
const article = (s: string) => (s.indexOf('a ') === -1 && !s.startsWith('A ') ? s : s.replace(/\b([Aa]) (?=[aeiou](?!ni|se|sa|ti))/g, '$1n '));

function composeSentence(c: TextContext, move: Move, used: Set<Part[]>): string {
  const list = COMPILED[move];
  let tpl = list[c.rng.weighted(zipfCumulative(list.length, 0.8))];
  for (let i = 0; i < 4 && used.has(tpl); i++) tpl = list[c.rng.int(list.length)];
  used.add(tpl);
  let s = render(c, tpl, false);
  if (move !== 'experiments' && c.rng.chance(0.7)) {
    s = s.slice(0, -1) + render(c, c.rng.pick(CLAUSES), false) + '.';
  }
  return article(s);
}
/** Number of words in a sentence (spaces + 1), without allocating. */
function words(s: string): number {
  let n = 1;
  for (let i = s.indexOf(' '); i !== -1; i = s.indexOf(' ', i + 1)) n++;
  return n;
}

/** An abstract of 5–9 sentences and about 120–250 words, in the usual order of rhetorical moves. */
export function composeAbstract(c: TextContext, codeUrl?: string): string {
  const r = c.rng;
  const used = new Set<Part[]>();
  let total = 0;
  const say = (move: Move) => {
    const s = composeSentence(c, move, used);
    total += words(s);
    return s;
  };
  const head = [say('context')];
  if (r.chance(0.4)) head.push(say('context'));
  head.push(say('problem'), say('proposal'));
  const tail = [say('experiments')];
  if (r.chance(0.5)) tail.push(say('experiments'));
  if (r.chance(0.5)) tail.push(say('conclusion'));
  if (codeUrl && r.chance(0.3)) tail.push(`Code is available at ${codeUrl}.`);
  const details = [say('detail')];
  for (let i = Math.min(r.int(3), 8 - head.length - tail.length); i > 0; i--) details.push(say('detail'));
  while (total < 150 && head.length + details.length + tail.length < 9) details.push(say('detail'));
  while (total > 250 && head.length + details.length + tail.length > 5 && details.length > 1) total -= words(details.pop()!);
  return `${head.join(' ')} ${details.join(' ')} ${tail.join(' ')}`;
}
