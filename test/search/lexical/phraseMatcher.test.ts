import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containsPhrase } from '../../../src/search/highlight.ts';
import { phraseMatcher } from '../../../src/search/lexical/phraseMatcher.ts';

const WORDS = ['Müller', 'über-model', 'ÉTAT', 'μ-law', '𝒳', 'model', 'models', 'modelling', 'language', 'Language', 'large', 'pre', 'training', 'pre-training', "model's", 's', 'ai', 'aid',
  'state-of-the-art', 'naïve', 'colour', 'color', 'of', 'the', 'learning', 'learned', 'x', "it's", 'LLM', 'LLMs', '3D', 'Gaussian', 'mixture-of-experts'];
const SEPS = [' ', ' ', ' ', ', ', '. ', ' (', ') ', '-', "'", '\n'];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

test('phraseMatcher answers exactly as containsPhrase on random texts and phrases', () => {
  const r = rng(3);
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)]!;
  let yes = 0;
  for (let i = 0; i < 4_000; i++) {
    const n = 1 + Math.floor(r() * 120);
    let text = '';
    for (let k = 0; k < n; k++) text += pick(WORDS) + pick(SEPS);
    const phrase = Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(WORDS)).join(' ');
    const expected = containsPhrase(text, phrase);
    assert.equal(phraseMatcher(phrase)(text), expected, `${phrase} in ${text}`);
    if (expected) yes++;
  }
  assert.ok(yes > 400 && yes < 3_600, `both outcomes are exercised (${yes} matches)`);
});

test('phraseMatcher finds phrases across case, plurals and hyphens, and not words out of order', () => {
  const m = phraseMatcher('large language models');
  assert.equal(m('We study Large Language Model scaling.'), true);
  assert.equal(m('language models that are large'), false);
  assert.equal(phraseMatcher('pre training')('Self-supervised pre-training helps.'), true);
  assert.equal(phraseMatcher('naive bayes')('A naïve Bayes baseline.'), true);
});
