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
  /** SmolVLM2 repos say "smolvlm"; the architecture is the same. */
  model_type: 'idefics3' | 'smolvlm';
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

/**
 * A config.json as Hugging Face writes it → a complete VlmConfig: Hub repos leave out fields that
 * transformers fills with defaults (a text_config without tie_word_embeddings or key-value heads,
 * no top-level vocab_size). One clear sentence when it is not an Idefics3 / SmolVLM config.
 */
export function vlmConfigFromJson(json: string): VlmConfig {
  const raw = JSON.parse(json) as Partial<VlmConfig>;
  if (raw.model_type !== 'idefics3' && raw.model_type !== 'smolvlm') {
    throw new Error(`LoRA-DPO runs on Idefics3 / SmolVLM models; this one is "${raw.model_type}".`);
  }
  if (!raw.text_config || !raw.vision_config) throw new Error('The config.json has no text_config or vision_config.');
  const text = raw.text_config;
  const config: VlmConfig = {
    ...(raw as VlmConfig),
    vocab_size: raw.vocab_size ?? text.vocab_size,
    tie_word_embeddings: raw.tie_word_embeddings ?? false,
    text_config: {
      ...text,
      num_key_value_heads: text.num_key_value_heads ?? text.num_attention_heads,
      rms_norm_eps: text.rms_norm_eps ?? 1e-6,
      rope_theta: text.rope_theta ?? 10000,
      max_position_embeddings: text.max_position_embeddings ?? 8192,
      tie_word_embeddings: text.tie_word_embeddings ?? raw.tie_word_embeddings ?? false,
    },
  };
  checkVlmConfig(config);
  return config;
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
