import type { LlamaConfig } from './config';

/** The tiny decoder the llama tests share: 2 layers, 2 query heads reading 1 KV head. */
export const tinyLlama: LlamaConfig = {
  vocab_size: 11,
  hidden_size: 8,
  intermediate_size: 12,
  num_hidden_layers: 2,
  num_attention_heads: 2,
  num_key_value_heads: 1,
  rms_norm_eps: 1e-5,
  rope_theta: 10000,
  tie_word_embeddings: true,
  max_position_embeddings: 32,
};

/** Two sequences of five token ids. */
export const tinyIds = [
  [1, 4, 7, 2, 9],
  [3, 3, 10, 0, 5],
];
