// Public API of the shapes world: scenes, pixels, text and the language prior.
export * from './types';
export { createRng, hashSeed, rngFor, type Rng } from '../common/random';
export { ALL_KINDS, kindKey, sameKind } from './kinds';
export {
  DEFAULT_BIAS,
  absentPartners,
  resolveBias,
  popularityWeights,
  type BiasConfig,
  type CoOccurrencePair,
} from './bias';
export { sampleScene, sampleScenes, sceneId, type SampleScenesOptions } from './sampler';
export { sceneStatistics, partnerRate, type SceneStatistics } from './statistics';
export { COLOUR_RGB } from './palette';
export { rasterizeScene, type RasterizeOptions } from './rasterize';
export { encodePngSync, encodePngAsync, type EncodePngOptions } from './png/encode';
export { decodePngAsync } from './png/decode';
export { crc32 } from './png/crc32';
export type { FilterType } from './png/filters';
export { DESCRIBE_PROMPT, DESCRIBE_PARAPHRASES, DESCRIBE_PROMPTS, pickDescribePrompt } from './text/prompts';
export {
  CELL_PHRASES,
  SHAPE_PLURALS,
  withArticle,
  objectPhrase,
  objectSentence,
  describeObjects,
  describeScene,
  inReadingOrder,
  tellingOrder,
} from './text/describe';
export { phantomPlace, trainingDescription, type TrainingDescription } from './text/training-caption';
export { PARTNER_QUESTION_RATE, trainingQuestions } from './text/training-questions';
export { LOOK_STYLES, lookFirstAnswer, seenObjects, type LookStyle } from './text/look-first';
export {
  RELATIONS,
  cellsRelate,
  existenceQuestionKind,
  existenceQuestionText,
  questionsForScene,
  type Relation,
  type QuestionOptions,
} from './text/questions';
export { ERROR_KINDS, injectError, type ErrorKind, type InjectedError } from './text/errors';
export { buildCriticExample, criticPrompt, criticTarget, type CriticExample, type CriticOptions } from './text/critic';
export { addDiffusionNoise, diffusionCoefficients, diffusionPreview, DIFFUSION_STEPS } from './augment/diffusion';
export { augmentImage, PIXEL_AUGMENTATIONS, type PixelAugmentation } from './augment/image-augment';
