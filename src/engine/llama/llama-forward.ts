/**
 * The forward pass of a Llama decoder (SmolLM2, SmolVLM's text model) on jax-js.
 *
 * Ownership, following jax-js's move semantics:
 * - `params` is borrowed: each weight is read through `.ref`, so the caller keeps owning the
 *   record and must keep it alive during the call.
 * - Array inputs (`inputsEmbeds`, and `positionIds`, `attentionMask` or `ids` when given as
 *   Arrays) are consumed; pass `x.ref` to keep one. Plain JS number arrays are only read.
 * - The returned Array belongs to the caller, who disposes it (or hands it on).
 * Under `grad`, the differentiated function owns the param tracers it is handed, so it disposes
 * them once the forward has borrowed them:
 *   grad((p: Params) => { const logits = llamaForward(p, config, { inputsEmbeds: e.ref });
 *                         tree.dispose(p); return loss(logits); })(tree.ref(trainable))
 * Look embeddings up (embedTokens) outside the differentiated function: jit of a gradient through
 * a gather fails in jax-js 0.1.25, and image features get spliced into the embeddings anyway.
 */
import { nn, numpy as np, random, tree, type Array as JaxArray } from '@jax-js/jax';
import type { Params } from '../init-weights';
import { loraFactorKeys, modulePathOf } from '../lora/lora-config';
import {
  headDimOf,
  llamaNames,
  outputWeightName,
  type LlamaConfig,
  type LlamaLayerNames,
  type LlamaNames,
} from './config';
import {
  applyRotary,
  attentionBias,
  groupedQueryAttention,
  MASKED_BIAS,
  linear,
  rmsNorm,
  materialized,
  rotaryTables,
  type Rotary,
} from './layers';

/**
 * How the LoRA factors in `params` (`<module path>.lora_A.weight`, `.lora_B.weight`; see
 * lora/lora-config.ts) are applied: without it they are ignored and the base model runs.
 */
export interface LoraRun {
  /** alpha / r, or alpha / √r with rsLoRA. */
  scale: number;
  /** Training only: dropout on each adapter's input, one PRNG key per module path (consumed). */
  dropout?: { rate: number; keys: Record<string, JaxArray> };
}

export interface LlamaInputs {
  /** [B, T, hidden_size]: token embeddings, possibly with image features spliced in. Consumed. */
  inputsEmbeds: JaxArray;
  /** [B, T]; defaults to 0 … T−1 in every row. With left padding pass cumsum(mask) − 1. */
  positionIds?: number[][] | JaxArray;
  /** Hugging Face's attention_mask [B, T]: 1 for a token, 0 for padding. Defaults to all ones. */
  attentionMask?: number[][] | JaxArray;
  /** An additive bias [B, 1, 1, T, T] used instead of the causal one from `attentionMask` (consumed). */
  attentionBias?: JaxArray;
  /** Tensor names in `params`; defaults to `llamaNames()` (prefix `model.`). */
  names?: LlamaNames;
  lora?: LoraRun;
}

/** A borrowed reference to a weight, with a clear error when the checkpoint lacks it. */
function weight(params: Params, name: string): JaxArray {
  const array = params[name];
  if (!array) throw new Error(`The Llama weights have no tensor named ${name}.`);
  return array.ref;
}

function toJaxArray(values: number[][] | JaxArray, dtype: typeof np.int32 | typeof np.float32): JaxArray {
  return Array.isArray(values) ? np.array(values, { dtype }) : values;
}

/** Token embeddings [B, T, D] for token ids [B, T]. */
export function embedTokens(params: Params, ids: number[][] | JaxArray, names: LlamaNames = llamaNames()): JaxArray {
  return np.take(weight(params, names.embedTokens), toJaxArray(ids, np.int32), 0);
}

/** x @ Wᵀ for the projection `weightName`, plus scale·(dropout(x)·Aᵀ)·Bᵀ where it has an adapter. Consumes x. */
function project(params: Params, weightName: string, x: JaxArray, lora?: LoraRun): JaxArray {
  const path = modulePathOf(weightName);
  const factors = loraFactorKeys(path);
  if (!lora || !params[factors.a]) return linear(x, weight(params, weightName));
  const base = linear(x.ref, weight(params, weightName));
  const key = lora.dropout?.keys[path];
  const input = key ? dropout(x, lora.dropout!.rate, key) : x;
  return base.add(linear(linear(input, weight(params, factors.a)), weight(params, factors.b)).mul(lora.scale));
}

/** Inverted dropout: zeroes each entry with probability `rate`, scales the rest by 1/(1 − rate). */
function dropout(x: JaxArray, rate: number, key: JaxArray): JaxArray {
  const keep = random.bernoulli(key, 1 - rate, x.shape).astype(np.float32);
  return x.mul(keep).mul(1 / (1 - rate));
}

/** One layer's keys (already rotated) and values, [B, S, KV heads, head dim]. */
export interface LayerKv {
  keys: JaxArray;
  values: JaxArray;
}

/** Where a layer reads its cached keys and values, and where it leaves them extended. */
export interface LayerCache {
  past?: LayerKv;
  out: LayerKv[];
}

/** One pre-norm decoder layer: x + attention(norm(x)), then + mlp(norm(·)). Consumes x. */
export function decoderLayer(
  params: Params,
  layer: LlamaLayerNames,
  config: LlamaConfig,
  x: JaxArray,
  rotary: Rotary,
  bias: JaxArray,
  lora?: LoraRun,
  cache?: LayerCache,
): JaxArray {
  const [B, T] = x.shape;
  const hd = headDimOf(config);
  const heads = config.num_attention_heads;
  const kvHeads = config.num_key_value_heads;

  const h = rmsNorm(x.ref, weight(params, layer.inputLayernorm), config.rms_norm_eps);
  // Projections whose cotangents pass through rotary or gating on their way back are written out
  // in both passes (see `materialized`).
  const q = materialized(project(params, layer.qProj, h.ref, lora)).reshape([B, T, heads, hd]);
  const k = materialized(project(params, layer.kProj, h.ref, lora)).reshape([B, T, kvHeads, hd]);
  const v = materialized(project(params, layer.vProj, h, lora)).reshape([B, T, kvHeads, hd]);
  let keys = applyRotary(k, rotary.cos.ref, rotary.sin.ref);
  let values = v;
  if (cache) {
    if (cache.past) {
      keys = np.concatenate([cache.past.keys, keys], 1);
      values = np.concatenate([cache.past.values, values], 1);
    }
    cache.out.push({ keys: keys.ref, values: values.ref });
  }
  const attended = groupedQueryAttention(applyRotary(q, rotary.cos.ref, rotary.sin.ref), keys, values, bias.ref);
  const afterAttention = materialized(x.add(project(params, layer.oProj, attended, lora)));

  const normed = rmsNorm(afterAttention.ref, weight(params, layer.postAttentionLayernorm), config.rms_norm_eps);
  // Llama's gated MLP: down(silu(gate(x)) · up(x)).
  const gated = nn
    .silu(materialized(project(params, layer.gateProj, normed.ref, lora)))
    .mul(materialized(project(params, layer.upProj, normed, lora)));
  const mlp = project(params, layer.downProj, gated, lora);
  return materialized(afterAttention.add(mlp));
}

/** Final hidden states [B, T, D], after the last RMSNorm and before the output projection. */
export function llamaHidden(params: Params, config: LlamaConfig, inputs: LlamaInputs): JaxArray {
  const names = inputs.names ?? llamaNames();
  const [B, T, D] = inputs.inputsEmbeds.shape;
  if (D !== config.hidden_size) {
    throw new Error(`inputsEmbeds has width ${D}, but the model's hidden_size is ${config.hidden_size}.`);
  }
  const positions = inputs.positionIds ?? Array.from({ length: B }, () => Array.from({ length: T }, (_, t) => t));
  const keyMask = inputs.attentionMask ?? Array.from({ length: B }, () => new Array<number>(T).fill(1));
  const rotary = rotaryTables(toJaxArray(positions, np.int32), headDimOf(config), config.rope_theta);
  const bias = inputs.attentionBias ?? attentionBias(toJaxArray(keyMask, np.float32));

  let x = inputs.inputsEmbeds;
  for (let i = 0; i < config.num_hidden_layers; i++) {
    x = decoderLayer(params, names.layer(i), config, x, rotary, bias, inputs.lora);
  }
  rotary.cos.dispose();
  rotary.sin.dispose();
  bias.dispose();
  return rmsNorm(x, weight(params, names.norm), config.rms_norm_eps);
}

/** Every layer's keys and values so far, and how many positions they cover. */
export interface KvCache {
  layers: LayerKv[];
  length: number;
}

/**
 * Next-token logits [B, T, V] for new input embeddings that follow `cache` (positions continue
 * from it), and the cache extended by them: prefill with the prompt, then one token per call.
 * Rows have no padding. Consumes `inputsEmbeds` and the old cache.
 */
export function llamaDecode(
  params: Params,
  config: LlamaConfig,
  inputs: { inputsEmbeds: JaxArray; cache?: KvCache; names?: LlamaNames; lora?: LoraRun },
): { logits: JaxArray; cache: KvCache } {
  const names = inputs.names ?? llamaNames();
  const [B, T] = inputs.inputsEmbeds.shape as [number, number];
  const past = inputs.cache?.length ?? 0;
  const S = past + T;
  const positions = Array.from({ length: B }, () => Array.from({ length: T }, (_, t) => past + t));
  const rotary = rotaryTables(np.array(positions, { dtype: np.int32 }), headDimOf(config), config.rope_theta);
  // New position t reads cached and new keys j ≤ past + t.
  const allowed = new Float32Array(T * S);
  for (let t = 0; t < T; t++) for (let j = 0; j < S; j++) allowed[t * S + j] = j <= past + t ? 0 : MASKED_BIAS;
  const bias = np.array(allowed, { shape: [1, 1, 1, T, S] });
  const out: LayerKv[] = [];
  let x = inputs.inputsEmbeds;
  for (let i = 0; i < config.num_hidden_layers; i++) {
    x = decoderLayer(params, names.layer(i), config, x, rotary, bias, inputs.lora, {
      past: inputs.cache?.layers[i],
      out,
    });
  }
  tree.dispose([rotary.cos, rotary.sin, bias]);
  const logits = lmHead(params, config, rmsNorm(x, weight(params, names.norm), config.rms_norm_eps), names);
  return { logits, cache: { layers: out, length: S } };
}

/** Logits [B, T, V] from final hidden states (consumed): hidden @ Wᵀ, W tied to the embeddings or not. */
export function lmHead(
  params: Params,
  config: LlamaConfig,
  hidden: JaxArray,
  names: LlamaNames = llamaNames(),
): JaxArray {
  return linear(hidden, weight(params, outputWeightName(config, names)));
}

/** Next-token logits [B, T, vocab_size] for a sequence of input embeddings. */
export function llamaForward(params: Params, config: LlamaConfig, inputs: LlamaInputs): JaxArray {
  return lmHead(params, config, llamaHidden(params, config, inputs), inputs.names);
}
