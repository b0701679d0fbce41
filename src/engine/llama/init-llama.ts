import { weightInitializer, type Params } from '../init-weights';
import { headDimOf, llamaNames, type LlamaConfig, type LlamaNames } from './config';

/**
 * Fresh weights for a Llama decoder, named and shaped as in a Hugging Face checkpoint (a torch
 * Linear weight is [out, in]). Like Hugging Face: projections and embeddings ~ N(0, σ²) with
 * σ = initializer_range, norm weights 1. The same seed gives the same weights everywhere.
 */
export function initLlamaParams(config: LlamaConfig, seed: number, names: LlamaNames = llamaNames()): Params {
  const init = weightInitializer(seed);
  const std = config.initializer_range ?? 0.02;
  const D = config.hidden_size;
  const hd = headDimOf(config);
  const qWidth = config.num_attention_heads * hd;
  const kvWidth = config.num_key_value_heads * hd;
  const I = config.intermediate_size;

  const params: Params = { [names.embedTokens]: init.normal([config.vocab_size, D], std) };
  for (let i = 0; i < config.num_hidden_layers; i++) {
    const layer = names.layer(i);
    params[layer.qProj] = init.normal([qWidth, D], std);
    params[layer.kProj] = init.normal([kvWidth, D], std);
    params[layer.vProj] = init.normal([kvWidth, D], std);
    params[layer.oProj] = init.normal([D, qWidth], std);
    params[layer.gateProj] = init.normal([I, D], std);
    params[layer.upProj] = init.normal([I, D], std);
    params[layer.downProj] = init.normal([D, I], std);
    params[layer.inputLayernorm] = init.constant([D], 1);
    params[layer.postAttentionLayernorm] = init.constant([D], 1);
  }
  params[names.norm] = init.constant([D], 1);
  if (!config.tie_word_embeddings) params[names.lmHead] = init.normal([config.vocab_size, D], std);
  return params;
}
