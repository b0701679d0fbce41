// Public API of the hallucination metrics: CHAIR, POPE, QA accuracy, critic agreement, and the object words they read.
export {
  kindSpan,
  parseDescription,
  type ClaimedObject,
  type ParsedDescription,
  type UnknownWord,
} from './parse-description';
export {
  CHAIR_MODES,
  chair,
  chairForAnswer,
  judgeMention,
  type AttributeError,
  type ChairAnswer,
  type ChairDetail,
  type ChairMode,
  type ChairOptions,
  type ChairResult,
  type JudgedMention,
} from './chair';
export { parseYesNo } from './yes-no';
export {
  POPE_SPLITS,
  buildPopeQuestions,
  popeQuestionText,
  scorePope,
  scorePopeBySplit,
  type PopeAnswer,
  type PopeOptions,
  type PopeQuestion,
  type PopeQuestionSet,
  type PopeScore,
  type PopeSplit,
} from './pope';
export {
  isAnswerCorrect,
  readAnswer,
  readCell,
  readColour,
  readCount,
  scoreQa,
  type Accuracy,
  type QaScore,
} from './qa';
export { parseCriticVerdict, scoreCritic, type CriticScore } from './critic';
export { COCO_CATEGORIES, COCO_SYNONYMS, findCocoMentions, pluralOf, type CocoMention } from './coco-vocabulary';
export {
  cocoChair,
  cocoPopeQuestions,
  cocoPopeQuestionText,
  normalizeCocoObjects,
  type CocoChairAnswer,
  type CocoChairDetail,
  type CocoChairResult,
  type CocoPopeImage,
  type CocoPopeQuestion,
} from './coco-eval';
