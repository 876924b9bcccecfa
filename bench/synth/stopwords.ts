/**
 * English function words and academic filler that never start or end a mined topic term, so the vocabulary
 * miner keeps "knowledge distillation" and drops "of the" or "we propose".
 */
export const STOPWORDS = new Set(
  `a about above across after again against all almost along also although always am among an and another any
  are around as at be because been before being below between both but by can cannot could did do does doing
  done down during each either else enough even ever every few for from further had has have having he her here
  hers him his how however i if in into is it its itself just least less like many may might more most much must
  my neither no nor not now of off often on once one only onto or other others our ours out over own per rather
  same several she should since so some such than that the their theirs them themselves then there these they
  this those though through thus to too toward towards under until up upon us very via was we were what whatever
  when where whether which while who whom whose why will with within without would yet you your
  propose proposed proposes present presents introduce introduces introduced show shows shown demonstrate
  demonstrates achieve achieves achieved based using use used uses new novel existing method methods approach
  approaches paper work results result first two three well high better significantly significant respectively
  experiments experimental extensive state-of-the-art sota furthermore moreover specifically particularly
  including key various different effective effectively efficient efficiently leverage leverages leveraging
  task tasks performance model models framework frameworks able across make makes making provide provides
  available code github com https http www dataset datasets benchmark benchmarks compared compare outperforms
  outperform superior improve improves improved improvement improvements strong study studies recent recently
  large-scale large small however additionally finally overall typically remains remain challenging challenge
  challenges problem problems address addresses addressing designed design enables enable enabling`
    .split(/\s+/)
    .filter(Boolean),
);
