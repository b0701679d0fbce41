/**
 * The fields of Hugging Face's CLIPTextConfig and CLIPVisionConfig that the engine reads, by their
 * HF names, so a `config.json`'s `text_config` / `vision_config` can be passed as they are.
 * Both towers use quick_gelu (x·σ(1.702x)), the OpenAI CLIP activation.
 */
import type { VisionConfig } from '../vision/vision-encoder';

export interface ClipTextConfig {
  vocab_size: number;
  hidden_size: number;
  intermediate_size: number;
  projection_dim: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  max_position_embeddings: number;
  layer_norm_eps: number;
  /** The end-of-text token; the text embedding is read at its first occurrence. */
  eos_token_id: number;
}

/** The ViT fields Idefics3's vision tower reads too, plus the projection width. */
export interface ClipVisionConfig extends VisionConfig {
  projection_dim: number;
}
