export type { Answerer } from './answerer';
export { buildEvalSet, type EvalItem } from './eval-set';
export {
  evaluateModel, summarise, EvaluationCancelled,
  type EvalItemResult, type EvalOptions, type EvalReport, type EvalSummary, type PopeFigures,
} from './evaluate-model';
export { clipRankingPairs, evaluateClipRanking, type ClipRankingPair, type ClipRankingReport, type ClipScorer } from './clip-ranking';
export { compareAnswers, type ComparedAnswer } from './compare-answers';
export { evaluateCoco, COCO_DESCRIBE_PROMPT, type CocoEvalImage, type CocoEvalReport } from './evaluate-coco';
