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
import { numpy as np, type Array as JaxArray } from '@jax-js/jax';
import type { Params } from '../init-weights';
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
  linear,
  rmsNorm,
  rotaryTables,
  swiGluMlp,
  type Rotary,
} from './layers';

export interface LlamaInputs {
  /** [B, T, hidden_size]: token embeddings, possibly with image features spliced in. Consumed. */
  inputsEmbeds: JaxArray;
  /** [B, T]; defaults to 0 … T−1 in every row. With left padding pass cumsum(mask) − 1. */
  positionIds?: number[][] | JaxArray;
  /** Hugging Face's attention_mask [B, T]: 1 for a token, 0 for padding. Defaults to all ones. */
  attentionMask?: number[][] | JaxArray;
  /** Tensor names in `params`; defaults to `llamaNames()` (prefix `model.`). */
  names?: LlamaNames;
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

/** One pre-norm decoder layer: x + attention(norm(x)), then + mlp(norm(·)). Consumes x. */
function decoderLayer(
  params: Params,
  layer: LlamaLayerNames,
  config: LlamaConfig,
  x: JaxArray,
  rotary: Rotary,
  bias: JaxArray,
): JaxArray {
  const [B, T] = x.shape;
  const hd = headDimOf(config);
  const heads = config.num_attention_heads;
  const kvHeads = config.num_key_value_heads;

  const h = rmsNorm(x.ref, weight(params, layer.inputLayernorm), config.rms_norm_eps);
  const q = linear(h.ref, weight(params, layer.qProj)).reshape([B, T, heads, hd]);
  const k = linear(h.ref, weight(params, layer.kProj)).reshape([B, T, kvHeads, hd]);
  const v = linear(h, weight(params, layer.vProj)).reshape([B, T, kvHeads, hd]);
  const attended = groupedQueryAttention(
    applyRotary(q, rotary.cos.ref, rotary.sin.ref),
    applyRotary(k, rotary.cos.ref, rotary.sin.ref),
    v,
    bias.ref,
  );
  const afterAttention = x.add(linear(attended, weight(params, layer.oProj)));

  const normed = rmsNorm(afterAttention.ref, weight(params, layer.postAttentionLayernorm), config.rms_norm_eps);
  const mlp = swiGluMlp(
    normed,
    weight(params, layer.gateProj),
    weight(params, layer.upProj),
    weight(params, layer.downProj),
  );
  return afterAttention.add(mlp);
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
  const bias = attentionBias(toJaxArray(keyMask, np.float32));

  let x = inputs.inputsEmbeds;
  for (let i = 0; i < config.num_hidden_layers; i++) {
    x = decoderLayer(params, names.layer(i), config, x, rotary, bias);
  }
  rotary.cos.dispose();
  rotary.sin.dispose();
  bias.dispose();
  return rmsNorm(x, weight(params, names.norm), config.rms_norm_eps);
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
