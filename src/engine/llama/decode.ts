/**
 * Token-by-token generation on the engine with a KV cache: what samples from a model whose adapter
 * onnxruntime cannot apply (a Hub decoder read from its safetensors). The caller picks each token
 * from the last position's logits (greedy, or sampled with its own seeded PRNG).
 */
import { tree, type Array as JaxArray } from '@jax-js/jax';
import type { Params } from '../init-weights';
import type { LlamaConfig, LlamaNames } from './config';
import { embedTokens, llamaDecode, type KvCache, type LoraRun } from './llama-forward';

export interface DecodeOptions {
  maxNewTokens: number;
  /** Tokens that end the answer (kept in the output). */
  stopIds: number[];
  /** Picks the next token from the last position's logits over the vocabulary. */
  next(logits: Float32Array): number;
  /** Checked after each token. */
  shouldStop?: () => boolean;
  names: LlamaNames;
  lora?: LoraRun;
}

/** The new token ids after prompt embeddings [1, T, D] (consumed). */
export function decodeTokens(
  params: Params,
  config: LlamaConfig,
  promptEmbeds: JaxArray,
  options: DecodeOptions,
): number[] {
  const ids: number[] = [];
  let cache: KvCache | undefined;
  let input = promptEmbeds;
  for (let step = 0; step < options.maxNewTokens; step++) {
    const out = llamaDecode(params, config, { inputsEmbeds: input, cache, names: options.names, lora: options.lora });
    cache = out.cache;
    const T = out.logits.shape[1]!;
    const id = options.next(out.logits.slice([], [T - 1, T]).dataSync() as Float32Array);
    ids.push(id);
    if (options.stopIds.includes(id) || step === options.maxNewTokens - 1 || options.shouldStop?.()) break;
    input = embedTokens(params, [[id]], options.names);
  }
  if (cache) tree.dispose(cache.layers);
  return ids;
}

/** The most likely token. */
export function argmax(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
