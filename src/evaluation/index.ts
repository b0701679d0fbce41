// Public API of evaluation: a model (an Answerer) → CHAIR / POPE / QA / critic results (their types: data/evals).
export type { Answerer } from './answerer';
export { buildEvalSet, type EvalItem } from './eval-set';
export { evaluateModel, sceneCounts, summarise, EvaluationCancelled, type EvalOptions } from './evaluate-model';
export {
  clipRankingPairs,
  evaluateClipRanking,
  type ClipRankingPair,
  type ClipRankingReport,
  type ClipScorer,
} from './clip-ranking';
export { compareAnswers } from './compare-answers';
export { evaluateCoco, COCO_DESCRIBE_PROMPT } from './evaluate-coco';
export {
  classifyScene,
  compareResults,
  unpairedReason,
  DELTA_KEYS,
  type DeltaKey,
  type ResultComparison,
  type SceneChange,
} from './compare-results';
