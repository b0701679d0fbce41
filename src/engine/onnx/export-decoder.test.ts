// The exported decoder_model_merged.onnx computes the engine's logits, through the KV cache
// exactly as transformers.js drives it, and with left padding.
import { beforeAll, describe, expect, test } from 'vitest';
import type * as ort from 'onnxruntime-node';
import { startEngine } from '../jax-runtime';
import type { Params } from '../init-weights';
import { initLlamaParams } from '../llama/init-llama';
import { exportDecoder } from './export-decoder';
import {
  createSession,
  emptyCache,
  engineLogits,
  maxAbsDiff,
  randomValues,
  runDecoder,
  sliceTime,
  textNames,
  tinyLlama as config,
  withRandomVectors,
} from './onnx-parity.testing';

const D = config.hidden_size;
const V = config.vocab_size;
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

let params: Params;
let session: ort.InferenceSession;

beforeAll(async () => {
  await startEngine();
  params = withRandomVectors(initLlamaParams(config, 7, textNames), 70);
  session = await createSession(exportDecoder(params, config, textNames));
});

describe('exportDecoder', () => {
  test('declares the transformers.js SmolVLM decoder inputs and outputs', () => {
    expect(session.inputNames).toEqual([
      'inputs_embeds',
      'attention_mask',
      'position_ids',
      'past_key_values.0.key',
      'past_key_values.0.value',
      'past_key_values.1.key',
      'past_key_values.1.value',
    ]);
    expect(session.outputNames).toEqual([
      'present.0.key',
      'present.0.value',
      'present.1.key',
      'present.1.value',
      'logits',
    ]);
    const past = session.inputMetadata.find((m) => m.name === 'past_key_values.0.key');
    expect(past && 'shape' in past ? past.shape : null).toEqual(['batch_size', 2, 'past_sequence_length', 4]);
  });

  test('logits of a full sequence equal the engine to 1e-3', async () => {
    const [B, T] = [2, 7];
    const embeds = randomValues(B * T * D, 1);
    const ones = [new Array(T).fill(1), new Array(T).fill(1)];
    const positions = [range(0, T), range(0, T)];
    const onnx = await runDecoder(
      session,
      embeds,
      { batch: B, seq: T, hidden: D },
      ones,
      positions,
      emptyCache(config, B),
    );
    const engine = engineLogits(params, config, embeds, [B, T]);
    expect(onnx.logits.length).toBe(B * T * V);
    expect(maxAbsDiff(onnx.logits, engine)).toBeLessThan(1e-3);
    expect(Math.max(...engine.map(Math.abs))).toBeGreaterThan(0.1); // not trivially small
  });

  test('prefill then three cached single steps give the full pass logits to 1e-4', async () => {
    const [B, T, prefill] = [2, 8, 5];
    const embeds = randomValues(B * T * D, 2);
    const full = await runDecoder(
      session,
      embeds,
      { batch: B, seq: T, hidden: D },
      [new Array(T).fill(1), new Array(T).fill(1)],
      [range(0, T), range(0, T)],
      emptyCache(config, B),
    );
    let step = await runDecoder(
      session,
      sliceTime(embeds, [B, T, D], 0, prefill),
      { batch: B, seq: prefill, hidden: D },
      [new Array(prefill).fill(1), new Array(prefill).fill(1)],
      [range(0, prefill), range(0, prefill)],
      emptyCache(config, B),
    );
    expect(maxAbsDiff(step.logits, sliceTime(full.logits, [B, T, V], 0, prefill))).toBeLessThan(1e-4);
    for (let t = prefill; t < T; t++) {
      step = await runDecoder(
        session,
        sliceTime(embeds, [B, T, D], t, t + 1),
        { batch: B, seq: 1, hidden: D },
        [new Array(t + 1).fill(1), new Array(t + 1).fill(1)],
        [[t], [t]],
        step.cache,
      );
      expect(step.cache['past_key_values.1.value'].dims).toEqual([B, 2, t + 1, 4]);
      expect(maxAbsDiff(step.logits, sliceTime(full.logits, [B, T, V], t, t + 1))).toBeLessThan(1e-4);
    }
  });

  test('left padding: real positions match the engine and the unpadded sequence', async () => {
    const [T, pad] = [6, 2];
    const embeds = randomValues(2 * T * D, 3);
    // Row 0 has `pad` padding slots on the left; HF gives them position 1 (masked_fill), tokens 0….
    const mask = [[...new Array(pad).fill(0), ...new Array(T - pad).fill(1)], new Array(T).fill(1)];
    const positions = [[...new Array(pad).fill(1), ...range(0, T - pad)], range(0, T)];
    const onnx = await runDecoder(
      session,
      embeds,
      { batch: 2, seq: T, hidden: D },
      mask,
      positions,
      emptyCache(config, 2),
    );
    const engine = engineLogits(params, config, embeds, [2, T], { attentionMask: mask, positionIds: positions });
    const real = (data: Float32Array) => [
      sliceTime(data, [2, T, V], pad, T).subarray(0, (T - pad) * V),
      data.subarray(T * V),
    ];
    expect(maxAbsDiff(real(onnx.logits)[0], real(engine)[0])).toBeLessThan(1e-3);
    expect(maxAbsDiff(real(onnx.logits)[1], real(engine)[1])).toBeLessThan(1e-3);

    const alone = sliceTime(embeds, [2, T, D], pad, T).subarray(0, (T - pad) * D);
    const unpadded = await runDecoder(
      session,
      alone,
      { batch: 1, seq: T - pad, hidden: D },
      [new Array(T - pad).fill(1)],
      [range(0, T - pad)],
      emptyCache(config, 1),
    );
    expect(maxAbsDiff(real(onnx.logits)[0], unpadded.logits)).toBeLessThan(1e-4);
  });

  test('an untied LM head uses lm_head.weight', async () => {
    const untied = { ...config, tie_word_embeddings: false };
    const untiedParams = initLlamaParams(untied, 11, textNames);
    const untiedSession = await createSession(exportDecoder(untiedParams, untied, textNames));
    const embeds = randomValues(5 * D, 4);
    const onnx = await runDecoder(
      untiedSession,
      embeds,
      { batch: 1, seq: 5, hidden: D },
      [[1, 1, 1, 1, 1]],
      [range(0, 5)],
      emptyCache(untied, 1),
    );
    expect(maxAbsDiff(onnx.logits, engineLogits(untiedParams, untied, embeds, [1, 5]))).toBeLessThan(1e-3);
  });
});
