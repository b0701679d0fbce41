/**
 * Test helpers for the ONNX exporters: tiny random models, running an exported decoder in
 * onnxruntime-node with the transformers.js feeds, and comparing results.
 */
import * as ort from 'onnxruntime-node';
import { numpy as np } from '@jax-js/jax';
import type { Params } from '../init-weights';
import { llamaNames, headDimOf, type LlamaConfig } from '../llama/config';
import { llamaForward } from '../llama/llama-forward';
import type { Idefics3VisionSideConfig } from '../vision/vision-encoder';

export const tinyLlama: LlamaConfig = {
  vocab_size: 40,
  hidden_size: 16,
  intermediate_size: 24,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  rms_norm_eps: 1e-5,
  rope_theta: 10000,
  tie_word_embeddings: true,
  max_position_embeddings: 64,
  initializer_range: 0.3,
};
export const textNames = llamaNames('model.text_model.');

/** 16×16 tiles, 4×4 patches: a 4×4 grid shuffled (×2) into 4 image tokens of width 32 → 16. */
export const tinyVisionSide: Idefics3VisionSideConfig = {
  vision_config: {
    hidden_size: 8,
    intermediate_size: 16,
    num_hidden_layers: 2,
    num_attention_heads: 2,
    image_size: 16,
    patch_size: 4,
    layer_norm_eps: 1e-6,
  },
  text_config: { hidden_size: 16 },
  scale_factor: 2,
};

/** Seeded uniform values in [-1, 1) (mulberry32), for inputs. */
export function randomValues(count: number, seed: number, scale = 1): Float32Array {
  let state = seed >>> 0;
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1) * scale;
  }
  return out;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

/** Engine logits [B·T·V] for embeddings [B, T, D] with optional mask and positions. */
export function engineLogits(
  params: Params,
  config: LlamaConfig,
  embeds: Float32Array,
  shape: [number, number],
  extra: { attentionMask?: number[][]; positionIds?: number[][] } = {},
): Float32Array {
  const [B, T] = shape;
  const inputsEmbeds = np.array(embeds, { shape: [B, T, config.hidden_size] });
  const logits = llamaForward(params, config, { inputsEmbeds, names: textNames, ...extra });
  return Float32Array.from(logits.dataSync() as ArrayLike<number>);
}

const int64 = (rows: number[][]) =>
  new ort.Tensor('int64', BigInt64Array.from(rows.flat().map(BigInt)), [rows.length, rows[0].length]);

export type Cache = Record<string, ort.Tensor>;

/** An empty cache [B, kvHeads, 0, headDim] for every layer, as transformers.js builds it. */
export function emptyCache(config: LlamaConfig, batch: number): Cache {
  const cache: Cache = {};
  const dims = [batch, config.num_key_value_heads, 0, headDimOf(config)];
  for (let i = 0; i < config.num_hidden_layers; i++) {
    cache[`past_key_values.${i}.key`] = new ort.Tensor('float32', new Float32Array(0), dims);
    cache[`past_key_values.${i}.value`] = new ort.Tensor('float32', new Float32Array(0), dims);
  }
  return cache;
}

export interface DecoderStep {
  logits: Float32Array;
  /** present.* renamed to past_key_values.*, ready to feed the next step. */
  cache: Cache;
}

/** One decoder run with transformers.js's feeds (plus `extra` feeds, e.g. LoRA inputs). */
export async function runDecoder(
  session: ort.InferenceSession,
  embeds: Float32Array,
  dims: { batch: number; seq: number; hidden: number },
  attentionMask: number[][],
  positionIds: number[][],
  cache: Cache,
  extra: Record<string, ort.Tensor> = {},
): Promise<DecoderStep> {
  const feeds: Record<string, ort.Tensor> = {
    inputs_embeds: new ort.Tensor('float32', embeds, [dims.batch, dims.seq, dims.hidden]),
    attention_mask: int64(attentionMask),
    position_ids: int64(positionIds),
    ...cache,
    ...extra,
  };
  const out = await session.run(feeds);
  const next: Cache = {};
  for (const [name, tensor] of Object.entries(out)) {
    if (name.startsWith('present.')) next[name.replace('present.', 'past_key_values.')] = tensor;
  }
  return { logits: out.logits.data as Float32Array, cache: next };
}

/** Rows [t0, t1) of every batch item of a [B, T, W] array, flattened. */
export function sliceTime(data: Float32Array, shape: [number, number, number], t0: number, t1: number): Float32Array {
  const [B, T, W] = shape;
  const out = new Float32Array(B * (t1 - t0) * W);
  for (let b = 0; b < B; b++) out.set(data.subarray((b * T + t0) * W, (b * T + t1) * W), b * (t1 - t0) * W);
  return out;
}

export function createSession(bytes: Uint8Array): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(bytes, { logSeverityLevel: 3 });
}

/**
 * `params` with every vector (norm scales, biases) replaced by seeded random values around it, so
 * that a wrongly wired norm weight or bias shows up (fresh ones are all 1 or all 0).
 */
export function withRandomVectors(params: Params, seed: number): Params {
  const out: Params = { ...params };
  let next = seed;
  for (const [name, array] of Object.entries(params)) {
    if (array.shape.length !== 1) continue;
    const values = Float32Array.from(array.ref.dataSync() as ArrayLike<number>);
    const noise = randomValues(values.length, next++, 0.5);
    out[name] = np.array(
      values.map((v, i) => v + noise[i]),
      { shape: [...array.shape] },
    );
  }
  return out;
}
