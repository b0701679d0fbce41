/**
 * Token-by-token generation on the engine with a KV cache: what samples from a model whose adapter
 * onnxruntime cannot apply (a Hub decoder read from its safetensors). The caller picks each token
 * from the last position's log-probs (greedy, or sampled with its own seeded PRNG).
 */
import { nn, tree, type Array as JaxArray } from '@jax-js/jax';
import type { Params } from '../init-weights';
import type { LlamaConfig, LlamaNames } from './config';
import { embedTokens, llamaDecode, type KvCache, type LoraRun } from './llama-forward';

export interface DecodeOptions {
  maxNewTokens: number;
  /** Tokens that end the answer (kept in the output). */
  stopIds: number[];
  /** Picks the next token from the last position's log-softmax. */
  choose(logprobs: Float32Array): number;
  names: LlamaNames;
  lora?: LoraRun;
}

/** The new token ids after prompt embeddings [1, T, D] (consumed), each with its log-prob. */
export function decodeTokens(params: Params, config: LlamaConfig, promptEmbeds: JaxArray, options: DecodeOptions): { ids: number[]; logprobs: number[] } {
  const ids: number[] = [];
  const logprobs: number[] = [];
  let cache: KvCache | undefined;
  let input = promptEmbeds;
  for (let step = 0; step < options.maxNewTokens; step++) {
    const out = llamaDecode(params, config, { inputsEmbeds: input, cache, names: options.names, lora: options.lora });
    cache = out.cache;
    const T = out.logits.shape[1]!;
    const last = nn.logSoftmax(out.logits.slice([], [T - 1, T]), -1).dataSync() as Float32Array;
    const id = options.choose(last);
    ids.push(id);
    logprobs.push(last[id]!);
    if (options.stopIds.includes(id) || step === options.maxNewTokens - 1) break;
    input = embedTokens(params, [[id]], options.names);
  }
  if (cache) tree.dispose(cache.layers);
  return { ids, logprobs };
}

/** The most likely token. */
export function argmax(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
