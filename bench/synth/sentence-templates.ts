/**
 * The shared academic voice of synthetic abstracts and titles: sentence templates per rhetorical move and the
 * generic word lists that fill them. Slots in braces are filled by compose-abstract.ts; a capitalised slot
 * ({Term}) is capitalised. Lists are ordered most common first and sampled Zipf-like, as phrasing is in real
 * abstracts.
 */
export const MOVES = {
  context: [
    '{Term} has emerged as a {adj} paradigm for {task}.',
    'Recent advances in {term} have enabled rapid progress in {task}.',
    '{Task} is a fundamental problem in {field}, with applications ranging from {common} to {term2}.',
    '{Term} plays a central role in {task}, yet it remains {hard}.',
    'With the rapid growth of {term}, {task} has attracted increasing attention.',
    'Large-scale {term} has become a cornerstone of modern {field}.',
    '{Acr} is widely used for {task}.',
    'Many real-world systems depend on {term} and {term2}.',
    '{Term} is closely related to {common} and {common2}.',
  ],
  problem: [
    'However, existing methods often suffer from {weakness} when applied to {term}.',
    'Despite their success, current approaches to {task} rely heavily on {term}, which limits {property}.',
    'A key challenge is that {term} is {hard} under {cond}.',
    'Prior work largely ignores the interplay between {term} and {term2}.',
    'Yet {baseline} and related methods degrade sharply under {cond}.',
    'In practice, {term} incurs {weakness}, which hinders deployment.',
    'Moreover, {common} and {common2} are rarely considered together with {term}.',
  ],
  proposal: [
    'In this paper, we propose {method}, a {adj} framework for {task} that leverages {term}.',
    'We introduce {method}, which combines {acr} with {term2} to improve {term}.',
    'To address this, we present {method}, a {adj} approach based on {term}.',
    'This work presents {method}, a {adj} and {adj2} method for {task}.',
    'We propose {method}, a {adj} {term} model trained with {acr}.',
  ],
  detail: [
    'Specifically, {method} {verb} {term} and {common} through a {adj} {component}.',
    'Our key insight is that {term} can be exploited by jointly modeling {term2} and {term3}.',
    'We further design a {adj} {component} that {verb} {term2}.',
    'The {acr} module is trained with a {loss} to encourage {property}.',
    'Unlike {baseline}, our method does not require {requirement}.',
    'We also provide a theoretical analysis showing that {term} is stable under mild assumptions.',
    'To this end, we formulate {term} as {formulation} and solve it with {term2}.',
    'In addition, we construct a new benchmark, {name}, covering {n} settings of {task}.',
    'A {adj} {component} aligns {term} with {term2} at negligible cost.',
    'We additionally study the effect of {common} and {common2} on {term}.',
  ],
  experiments: [
    'Extensive experiments on {name} and {name2} demonstrate that {method} achieves state-of-the-art {metric}, outperforming {baseline} by {pct}.',
    'Experiments across {n} benchmarks show consistent gains of up to {pct} in {metric}, in particular for {common}.',
    'On {name}, {method} improves {metric} by {pct} over {baseline} while reducing {cost} by {times}.',
    'Ablation studies confirm the contribution of each component, in particular {term} and {common}.',
    'Results on {name} show that {method} matches {baseline} with {times} fewer {resource}.',
  ],
  conclusion: [
    'Our results suggest that {term} is a promising direction for {task}.',
    'We hope this work facilitates future research on {term} and {term2}.',
    'These findings shed light on the role of {term} in {field}.',
  ],
} as const;

export type Move = keyof typeof MOVES;

/** Optional clauses appended to some sentences, so sentence length varies as in real prose. */
export const CLAUSE_TEMPLATES = [
  ', particularly under {cond}',
  ', while preserving {property}',
  ' without sacrificing {property}',
  ', as well as {term2}',
  ' in the context of {task}',
  ', which is critical for {task}',
  ' and {term2} in a single {component}',
  ', a setting that arises naturally in {task}',
  ', taking into account {common} and {common2}',
  ', with applications to {common}, {common2} and {task}',
] as const;

export const TITLE_FORMS = [
  '{Method}: {Adj} {Term} for {Task}',
  '{Method}: {Gerund} {Term} with {Term2}',
  '{Adj} {Term} via {Term2}',
  'Towards {Adj} {Task}',
  'Rethinking {Term} for {Task}',
  'On the {Property} of {Term} in {Task}',
  '{Method}: Towards {Adj} {Task} with {Acr}',
  'Learning {Term} from {Term2}',
  '{Term} Meets {Term2}: {Adj} {Task}',
  'When {Term} Meets {Term2}',
  '{Method}: A Benchmark for {Task}',
] as const;

export const WORDS = {
  adj: ['efficient', 'robust', 'scalable', 'simple yet effective', 'unified', 'lightweight', 'adaptive', 'principled',
    'training-free', 'general', 'plug-and-play', 'data-efficient', 'hierarchical', 'interpretable', 'flexible', 'modular'],
  hard: ['challenging', 'poorly understood', 'computationally expensive', 'difficult to scale', 'brittle in practice'],
  weakness: ['high computational cost', 'poor generalization', 'error accumulation', 'limited scalability',
    'severe performance degradation', 'heavy memory overhead', 'training instability', 'a lack of robustness'],
  property: ['scalability', 'generalization', 'robustness', 'efficiency', 'fidelity', 'stability', 'consistency'],
  cond: ['distribution shift', 'limited supervision', 'noisy inputs', 'strict latency budgets', 'long horizons',
    'low-resource settings', 'real-world conditions'],
  component: ['module', 'objective', 'attention mechanism', 'encoder', 'training strategy', 'regularizer', 'decoder',
    'routing scheme', 'curriculum', 'calibration step'],
  verb: ['captures', 'refines', 'decouples', 'aggregates', 'disentangles', 'compresses', 'exploits', 'regularizes'],
  loss: ['contrastive loss', 'consistency loss', 'ranking objective', 'reconstruction loss', 'distillation loss'],
  requirement: ['additional training data', 'manual annotation', 'retraining', 'task-specific tuning', 'extra parameters'],
  formulation: ['a constrained optimization problem', 'a sequence prediction task', 'a bilevel problem', 'a graph matching problem'],
  metric: ['accuracy', 'performance', 'F1 score', 'robustness', 'efficiency', 'success rate', 'throughput', 'recall'],
  cost: ['latency', 'memory usage', 'training cost', 'inference time', 'parameter count'],
  resource: ['parameters', 'training samples', 'GPU hours', 'labels', 'FLOPs'],
  count: ['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'ten', '12'],
  gerund: ['Scaling', 'Learning', 'Improving', 'Rethinking', 'Unifying', 'Accelerating', 'Revisiting', 'Bridging'],
  propertyTitle: ['Robustness', 'Generalization', 'Limits', 'Role', 'Effectiveness', 'Stability'],
} as const;
