/**
 * The runtime topic model: each hand-written seed joined with its mined vocabulary (vocabulary.json) and with
 * fixed, seed-independent extras (core authors, favourite organizations, baseline method names, popularity).
 * Fixed extras let benchmarks name a topic's prolific authors or methods without generating the corpus first.
 */
import { readFileSync } from 'node:fs';
import { TOPIC_SEEDS } from './topic-seeds.ts';
import { ORGANIZATIONS } from './organizations.ts';
import { FAMILY_NAMES, GIVEN_NAMES } from './person-names.ts';
import { Rng, hashString, zipfCumulative } from './rng.ts';

export interface Topic {
  id: number;
  name: string;
  cats: string[];
  tasks: string[];
  plain: string[];
  /** Key terms, most characteristic first; sample with termCum for Zipf-like frequencies. */
  terms: string[];
  termCum: Float64Array;
  /** [long form, short form] pairs, e.g. ["knowledge distillation", "KD"]. */
  acronyms: [string, string][];
  /** Datasets, benchmarks and models named in this field. */
  names: string[];
  /** Well-known method names that papers of this topic compare against. */
  baselines: string[];
  /** Word stems used to coin new method names. */
  stems: string[];
  /** 60 recurring authors, most prolific first (a name may repeat, which only makes it more prolific). */
  authors: string[];
  /** Indices into ORGANIZATIONS that publish most in this topic. */
  orgs: number[];
  /** Relative popularity (about 0.5–1.8): how often the topic is featured and upvoted. */
  hotness: number;
  /** Relative share of all papers (log-normal across topics) and its growth over the span (-1..1). */
  share: number;
  trend: number;
}

interface MinedTopic {
  terms: string[];
  acronyms: [string, string][];
  names: string[];
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const PROPER = new Map(('Gaussian Bayesian Fourier Markov Euclidean Riemannian Hessian Lipschitz Monte Carlo Laplacian ' +
  'Boltzmann Wasserstein Kalman Shapley Nash Pareto Bellman Newton Hamiltonian Lagrangian Poisson Bernoulli ' +
  'Dirichlet Turing English Chinese Arabic Transformer Transformers Mamba').split(' ').map((w) => [w.toLowerCase(), w]));
const ADJ_END = /(ed|ive|ic|ous|able|ible|ful|less|ly|ant|ent|ary|ar|est|er|al)$/;
const NOUN_OK = new Set(['retrieval', 'signal', 'interval', 'tutorial', 'potential', 'proposal', 'material', 'trial',
  'music', 'logic', 'metric', 'topic', 'graphic', 'agent', 'gradient', 'student', 'patient', 'content', 'component',
  'environment', 'embedding', 'encoder', 'decoder', 'transformer', 'layer', 'marker', 'user', 'paper', 'parameter',
  'cluster', 'filter', 'adapter', 'tracker', 'detector', 'optimizer', 'controller', 'planner', 'server', 'speaker',
  'teacher', 'answer', 'power', 'order', 'center', 'vector', 'primer', 'trajectory', 'memory', 'summary', 'library',
  'boundary', 'vocabulary', 'dictionary', 'error', 'river', 'computer', 'number', 'letter', 'scheduler', 'router',
  'classifier', 'discriminator', 'generator', 'simulator', 'compiler', 'interpreter', 'ledger', 'weather']);
const NOT_TERM = new Set(['et', 'al', 'aware', 'based', 'free', 'level', 'wise', 'grained', 'specific', 'prove', 'tight',
  'shot', 'step', 'end', 'across', 'via', 'existing', 'high', 'low', 'real-time', 'multi-view', 'non-iid', 'post-training']);

/** Restores the casing that mining lowercased: "llms" → "LLMs", "3d gaussian" → "3D Gaussian", "kd" → "KD". */
function prettify(term: string, known: Map<string, string>): string {
  return term.split(' ').map((w) => {
    const k = known.get(w) ?? PROPER.get(w);
    if (k) return k;
    if (/^\d+d$/.test(w)) return w.toUpperCase();
    const stem = w.endsWith('s') && w.length > 3 ? w.slice(0, -1) : w;
    if (stem.length <= 5 && !/[aeiouy]/.test(stem)) return stem.toUpperCase() + w.slice(stem.length);
    return w;
  }).join(' ');
}

/** Whether a mined term reads as a noun phrase, so it fits "{term}" slots ("knowledge distillation", not "distilled"). */
function isNounPhrase(term: string): boolean {
  const ws = term.split(' ');
  const last = ws[ws.length - 1];
  if (ws.some((w) => NOT_TERM.has(w)) || /^\d/.test(term)) return false;
  const tail = last.split('-').pop()!;
  return NOUN_OK.has(tail) || NOUN_OK.has(tail.replace(/s$/, '')) || !ADJ_END.test(tail) || tail.endsWith('ing');
}
const METHOD_SUFFIX = ['Former', 'Net', 'Fusion', 'Diff', 'Align', 'Flow', 'Gen', 'Mix', 'LM', 'Zero', 'Lite', 'Agent', 'X', 'Prompt', 'Bridge'];
const NAME_SUFFIX = ['Bench', '-1K', 'Set', 'QA', 'Eval', '-Hard', 'Arena', '-10K', 'World', 'Suite'];

/** "quantization" → "Quant", "splatting" → "Splat": a short prefix that reads like a method-name stem. */
export function stemOf(word: string): string {
  const m = /^[^aeiouy]*[aeiouy]+[^aeiouy]+/.exec(word.toLowerCase());
  let s = m ? m[0] : word.slice(0, 4);
  if (s.length < 4) s = word.slice(0, 4);
  if (s.length > 2 && s[s.length - 1] === s[s.length - 2]) s = s.slice(0, -1);
  return cap(s.replace(/[^a-z0-9]/g, ''));
}

/** A person's name: given name, an occasional middle initial, family name. */
export function personName(rng: Rng): string {
  const given = rng.pick(GIVEN_NAMES);
  const family = rng.pick(FAMILY_NAMES);
  return rng.chance(0.12) ? `${given} ${String.fromCharCode(65 + rng.int(26))}. ${family}` : `${given} ${family}`;
}

/** A coined method name such as "QuantFormer", "SplatMix-2" or "GRQ". */
export function methodName(rng: Rng, stems: readonly string[]): string {
  const form = rng.int(10);
  if (form < 5) return rng.pick(stems) + rng.pick(METHOD_SUFFIX);
  if (form < 7) return rng.pick(stems) + rng.pick(stems) + (rng.chance(0.3) ? `-${rng.range(2, 9)}` : '');
  if (form < 9) return Array.from({ length: rng.range(2, 4) }, () => rng.pick(stems)[0]).join('').toUpperCase() + rng.pick(['', 'Net', '++', '-R1', 'v2']);
  return `${rng.pick(stems)}-${rng.pick(['R1', 'Pro', 'Lite', 'XL', 'Plus'])}`;
}

const VOCABULARY = JSON.parse(readFileSync(new URL('./vocabulary.json', import.meta.url), 'utf8')) as { topics: MinedTopic[]; common?: string[] };

/** Frequent phrases of the whole field that belong to no one topic: the long, Zipf-sampled tail of abstracts. */
const NOUN_SUFFIX = /(tion|sion|ment|ity|ness|ance|ence|ism|sis|ogy|ics|ship)$/;
const PHRASE_END = /(tion|sion|ment|ity|ness|ance|ence|ism|ure|sis|ogy|ics|ship|ware|work|[^siu]s)$/;
/** Single words need a clear noun suffix; phrases a noun-like last word (keeps out "helps", "grounds"). */
const commonOk = (x: string) => isNounPhrase(x) && (x.includes(' ') ? PHRASE_END.test(x) || NOUN_OK.has(x.split(' ').pop()!) : NOUN_SUFFIX.test(x))
  && !/^(highlight|show|enhance|capture|ensure|improving)/.test(x) && !/^\S+ly /.test(x);
export const COMMON: readonly string[] = (VOCABULARY.common ?? []).filter(commonOk).map((x) => prettify(x, new Map()));
export const COMMON_CUM = zipfCumulative(Math.max(1, COMMON.length), 0.6);

function build(): Topic[] {
  const mined = VOCABULARY.topics;
  const orgCum = zipfCumulative(ORGANIZATIONS.length, 0.8);
  return TOPIC_SEEDS.map((seed, id) => {
    const rng = new Rng(hashString(`topic:${id}:${seed.name}`));
    const m = mined[id] ?? { terms: [], acronyms: [], names: [] };
    const known = new Map<string, string>();
    for (const [, short] of m.acronyms) known.set(short.toLowerCase(), short).set(`${short.toLowerCase()}s`, `${short}s`);
    const nouns = m.terms.filter(isNounPhrase).map((x) => prettify(x, known));
    const terms = [...new Set(nouns.length >= 10 ? nouns : [...seed.tasks, ...nouns])];
    const singles = m.terms.filter((x) => /^[a-z]{5,}$/.test(x) && isNounPhrase(x)).slice(0, 12);
    const stems = [...new Set([...singles.map(stemOf), ...m.acronyms.map((a) => a[1]).filter((s) => s.length <= 4)])];
    const acronyms = m.acronyms.map(([long, short]) => [prettify(long, new Map()), short] as [string, string]);
    for (const term of terms.filter((x) => x.split(' ').length >= 2 && !x.includes('-'))) {
      if (acronyms.length >= 6) break;
      const short = term.split(' ').map((w) => w[0].toUpperCase()).join('');
      if (!acronyms.some((a) => a[1] === short)) acronyms.push([term, short]);
    }
    const names = m.names.filter((x) => !/^[A-Z]{2}[a-z]{4,}$/.test(x));
    while (names.length < 8) names.push(rng.pick(stems) + rng.pick(NAME_SUFFIX));
    const baselines = Array.from({ length: 8 }, () => methodName(rng, stems));
    const authors = Array.from({ length: 60 }, () => personName(rng));
    const orgs = Array.from({ length: 10 }, () => rng.weighted(orgCum));
    return {
      id, name: seed.name, cats: seed.cats, tasks: seed.tasks, plain: seed.plain,
      terms, termCum: zipfCumulative(terms.length, 0.75), acronyms, names: [...new Set(names)], baselines,
      stems, authors, orgs, hotness: 0.5 + rng.next() * 1.3,
      share: Math.exp(0.7 * rng.normal()), trend: rng.next() * 2 - 1,
    };
  });
}

/** Every topic; a paper's `topic` field is an index into this array. */
export const TOPICS: readonly Topic[] = build();
