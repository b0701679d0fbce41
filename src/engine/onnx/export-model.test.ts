// A model folder written from engine params loads in transformers.js as an Idefics3 model, and its
// greedy generation (image features spliced in, KV cache) equals the engine's greedy argmax.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AutoModelForVision2Seq, env, Tensor } from '@huggingface/transformers';
import { numpy as np } from '@jax-js/jax';
import { startEngine } from '../jax-runtime';
import type { Params } from '../init-weights';
import { initLlamaParams } from '../llama/init-llama';
import { embedTokens, llamaForward } from '../llama/llama-forward';
import { imageFeatures, initVisionParams } from '../vision';
import { exportIdefics3Onnx, type Idefics3ExportConfig } from './export-model';
import { randomValues, textNames, tinyLlama, tinyVisionSide, withRandomVectors } from './onnx-parity.testing';

const IMAGE_TOKEN = 39;
const EOS = 38;
const config: Idefics3ExportConfig = { ...tinyVisionSide, text_config: { ...tinyLlama, head_dim: 4 } };
const prompt = [1, 2, ...new Array(4).fill(IMAGE_TOKEN), 5, 6, 7];
const newTokens = 8;

let root: string;
let params: Params;
let pixels: Float32Array;

function configJson(): object {
  return {
    architectures: ['Idefics3ForConditionalGeneration'],
    model_type: 'idefics3',
    image_token_id: IMAGE_TOKEN,
    scale_factor: config.scale_factor,
    vocab_size: tinyLlama.vocab_size,
    text_config: { model_type: 'llama', ...config.text_config, eos_token_id: EOS },
    vision_config: { model_type: 'idefics3_vision', ...config.vision_config, hidden_act: 'gelu_pytorch_tanh' },
  };
}

/** The engine's greedy continuation of `prompt` with one image, recomputing the full pass each step. */
function engineGreedy(): number[] {
  const features = imageFeatures(params, config, np.array(pixels, { shape: [1, 3, 16, 16] }));
  const featureRows = Float32Array.from(features.dataSync() as ArrayLike<number>);
  const D = tinyLlama.hidden_size;
  const ids = [...prompt];
  for (let step = 0; step < newTokens; step++) {
    const embeds = Float32Array.from(embedTokens(params, [ids], textNames).dataSync() as ArrayLike<number>);
    let image = 0;
    ids.forEach((id, t) => {
      if (id === IMAGE_TOKEN) embeds.set(featureRows.subarray(image++ * D, image * D), t * D);
    });
    const logits = llamaForward(params, tinyLlama, {
      inputsEmbeds: np.array(embeds, { shape: [1, ids.length, D] }),
      names: textNames,
    });
    const last = Array.from(logits.dataSync() as ArrayLike<number> as Float32Array).slice(-tinyLlama.vocab_size);
    const next = last.indexOf(Math.max(...last));
    ids.push(next);
    if (next === EOS) break;
  }
  return ids;
}

beforeAll(async () => {
  await startEngine();
  const llama = initLlamaParams(tinyLlama, 21, textNames);
  params = withRandomVectors({ ...llama, ...initVisionParams(config, 22, { std: 0.3 }) }, 23);
  pixels = randomValues(3 * 16 * 16, 24);

  root = mkdtempSync(join(tmpdir(), 'selfalign-export-'));
  const files = exportIdefics3Onnx(params, config, textNames);
  const json = (value: object) => new TextEncoder().encode(JSON.stringify(value, null, 2));
  files.set('config.json', json(configJson()));
  files.set('generation_config.json', json({ bos_token_id: 1, eos_token_id: EOS, pad_token_id: 0 }));
  for (const [path, bytes] of files) {
    const target = join(root, 'tiny-exported', path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, bytes);
  }
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('exported model folder in transformers.js', () => {
  test('greedy generate equals the engine greedy argmax sequence', async () => {
    const saved = { local: env.localModelPath, remote: env.allowRemoteModels, cache: env.useFSCache };
    Object.assign(env, {
      localModelPath: `${root}/`,
      allowRemoteModels: false,
      allowLocalModels: true,
      useFSCache: false,
    });
    try {
      const model = await AutoModelForVision2Seq.from_pretrained('tiny-exported', { device: 'cpu', dtype: 'fp32' });
      const output = (await model.generate({
        input_ids: new Tensor('int64', BigInt64Array.from(prompt.map(BigInt)), [1, prompt.length]),
        attention_mask: new Tensor('int64', new BigInt64Array(prompt.length).fill(1n), [1, prompt.length]),
        pixel_values: new Tensor('float32', pixels, [1, 1, 3, 16, 16]),
        pixel_attention_mask: new Tensor('bool', new Uint8Array(256).fill(1), [1, 1, 16, 16]),
        do_sample: false,
        max_new_tokens: newTokens,
      } as Record<string, unknown>)) as Tensor;
      const generated = Array.from(output.data as BigInt64Array, Number);
      const expected = engineGreedy();
      expect(generated).toEqual(expected);
      expect(new Set(expected.slice(prompt.length)).size).toBeGreaterThan(1); // not a degenerate repeat
      await model.dispose();
    } finally {
      Object.assign(env, { localModelPath: saved.local, allowRemoteModels: saved.remote, useFSCache: saved.cache });
    }
  });
});
