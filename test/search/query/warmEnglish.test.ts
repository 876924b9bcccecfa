import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isEnglishTerm, isWordLike, warmEnglish } from '../../../src/search/query/englishWords.ts';

// Its own file (its own process): the English model must not have been built yet when the warm-up starts.
test('warmEnglish builds the English model in steps with a pause between them, once; the judgments are the same after', async () => {
  let pauses = 0;
  const steps = await warmEnglish(() => void pauses++);
  assert.ok(steps >= 20, `steps: ${steps}`); // 62k stems, twice over, in steps of 2,048
  assert.equal(pauses, steps, 'a pause between every two steps');
  assert.equal(await warmEnglish(() => void pauses++), 0, 'built once: a second warm-up does nothing');
  assert.equal(pauses, steps);
  for (const w of ['banana', 'cat', 'newer']) assert.ok(isEnglishTerm(w), w);
  for (const w of ['xqzvbnm', 'asdlkfj', 'zzzzqqq']) assert.ok(!isWordLike(w), w);
  for (const w of ['chatbots', 'transformer', 'diffusion']) assert.ok(isWordLike(w), w);
});
