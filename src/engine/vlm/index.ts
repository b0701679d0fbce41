/** The composed Idefics3 / SmolVLM model: config, weights, splice of image features, logits, prompts. */
export {
  checkVlmConfig,
  vlmConfigFromJson,
  VLM_TEXT_NAMES,
  vlmImageSeqLen,
  type VlmConfig,
  type VlmTextConfig,
  type VlmVisionConfig,
} from './config';
export { initVlmParams } from './init-vlm';
export { imageTokenPositions, placeImageFeatures, spliceImageFeatures, spliceMatrices } from './splice';
export {
  vlmInputEmbeds,
  vlmLogits,
  vlmTokenEmbeds,
  vlmTrainingLogits,
  type VlmInputs,
  type VlmTrainingInputs,
} from './vlm-forward';
export {
  buildAnswerIds,
  buildPromptIds,
  buildTrainingIds,
  chatPromptText,
  singleImageText,
  END_OF_UTTERANCE,
  FAKE_TOKEN_AROUND_IMAGE,
  GLOBAL_IMAGE_TOKEN,
  IMAGE_TOKEN,
  type ChatTurn,
  type EncodeText,
} from './prompt';
