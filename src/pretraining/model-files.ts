/**
 * The JSON files that sit next to a pretrained model's weights, in the Hub layout transformers.js
 * loads: the Idefics3 processor / generation configs of shapes-vlm, the CLIP preprocessor config of
 * shapes-clip. Pixel normalisation is the one the training used (./pixels).
 */
import { vlmImageSeqLen, type VlmConfig } from '../engine/vlm';
import { IMAGE_MEAN, IMAGE_STD, RESCALE_FACTOR } from './pixels';
import type { ClipModelConfig } from './recipe';

const normalisation = {
  do_convert_rgb: true,
  do_rescale: true,
  rescale_factor: RESCALE_FACTOR,
  do_normalize: true,
  image_mean: [IMAGE_MEAN, IMAGE_MEAN, IMAGE_MEAN],
  image_std: [IMAGE_STD, IMAGE_STD, IMAGE_STD],
};

/** Idefics3 processor files for single-tile images (no splitting): image_seq_len tokens per image. */
export function vlmExtraFiles(config: VlmConfig): Record<string, object> {
  const size = config.vision_config.image_size;
  const text = config.text_config;
  return {
    'preprocessor_config.json': {
      image_processor_type: 'Idefics3ImageProcessor',
      processor_class: 'Idefics3Processor',
      ...normalisation,
      do_resize: true,
      size: { longest_edge: size },
      max_image_size: { longest_edge: size },
      do_image_splitting: false,
      do_pad: true,
      resample: 1,
    },
    'processor_config.json': { image_seq_len: vlmImageSeqLen(config), processor_class: 'Idefics3Processor' },
    'generation_config.json': {
      bos_token_id: text.bos_token_id,
      eos_token_id: text.eos_token_id,
      pad_token_id: text.pad_token_id,
      do_sample: false,
    },
  };
}

export function clipExtraFiles(config: ClipModelConfig): Record<string, object> {
  const size = config.vision_config.image_size;
  return {
    'preprocessor_config.json': {
      image_processor_type: 'CLIPImageProcessor',
      feature_extractor_type: 'CLIPFeatureExtractor',
      ...normalisation,
      do_resize: true,
      size: { shortest_edge: size },
      do_center_crop: true,
      crop_size: { height: size, width: size },
      resample: 3,
    },
  };
}
