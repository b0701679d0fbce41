/**
 * Exports the engine's Llama decoder to `onnx/decoder_model_merged.onnx` in the layout
 * transformers.js runs for SmolVLM/Idefics3 (reference/stack.md §1.3):
 *
 *   inputs   inputs_embeds [batch, seq, D] float, attention_mask [batch, total] int64,
 *            position_ids [batch, seq] int64,
 *            past_key_values.{i}.key / .value [batch, kv_heads, past, head_dim] float
 *   outputs  logits [batch, seq, V], present.{i}.key / .value [batch, kv_heads, total, head_dim]
 *
 * kv_heads and head_dim are numeric dims (transformers.js builds the empty cache from them);
 * batch and lengths are symbolic. Plain opset 17, no contrib ops: RMSNorm as ReduceMean/Sqrt/Div,
 * RoPE computed from position_ids, GQA by broadcasting, SwiGLU, and the LM head as a MatMul
 * (with the transposed embedding matrix when the embeddings are tied).
 *
 * LoRA at run time, without re-exporting the base weights
 * -------------------------------------------------------
 * With `options.lora`, every targeted projection (q/k/v/o_proj, gate/up/down_proj) computes
 * x·Wᵀ + scale·(x·Aᵀ)·Bᵀ. The factors are initializers named `lora.layers.{i}.self_attn.q_proj.A`
 * ([r, in], PEFT's lora_A layout) and `….B` ([out, r], lora_B), all zero, plus the scalar
 * initializer `lora.scale`, which defaults to alpha / r (alpha defaults to r). With zero factors
 * the LoRA branch adds exactly 0, so the outputs equal those of the export without LoRA
 * (tested bit for bit).
 *
 * Decided mechanism: REWRITING INITIALIZERS, not graph inputs. An adapter is applied with
 * `setLoraTensors(bytes, {name: values})`, which patches those initializers' bytes in a copy of the
 * exported model (same size, nothing else moves); the caller then creates a new session from it.
 * Why not inputs:
 *  - required graph inputs break transformers.js, which refuses to run a session when any of its
 *    `inputNames` is not fed ("Missing the following inputs");
 *  - an input that shadows an initializer (ONNX's optional input with a default) is accepted by
 *    onnxruntime, but the JS APIs cannot feed it: onnxruntime-node 1.30 leaves it out of
 *    `session.inputNames` and silently ignores such a feed (the default is used), and
 *    onnxruntime-web throws "invalid input" for any feed not in `inputNames`.
 * `lora.asInputs: true` still exports the factors and the scale as required inputs, for a caller
 * that drives onnxruntime itself and wants to switch adapters per run without a new session.
 */
import type { Params } from '../init-weights';
import { headDimOf, outputWeightName, type LlamaConfig, type LlamaNames } from '../llama/config';
import {
  applyRotary,
  causalPaddingBias,
  groupedQueryAttention,
  rotaryTables,
  type RotaryTables,
} from './decoder-attention';
import {
  linearWeight,
  mergeHeads,
  plainWeight,
  readParam,
  rmsNorm,
  silu,
  splitHeads,
  transpose2d,
} from './graph-layers';
import {
  addLoraDelta,
  LORA_SCALE,
  loraFactorNames,
  loraTensor,
  type LoraExportOptions,
  type LoraTarget,
} from './lora-graph';
import { GraphBuilder } from './onnx-builder';

export interface DecoderExportOptions {
  /** Adds zero-initialised LoRA slots to these projections (see the comment at the top). */
  lora?: LoraExportOptions;
}

interface LayerContext {
  g: GraphBuilder;
  params: Params;
  config: LlamaConfig;
  lora?: LoraExportOptions;
  loraScale?: string;
}

/** x·W for a projection of layer `layer`, plus its LoRA branch when the projection is targeted. */
function projection(ctx: LayerContext, layer: number, target: LoraTarget, weightName: string, x: string): string {
  const weight = linearWeight(ctx.g, ctx.params, weightName);
  const base = ctx.g.op('MatMul', [x, weight]);
  const lora = ctx.lora;
  if (!lora || !ctx.loraScale || !lora.targets.includes(target)) return base;
  const [outFeatures, inFeatures] = readParam(ctx.params, weightName).shape;
  const names = loraFactorNames(layer, target);
  const factors = {
    a: loraTensor(ctx.g, names.a, [lora.rank, inFeatures], lora),
    b: loraTensor(ctx.g, names.b, [outFeatures, lora.rank], lora),
  };
  return addLoraDelta(ctx.g, x, base, factors, ctx.loraScale);
}

/** One pre-norm layer; returns the new hidden state and this layer's present key/value. */
function decoderLayer(
  ctx: LayerContext,
  names: LlamaNames,
  index: number,
  x: string,
  past: { key: string; value: string },
  rotary: RotaryTables,
  bias: string,
): { hidden: string; key: string; value: string } {
  const { g, params, config } = ctx;
  const layer = names.layer(index);
  const headDim = headDimOf(config);
  const heads = config.num_attention_heads;
  const kvHeads = config.num_key_value_heads;
  const eps = config.rms_norm_eps;

  const h = rmsNorm(g, x, plainWeight(g, params, layer.inputLayernorm), eps);
  const q = applyRotary(
    g,
    splitHeads(g, projection(ctx, index, 'q_proj', layer.qProj, h), heads, headDim),
    rotary,
    headDim,
  );
  const k = applyRotary(
    g,
    splitHeads(g, projection(ctx, index, 'k_proj', layer.kProj, h), kvHeads, headDim),
    rotary,
    headDim,
  );
  const v = splitHeads(g, projection(ctx, index, 'v_proj', layer.vProj, h), kvHeads, headDim);
  const key = g.op('Concat', [past.key, k], { axis: 2 });
  const value = g.op('Concat', [past.value, v], { axis: 2 });
  const attended = mergeHeads(
    g,
    groupedQueryAttention(g, q, key, value, bias, { heads, kvHeads, headDim }),
    heads,
    headDim,
  );
  const afterAttention = g.op('Add', [x, projection(ctx, index, 'o_proj', layer.oProj, attended)]);

  const normed = rmsNorm(g, afterAttention, plainWeight(g, params, layer.postAttentionLayernorm), eps);
  const gate = silu(g, projection(ctx, index, 'gate_proj', layer.gateProj, normed));
  const up = projection(ctx, index, 'up_proj', layer.upProj, normed);
  const mlp = projection(ctx, index, 'down_proj', layer.downProj, g.op('Mul', [gate, up]));
  return { hidden: g.op('Add', [afterAttention, mlp]), key, value };
}

/** The `decoder_model_merged.onnx` bytes for the decoder in `params` (borrowed, not consumed). */
export function exportDecoder(
  params: Params,
  config: LlamaConfig,
  names: LlamaNames,
  options: DecoderExportOptions = {},
): Uint8Array {
  const g = new GraphBuilder('decoder_model_merged');
  const D = config.hidden_size;
  const headDim = headDimOf(config);
  const kvHeads = config.num_key_value_heads;
  if (config.num_attention_heads % kvHeads !== 0) {
    throw new Error(
      `num_attention_heads ${config.num_attention_heads} is not a multiple of num_key_value_heads ${kvHeads}.`,
    );
  }
  const pastDims = ['batch_size', kvHeads, 'past_sequence_length', headDim];
  const presentDims = ['batch_size', kvHeads, 'total_sequence_length', headDim];

  const embeds = g.input('inputs_embeds', 'float', ['batch_size', 'sequence_length', D]);
  const attentionMask = g.input('attention_mask', 'int64', ['batch_size', 'total_sequence_length']);
  const positionIds = g.input('position_ids', 'int64', ['batch_size', 'sequence_length']);
  const past = Array.from({ length: config.num_hidden_layers }, (_, i) => ({
    key: g.input(`past_key_values.${i}.key`, 'float', pastDims),
    value: g.input(`past_key_values.${i}.value`, 'float', pastDims),
  }));

  const lora = options.lora;
  const ctx: LayerContext = { g, params, config, lora };
  if (lora) {
    if (!(lora.rank >= 1)) throw new Error(`LoRA rank must be at least 1, not ${lora.rank}.`);
    ctx.loraScale = loraTensor(g, LORA_SCALE, [], lora, Float32Array.of((lora.alpha ?? lora.rank) / lora.rank));
  }

  const rotary = rotaryTables(g, positionIds, headDim, config.rope_theta);
  const bias = causalPaddingBias(g, embeds, attentionMask);
  let x = embeds;
  for (let i = 0; i < config.num_hidden_layers; i++) {
    const out = decoderLayer(ctx, names, i, x, past[i], rotary, bias);
    g.output(out.key, `present.${i}.key`, 'float', presentDims);
    g.output(out.value, `present.${i}.value`, 'float', presentDims);
    x = out.hidden;
  }

  const hidden = rmsNorm(g, x, plainWeight(g, params, names.norm), config.rms_norm_eps);
  const headName = outputWeightName(config, names);
  const head = readParam(params, headName);
  const [V] = head.shape;
  // Tied or not, the head is [V, D] in the engine; the graph stores its transpose [D, V].
  const headWeight = g.weight(config.tie_word_embeddings ? 'lm_head.weight' : headName, transpose2d(head.data, V, D), [
    D,
    V,
  ]);
  g.output(g.op('MatMul', [hidden, headWeight]), 'logits', 'float', ['batch_size', 'sequence_length', V]);
  return g.toBytes();
}
