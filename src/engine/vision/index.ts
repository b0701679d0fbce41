/** The Idefics3/SmolVLM vision side: SigLIP encoder, pixel-shuffle connector, `image_features`. */
export {
  imageSeqLen,
  initVisionParams,
  numPatches,
  visionEncoderForward,
  type Idefics3VisionSideConfig,
  type VisionConfig,
} from './vision-encoder';
export { connectorForward, imageFeatures, pixelShuffle } from './connector';
