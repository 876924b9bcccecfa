import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AcronymTable, findAcronymPairs } from '../../src/search/lexical/acronyms.ts';
import { analyze, terms } from '../../src/search/lexical/analyzer.ts';
import { porterStem } from '../../src/search/lexical/porterStemmer.ts';

test('Porter stemming joins inflections', () => {
  for (const [a, b] of [['quantization', 'quantized'], ['distillation', 'distilling'], ['models', 'model'], ['relational', 'relate']]) {
    assert.equal(porterStem(a), porterStem(b), `${a} ~ ${b}`);
  }
});

test('British and American spellings meet', () => {
  for (const [a, b] of [['optimisation', 'optimization'], ['colour', 'color'], ['modelling', 'modeling'], ['normalised', 'normalized'], ['centre', 'center'], ['analyse', 'analyze'], ['behaviour', 'behavior']]) {
    assert.deepEqual(terms(a), terms(b), `${a} ~ ${b}`);
  }
  assert.notDeepEqual(terms('denoise'), terms('denoize'), 'words that only look British are left alone');
  assert.deepEqual(terms('supervised'), terms('supervise'));
});

test('hyphenated words index their parts and the joined word; plurals and accents fold', () => {
  assert.deepEqual(terms('pre-training'), ['pre', 'train', 'pretrain']);
  assert.ok(terms('pretraining').every((t) => terms('pre-training').includes(t)));
  assert.deepEqual(terms('LLMs'), terms('LLM'));
  assert.deepEqual(terms('naïve'), terms('naive'));
  assert.deepEqual(terms('the of and'), [], 'stopwords are not indexed');
  assert.deepEqual(terms('constructor __proto__ toString'), ['constructor', 'proto', 'tostr'], 'object property names are plain words');
  assert.deepEqual(analyze('x b-c').map((t) => t.pos), [0, 1, 2, 2]);
});

test('acronym pairs are mined from "long form (ACR)" and work both ways', () => {
  const text = 'We study knowledge distillation (KD), post-training quantization (PTQ) and a Mixture-of-Experts (MoE); results (2024) hold (ours).';
  assert.deepEqual(findAcronymPairs(text).map((p) => `${p.short}=${p.long}`), ['KD=knowledge distillation', 'PTQ=post-training quantization', 'MoE=Mixture-of-Experts']);
  const table = new AcronymTable();
  table.learn(text);
  assert.deepEqual(table.expand('kd')[0]?.terms, ['knowledg', 'distil']);
  assert.deepEqual(table.expand('moe')[0]?.terms, ['mixtur', 'expert']);
  assert.deepEqual(table.contract(['fast', 'knowledg', 'distil']), ['kd']);
  assert.deepEqual(table.expand('xyz'), []);
});
