// The committed shapes-vlm: transformers.js, through the app's runtime, runs exactly the model the
// engine trained — the same logits (onnxruntime fp32 vs jax-js, 1e-3) and the same greedy answers.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { numpy as np, tree } from '@jax-js/jax';
import type { Tensor } from '@huggingface/transformers';
import { startEngine } from '../engine/jax-runtime';
import type { Params } from '../engine/init-weights';
import { paramsFromSafetensors } from '../engine/safetensors-params';
import { weightInitializer } from '../engine/init-weights';
import { initLoraParams } from '../engine/lora/init-lora';
import { LORA_TARGETS, loraScale, type LoraConfig } from '../engine/lora/lora-config';
import { RECIPE } from '../pretraining/recipe';
import { VLM_TEXT_NAMES, vlmLogits, type VlmConfig } from '../engine/vlm';
import { adapterFilePatch } from '../pipeline/training/load-with-adapter';
import { detectCapabilities, loadVlm, sampleAnswers, type LoadedVlm } from '../runtime';
import { promptInputs } from '../runtime/prompt-inputs';
import { rasterizeScene, sampleScenes } from '../world';
import { GREEDY } from '../methods/method-runtime';

const dir = 'public/models/shapes-vlm';
const fp32 = { vision_encoder: 'fp32', embed_tokens: 'fp32', decoder_model_merged: 'fp32' } as const;
const maxNewTokens = 48;
const scenes = sampleScenes({ split: 'test', n: 3, seed: 77 });
const prompts = ['Describe the image.', 'How many shapes are there?', 'What colour is the circle?'];

let config: VlmConfig;
let params: Params;
let vlm: LoadedVlm;

beforeAll(async () => {
  await startEngine();
  config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
  params = paramsFromSafetensors(readFileSync(join(dir, 'model.safetensors')));
  vlm = await loadVlm({ modelId: 'shapes-vlm', device: 'cpu', dtype: fp32 }, await detectCapabilities());
});

afterAll(async () => {
  tree.dispose(params);
  await vlm.model.dispose();
});

/** The runtime's model inputs for (scene, prompt): the app's tokenizer, chat template and pixels. */
async function inputsFor(sceneIndex: number, prompt: string) {
  const inputs = await promptInputs(vlm, { image: rasterizeScene(scenes[sceneIndex]!), prompt });
  const size = config.vision_config.image_size;
  return {
    inputs,
    ids: Array.from(inputs.input_ids!.data as BigInt64Array, Number),
    pixels: Float32Array.from(inputs.pixel_values!.data as Float32Array),
    size,
  };
}

function engineLogits(
  ids: number[],
  pixels: Float32Array,
  size: number,
  adapter?: { factors: Params; scale: number },
): Float32Array {
  const pixelValues = np.array(pixels, { shape: [1, 3, size, size] });
  const logits = adapter
    ? vlmLogits({ ...params, ...adapter.factors }, config, {
        inputIds: [ids],
        pixelValues,
        lora: { scale: adapter.scale },
      })
    : vlmLogits(params, config, { inputIds: [ids], pixelValues });
  return Float32Array.from(logits.dataSync() as ArrayLike<number>);
}

/** The engine's greedy continuation: a full forward pass per token. */
function engineGreedy(prompt: number[], pixels: Float32Array, size: number): number[] {
  const vocab = config.vocab_size;
  const eos = config.text_config.eos_token_id;
  const ids = [...prompt];
  for (let step = 0; step < maxNewTokens; step++) {
    const last = engineLogits(ids, pixels, size).slice(-vocab);
    const next = last.indexOf(Math.max(...last));
    ids.push(next);
    if (next === eos) break;
  }
  return ids.slice(prompt.length);
}

describe('shapes-vlm, committed in public/models', () => {
  test('has every file transformers.js loads, in fp32, 8-bit and 4-bit', () => {
    for (const file of ['vision_encoder', 'embed_tokens', 'decoder_model_merged']) {
      const [full, q8, q4] = ['', '_quantized', '_q4'].map(
        (suffix) => statSync(join(dir, 'onnx', `${file}${suffix}.onnx`)).size,
      );
      expect(q8).toBeLessThan(full!);
      expect(q4).toBeLessThanOrEqual(q8!);
    }
  });

  test('onnxruntime (fp32, through transformers.js) and the engine give the same logits, to 1e-3', async () => {
    const { inputs, ids, pixels, size } = await inputsFor(0, prompts[0]!);
    const { logits } = await (vlm.model as unknown as (i: unknown) => Promise<{ logits: Tensor }>)(inputs);
    const onnx = logits.data as Float32Array;
    const engine = engineLogits(ids, pixels, size);
    expect(onnx.length).toBe(engine.length);
    let maxDiff = 0;
    for (let i = 0; i < engine.length; i++) maxDiff = Math.max(maxDiff, Math.abs(engine[i]! - onnx[i]!));
    expect(maxDiff).toBeLessThan(1e-3);
  });

  test("an adapter patched into the decoder as it loads (no re-export) gives the engine's adapted logits, to 1e-3", async () => {
    const lora: LoraConfig = { r: 4, alpha: 8, dropout: 0, targets: LORA_TARGETS, layers: [1], rslora: false };
    const factors = initLoraParams(params, config.text_config, VLM_TEXT_NAMES, lora, 1);
    const init = weightInitializer(2);
    for (const name of Object.keys(factors).filter((n) => n.endsWith('lora_B.weight'))) {
      factors[name]!.dispose();
      factors[name] = init.normal([...params[name.replace('lora_B.weight', 'weight')]!.shape.slice(0, 1), 4], 0.2);
    }
    const patch = adapterFilePatch(
      { config: lora, baseModel: 'shapes-vlm', factors },
      config,
      RECIPE.vlm.loraSlots.rank,
    );
    const adapted = await loadVlm(
      { modelId: 'shapes-vlm', device: 'cpu', dtype: fp32 },
      await detectCapabilities(),
      undefined,
      patch,
    );
    const { inputs, ids, pixels, size } = await inputsFor(1, prompts[1]!);
    const forward = (model: LoadedVlm) =>
      (model.model as unknown as (i: unknown) => Promise<{ logits: Tensor }>)(inputs);
    const onnx = (await forward(adapted)).logits.data as Float32Array;
    const engine = engineLogits(ids, pixels, size, { factors, scale: loraScale(lora) });
    const base = (await forward(vlm)).logits.data as Float32Array;
    const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
    expect(maxDiff(onnx, engine)).toBeLessThan(1e-3);
    expect(maxDiff(onnx, base)).toBeGreaterThan(1e-2);
    expect(maxDiff(base, engineLogits(ids, pixels, size))).toBeLessThan(1e-3); // the base model loads unpatched as before
    await adapted.model.dispose();
    tree.dispose(factors);
  });

  test("the runtime's greedy answers are the engine's greedy answers", async () => {
    for (let s = 0; s < scenes.length; s++) {
      const prompt = prompts[s]!;
      const { ids, pixels, size } = await inputsFor(s, prompt);
      const [answer] = await sampleAnswers(
        vlm,
        { image: rasterizeScene(scenes[s]!), prompt },
        { ...GREEDY, maxNewTokens },
      );
      const engine = engineGreedy(ids, pixels, size);
      expect(answer!.tokens.map((token) => token.tokenId)).toEqual(engine);
      expect(engine.length).toBeGreaterThan(1);
    }
  }, 120_000);
});
