/**
 * The composed Idefics3 (SmolVLM) model's hyper-parameters, with the field names of a Hugging Face
 * `config.json` (`model_type: "idefics3"`), so a Hub config can be passed in as parsed and ours can
 * be written out as is.
 */
import { llamaNames, type LlamaConfig, type LlamaNames } from '../llama/config';
import { imageSeqLen, type VisionConfig } from '../vision';

export interface VlmVisionConfig extends VisionConfig {
  model_type?: string;
  hidden_act?: string;
}

export interface VlmTextConfig extends LlamaConfig {
  model_type?: string;
  architectures?: string[];
  hidden_act?: string;
  bos_token_id?: number;
  eos_token_id?: number;
  pad_token_id?: number;
}

export interface VlmConfig {
  architectures?: string[];
  model_type: 'idefics3';
  /** The `<image>` token: each one is replaced by one row of image features. */
  image_token_id: number;
  /** Pixel-shuffle factor of the connector: image_seq_len = (image_size / patch_size)² / scale_factor². */
  scale_factor: number;
  vocab_size: number;
  pad_token_id?: number;
  /** Mirrors text_config.tie_word_embeddings (HF keeps both). */
  tie_word_embeddings: boolean;
  torch_dtype?: string;
  use_cache?: boolean;
  vision_config: VlmVisionConfig;
  text_config: VlmTextConfig;
}

/** Tensor names of the text decoder inside the VLM (`model.text_model.*`, `lm_head.weight`). */
export const VLM_TEXT_NAMES: LlamaNames = llamaNames('model.text_model.', 'lm_head.weight');

/** Image tokens per (single-tile) image. */
export function vlmImageSeqLen(config: VlmConfig): number {
  return imageSeqLen(config);
}

/** One clear sentence when the pieces of a config do not fit together. */
export function checkVlmConfig(config: VlmConfig): void {
  const { vision_config: vision, text_config: text } = config;
  const side = vision.image_size / vision.patch_size;
  if (!Number.isInteger(side) || side % config.scale_factor !== 0) {
    throw new Error(
      `The patch grid (${vision.image_size}/${vision.patch_size}) must be a whole number divisible by scale_factor ${config.scale_factor}.`,
    );
  }
  if (text.vocab_size !== config.vocab_size) {
    throw new Error(`vocab_size ${config.vocab_size} differs from text_config.vocab_size ${text.vocab_size}.`);
  }
  if (config.image_token_id < 0 || config.image_token_id >= config.vocab_size) {
    throw new Error(`image_token_id ${config.image_token_id} is outside the vocabulary (${config.vocab_size}).`);
  }
}
