// The exported vision_encoder.onnx gives the engine's image features (padding tiles dropped), and
// embed_tokens.onnx the engine's embeddings.
import { beforeAll, describe, expect, test } from 'vitest';
import * as ort from 'onnxruntime-node';
import { numpy as np } from '@jax-js/jax';
import { startEngine } from '../jax-runtime';
import type { Params } from '../init-weights';
import { initLlamaParams } from '../llama/init-llama';
import { embedTokens } from '../llama/llama-forward';
import { imageFeatures, initVisionParams } from '../vision';
import { exportEmbedTokens, exportVisionEncoder } from './export-vision';
import {
  createSession,
  maxAbsDiff,
  randomValues,
  textNames,
  tinyLlama,
  tinyVisionSide,
  withRandomVectors,
} from './onnx-parity.testing';

const config = tinyVisionSide;
const tilePixels = 3 * 16 * 16;
const seqLen = 4;

let params: Params;
let session: ort.InferenceSession;

beforeAll(async () => {
  await startEngine();
  params = withRandomVectors(initVisionParams(config, 2, { std: 0.3 }), 20);
  session = await createSession(exportVisionEncoder(params, config));
});

function engineFeatures(tiles: Float32Array, count: number): Float32Array {
  const features = imageFeatures(params, config, np.array(tiles, { shape: [count, 3, 16, 16] }));
  return Float32Array.from(features.dataSync() as ArrayLike<number>);
}

describe('exportVisionEncoder', () => {
  test('image_features equal the engine to 1e-3, tile after tile', async () => {
    const pixels = randomValues(2 * 2 * tilePixels, 8);
    const out = await session.run({
      pixel_values: new ort.Tensor('float32', pixels, [2, 2, 3, 16, 16]),
      pixel_attention_mask: new ort.Tensor('bool', new Uint8Array(2 * 2 * 256).fill(1), [2, 2, 16, 16]),
    });
    expect(out.image_features.dims).toEqual([4 * seqLen, 16]);
    const expected = engineFeatures(pixels, 4);
    expect(maxAbsDiff(out.image_features.data as Float32Array, expected)).toBeLessThan(1e-3);
    expect(Math.max(...expected.map(Math.abs))).toBeGreaterThan(0.1);
  });

  test('tiles whose mask is all false (batch padding) are dropped', async () => {
    // Batch item 0 has 3 tiles, item 1 has 1 real tile and 2 padding tiles (zeros, mask false).
    const pixels = randomValues(2 * 3 * tilePixels, 9);
    pixels.fill(0, 4 * tilePixels);
    const mask = new Uint8Array(2 * 3 * 256).fill(1).fill(0, 4 * 256);
    const out = await session.run({
      pixel_values: new ort.Tensor('float32', pixels, [2, 3, 3, 16, 16]),
      pixel_attention_mask: new ort.Tensor('bool', mask, [2, 3, 16, 16]),
    });
    expect(out.image_features.dims).toEqual([4 * seqLen, 16]);
    const expected = engineFeatures(pixels.slice(0, 4 * tilePixels), 4);
    expect(maxAbsDiff(out.image_features.data as Float32Array, expected)).toBeLessThan(1e-3);
  });
});

describe('exportEmbedTokens', () => {
  test('inputs_embeds equal the engine embedding lookup exactly', async () => {
    const llama = initLlamaParams(tinyLlama, 4, textNames);
    const embedSession = await createSession(exportEmbedTokens(llama, textNames));
    const ids = [
      [0, 5, 39, 12],
      [7, 7, 1, 30],
    ];
    const out = await embedSession.run({
      input_ids: new ort.Tensor('int64', BigInt64Array.from(ids.flat().map(BigInt)), [2, 4]),
    });
    expect(out.inputs_embeds.dims).toEqual([2, 4, 16]);
    const expected = embedTokens(llama, ids, textNames);
    expect(Array.from(out.inputs_embeds.data as Float32Array)).toEqual(
      Array.from(expected.dataSync() as ArrayLike<number>),
    );
  });
});
