import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AcronymTable } from '../../../src/search/lexical/acronyms.ts';
import { readLexicalSnapshot, writeLexicalSnapshot } from '../../../src/search/lexical/lexicalSnapshot.ts';
import { LexicalIndex } from '../../../src/search/lexical/lexicalIndex.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const texts = [
  'We apply knowledge distillation (KD) to compress language models.',
  'Knowledge distillation (KD) with a teacher ensemble.',
  'Key detection (KD) in music audio.',
  'Large language models (LLMs) reason poorly about graph neural networks (GNNs).',
  'Graph neural networks (GNN) for molecules; message passing neural networks (MPNN).',
  'Reinforcement learning (RL) from human feedback (RLHF) aligns large language models (LLM).',
  'Robust learning (RL) under label noise.',
  'Physics-informed neural networks (PINNs) solve partial differential equations (PDEs).',
];

test('the acronym table round-trips through its packed form: counts, both maps’ orders, expand and contract alike', () => {
  const a = new AcronymTable();
  for (const t of texts) a.learn(t);
  for (const t of texts.slice(0, 2)) a.learn(t); // counts above one
  const packed = a.exportForms();
  assert.ok(packed.counts.length >= 8, `forms learned: ${packed.counts.length}`);
  const b = new AcronymTable();
  b.importForms(packed);
  assert.equal(b.size, a.size);
  for (const short of ['kd', 'llm', 'gnn', 'rl', 'pinn', 'pde', 'mpnn', 'rlhf']) assert.deepEqual(b.expand(short), a.expand(short), short);
  // contract reads analysed terms (stems), as the query side passes them
  const sentence = 'knowledg distil for graph neural network and larg languag model with reinforc learn'.split(' ');
  assert.deepEqual(b.contract(sentence), a.contract(sentence), 'the same acronyms in the same order');
  assert.ok(a.contract(sentence).length >= 3);
  assert.deepEqual(b.exportForms(), packed, 'exporting the copy gives the same parts');
  const broken = { ...packed, firstOrder: packed.firstOrder.map((x) => x + 1000) };
  assert.throws(() => new AcronymTable().importForms(broken), /disagree/);
});

test('a lexical snapshot carries the packed acronym table', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'paperwire-test-'));
  try {
    const index = new LexicalIndex();
    texts.forEach((t, i) => index.add({ id: `p${i}`, rowid: i + 1, title: t, abstract: t, authors: [], categories: [], publishedAt: '2024-01-01', hasCode: false, upvotes: 0 }));
    const path = join(dir, 'lexical.snap');
    await writeLexicalSnapshot(path, { position: 3, state: index.exportState() });
    const back = await readLexicalSnapshot(path);
    assert.deepEqual(back.state.acronyms, index.exportState().acronyms);
    const loaded = LexicalIndex.fromState(back.state);
    assert.deepEqual(loaded.acronyms.expand('kd'), index.acronyms.expand('kd'));
    assert.ok(loaded.acronyms.expand('kd').length > 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
