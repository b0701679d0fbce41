// The exported CLIP towers give the engine's embeddings in onnxruntime-node, and transformers.js's
// CLIP classes load a complete exported model folder and give them too, from raw text and images.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import * as ort from 'onnxruntime-node';
import {
  AutoProcessor,
  AutoTokenizer,
  CLIPTextModelWithProjection,
  CLIPVisionModelWithProjection,
  env,
  RawImage,
} from '@huggingface/transformers';
import { numpy as np, type Array as JaxArray } from '@jax-js/jax';
import { clipTextForward, clipVisionForward, embedTokens } from '../engine/clip';
import type { RgbaImage } from '../common/rgba-image';
import type { Params } from '../engine/init-weights';
import { startEngine } from '../engine/jax-runtime';
import { initClipModelParams } from './clip-towers';
import { clipExtraFiles } from './model-files';
import { pixelValuesData } from './pixels';
import { clipConfigFor, type ClipModelConfig } from './recipe';
import {
  CLIP_SPECIAL_TOKENS,
  clipTokenizerFiles,
  shapesTokenizer,
  trainShapesMerges,
  type ShapesTokenizer,
} from './tokenizer';
import { layerNorm } from '../engine/vision/layers';
import { encoderForward } from '../engine/vision/transformer-block';
import { exportClipOnnx } from '../engine/onnx/export-clip';
import { createSession, maxAbsDiff, randomValues, withRandomVectors } from '../engine/onnx/onnx-parity.testing';

const SIZE = 64;

/** A SIZE×SIZE test card: a gradient with a dark square (the engine does not read the shapes world). */
function testImage(): RgbaImage {
  const data = new Uint8ClampedArray(SIZE * SIZE * 4);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const inSquare = x >= 20 && x < 40 && y >= 12 && y < 32;
      data.set(inSquare ? [20, 30, 40, 255] : [(x * 4) % 256, (y * 4) % 256, 128, 255], (y * SIZE + x) * 4);
    }
  }
  return { width: SIZE, height: SIZE, data };
}
let tokenizer: ShapesTokenizer;
let config: ClipModelConfig;
let params: Params;
let files: Map<string, Uint8Array>;

beforeAll(async () => {
  await startEngine();
  tokenizer = shapesTokenizer(trainShapesMerges({ maxMerges: 40, corpusScenes: 30 }), CLIP_SPECIAL_TOKENS);
  config = clipConfigFor(tokenizer.vocab, {
    vision: { hidden: 16, layers: 2, heads: 2, mlp: 32, patch: 16 },
    text: { hidden: 16, layers: 2, heads: 2, mlp: 32, positions: 24 },
    projection: 8,
    imageSize: SIZE,
  });
  params = withRandomVectors(initClipModelParams(config, 3, 0.3), 30);
  files = exportClipOnnx(params, config);
});

const valuesOf = (array: JaxArray) => Float32Array.from(array.dataSync() as ArrayLike<number>);
const int64 = (rows: number[][]) =>
  new ort.Tensor('int64', BigInt64Array.from(rows.flat().map(BigInt)), [rows.length, rows[0]!.length]);

/** The engine's final_layer_norm states [N, T, D], as HF's CLIPTextModel last_hidden_state. */
function engineTextStates(ids: number[][]): Float32Array {
  const text = config.text_config;
  const hidden = encoderForward(params, 'text_model.encoder', embedTokens(params, text, ids), {
    numLayers: text.num_hidden_layers,
    numHeads: text.num_attention_heads,
    layerNormEps: text.layer_norm_eps,
    activation: 'quick_gelu',
    causal: true,
  });
  return valuesOf(layerNorm(params, 'text_model.final_layer_norm', hidden, text.layer_norm_eps));
}

describe('exportClipOnnx', () => {
  test('text_model gives the engine text embeddings, read at the first end-of-text token', async () => {
    const session = await createSession(files.get('onnx/text_model.onnx')!);
    expect(session.inputNames).toEqual(['input_ids']);
    const { eos_token_id: eos, bos_token_id: bos } = config.text_config;
    const word = (k: number) => (k * 37) % 250; // byte tokens, never a special token
    // End of text at 6, 3 and 9; the second row also has a later end-of-text and other tokens after it.
    const ids = [
      [bos, word(1), word(2), word(3), word(4), word(5), eos, eos, eos, eos],
      [bos, word(6), word(7), eos, word(8), eos, word(9), eos, eos, eos],
      [bos, word(10), word(11), word(12), word(13), word(14), word(15), word(16), word(17), eos],
    ];
    const out = await session.run({ input_ids: int64(ids) });
    expect(out.text_embeds!.dims).toEqual([3, 8]);
    expect(out.last_hidden_state!.dims).toEqual([3, 10, 16]);
    const expected = valuesOf(clipTextForward(params, config.text_config, ids));
    expect(maxAbsDiff(out.text_embeds!.data as Float32Array, expected)).toBeLessThan(1e-4);
    expect(maxAbsDiff(out.last_hidden_state!.data as Float32Array, engineTextStates(ids))).toBeLessThan(1e-4);
    expect(Math.max(...expected.map(Math.abs))).toBeGreaterThan(0.1);
  });

  test('vision_model gives the engine image embeddings', async () => {
    const session = await createSession(files.get('onnx/vision_model.onnx')!);
    expect(session.inputNames).toEqual(['pixel_values']);
    const pixels = randomValues(3 * 3 * SIZE * SIZE, 11);
    const out = await session.run({ pixel_values: new ort.Tensor('float32', pixels, [3, 3, SIZE, SIZE]) });
    expect(out.image_embeds!.dims).toEqual([3, 8]);
    expect(out.last_hidden_state!.dims).toEqual([3, (SIZE / 16) ** 2 + 1, 16]);
    const expected = valuesOf(
      clipVisionForward(params, config.vision_config, np.array(pixels, { shape: [3, 3, SIZE, SIZE] })),
    );
    expect(maxAbsDiff(out.image_embeds!.data as Float32Array, expected)).toBeLessThan(1e-4);
    // Embeddings differ between images: the [CLS] state depends on the pixels.
    expect(maxAbsDiff(expected.slice(0, 8), expected.slice(8, 16))).toBeGreaterThan(0.1);
  });

  test('transformers.js CLIP classes load the model folder and give the engine embeddings', async () => {
    const root = mkdtempSync(join(tmpdir(), 'clip-export-'));
    const folder = join(root, 'shapes-clip');
    const json = {
      'config.json': config,
      ...clipTokenizerFiles(tokenizer.vocab, config.text_config.max_position_embeddings),
      ...clipExtraFiles(config),
    };
    const write = (name: string, bytes: string | Uint8Array) => {
      mkdirSync(dirname(join(folder, name)), { recursive: true });
      writeFileSync(join(folder, name), bytes);
    };
    for (const [name, content] of Object.entries(json)) write(name, JSON.stringify(content));
    for (const [name, bytes] of files) write(name, bytes);
    env.localModelPath = root;
    env.allowRemoteModels = false;
    env.allowLocalModels = true;

    const texts = ['a red circle above a blue square', 'three shapes'];
    const autoTokenizer = await AutoTokenizer.from_pretrained('shapes-clip');
    const textModel = await CLIPTextModelWithProjection.from_pretrained('shapes-clip', {
      device: 'cpu',
      dtype: 'fp32',
    });
    const textInputs = autoTokenizer(texts, { padding: true, truncation: true });
    const ids = texts.map((t) => tokenizer.encode(`<|startoftext|>${t}<|endoftext|>`));
    const padded = ids.map((row) => [
      ...row,
      ...Array(Math.max(...ids.map((r) => r.length)) - row.length).fill(config.text_config.eos_token_id),
    ]);
    expect(Array.from(textInputs.input_ids.data as BigInt64Array, Number)).toEqual(padded.flat());
    const { text_embeds: textEmbeds } = await textModel(textInputs);
    expect(
      maxAbsDiff(textEmbeds.data as Float32Array, valuesOf(clipTextForward(params, config.text_config, padded))),
    ).toBeLessThan(1e-4);

    const image = testImage();
    const processor = await AutoProcessor.from_pretrained('shapes-clip');
    const visionModel = await CLIPVisionModelWithProjection.from_pretrained('shapes-clip', {
      device: 'cpu',
      dtype: 'fp32',
    });
    const imageInputs = await processor(new RawImage(new Uint8ClampedArray(image.data), SIZE, SIZE, 4));
    const ourPixels = pixelValuesData([image], SIZE);
    expect(maxAbsDiff(imageInputs.pixel_values.data as Float32Array, ourPixels)).toBeLessThan(1e-6);
    const { image_embeds: imageEmbeds } = await visionModel(imageInputs);
    const expected = valuesOf(
      clipVisionForward(params, config.vision_config, np.array(ourPixels, { shape: [1, 3, SIZE, SIZE] })),
    );
    expect(maxAbsDiff(imageEmbeds.data as Float32Array, expected)).toBeLessThan(1e-4);
  });
});
