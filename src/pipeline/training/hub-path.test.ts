// The Hub path: a SmolVLM-layout repo (the tiny-hub-smolvlm fixture: bf16 model.safetensors, ONNX
// without LoRA slots) decodes on the engine with its text decoder read from the safetensors and the
// image features from onnxruntime. Without an adapter it is onnxruntime's model; with one it is the
// adapter the ONNX-slot path applies to shapes-vlm.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tree } from '@jax-js/jax';
import type { Tensor } from '@huggingface/transformers';
import { startEngine } from '../../engine/jax-runtime';
import { weightInitializer, type Params } from '../../engine/init-weights';
import { initLoraParams } from '../../engine/lora/init-lora';
import { LORA_TARGETS, type LoraConfig } from '../../engine/lora/lora-config';
import { exportPeftAdapter, importPeftAdapter, type PeftAdapterFiles } from '../../engine/lora/peft-files';
import { VLM_TEXT_NAMES } from '../../engine/vlm';
import {
  detectCapabilities,
  loadVlm,
  readModelFile,
  sampleAnswers,
  scoreAnswer,
  type LoadedVlm,
  type SamplingOptions,
} from '../../runtime';
import { promptInputs, withAnswer, type ModelInputs } from '../../runtime/prompt-inputs';
import { DESCRIBE_PROMPT, rasterizeScene, sampleScene } from '../../world';
import { loadEngineDecoder, type EngineDecoder } from './engine-decoder';
import { engineDecoding } from './engine-decoding';
import { loadVlmWithAdapter } from './load-with-adapter';
import { hubFixtureFiles } from '../../../scripts/make-hub-fixture';

const hubId = 'tiny-hub-smolvlm';
const fp32 = { vision_encoder: 'fp32', embed_tokens: 'fp32', decoder_model_merged: 'fp32' } as const;
const request = { image: rasterizeScene(sampleScene('test', 3, 0)), prompt: DESCRIBE_PROMPT };
const greedy: SamplingOptions = { k: 1, seed: 0, temperature: 1, topP: 1, topK: 0, maxNewTokens: 12, greedy: true };

const text = async (modelId: string, path: string) => new TextDecoder().decode(await readModelFile(modelId, path));
const decoderOf = async (modelId: string) =>
  loadEngineDecoder(await text(modelId, 'config.json'), await readModelFile(modelId, 'model.safetensors'));
const onnxLogits = async (vlm: LoadedVlm, inputs: ModelInputs) =>
  (await (vlm.model as unknown as (i: unknown) => Promise<{ logits: Tensor }>)(inputs)).logits.data as Float32Array;
const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

/** A PEFT adapter on every target of every layer, with B random so that it changes the model. */
async function randomAdapter(modelId: string, decoder: EngineDecoder, seed: number): Promise<PeftAdapterFiles> {
  const lora: LoraConfig = { r: 4, alpha: 8, dropout: 0, targets: LORA_TARGETS, rslora: false };
  const factors: Params = initLoraParams(decoder.params, decoder.config.text_config, VLM_TEXT_NAMES, lora, seed);
  const init = weightInitializer(seed + 1);
  for (const name of Object.keys(factors).filter((n) => n.endsWith('lora_B.weight'))) {
    const shape = factors[name]!.shape;
    factors[name]!.dispose();
    factors[name] = init.normal([...shape], 0.3);
  }
  const files = await exportPeftAdapter({ config: lora, baseModel: modelId, factors });
  tree.dispose(factors);
  return files;
}

let vlm: LoadedVlm;
let inputs: ModelInputs;

beforeAll(async () => {
  await startEngine();
  vlm = await loadVlm({ modelId: hubId, device: 'cpu', dtype: fp32 }, await detectCapabilities());
  inputs = withAnswer(await promptInputs(vlm, request), [72, 101, 108, 108, 111]);
});

afterAll(async () => {
  await vlm.model.dispose();
});

describe('the Hub path on the SmolVLM-layout fixture', () => {
  test('the committed fixture is exactly what scripts/make-hub-fixture.ts writes', async () => {
    for (const [path, bytes] of await hubFixtureFiles()) {
      expect(Buffer.compare(readFileSync(join('public/models', hubId, path)), bytes), path).toBe(0);
    }
  });

  test("the processor splits the image into tiles, as SmolVLM's does", () => {
    expect(inputs.pixel_values!.dims.slice(0, 2)).toEqual([1, 5]); // 2 × 2 tiles and the global view
  });

  test("the bf16 text decoder read from model.safetensors gives onnxruntime's logits", async () => {
    const decoder = await decoderOf(hubId);
    expect(decoder.config.text_config.tie_word_embeddings).toBe(false);
    expect(
      Object.keys(decoder.params).every((name) => name.startsWith('model.text_model.') || name === 'lm_head.weight'),
    ).toBe(true);
    const engine = engineDecoding(vlm, decoder);
    const logits = await engine.logits(inputs);
    const onnx = await onnxLogits(vlm, inputs);
    expect(logits.dims).toEqual([1, inputs.input_ids!.dims[1], decoder.config.vocab_size]);
    expect(maxDiff(logits.data, onnx)).toBeLessThan(1e-4);

    // Sampling and scoring run through it exactly as through onnxruntime.
    const viaEngine = { ...vlm, decoder: engine };
    const [onOnnx] = await sampleAnswers(vlm, request, greedy);
    const [onEngine] = await sampleAnswers(viaEngine, request, greedy);
    expect(onOnnx!.tokens.length).toBeGreaterThan(3);
    expect(onEngine!.tokens.map((t) => t.tokenId)).toEqual(onOnnx!.tokens.map((t) => t.tokenId));
    onEngine!.tokens.forEach((token, i) => expect(token.logprob).toBeCloseTo(onOnnx!.tokens[i]!.logprob, 4));
    engine.dispose();
  }, 60_000);

  test('an adapter decodes on the engine: seeded samples repeat, scoring agrees with sampling, answers change', async () => {
    const decoder = await decoderOf(hubId);
    const files = await randomAdapter(hubId, decoder, 7);
    tree.dispose(decoder.params);
    const adapted = await loadVlmWithAdapter(
      { modelId: hubId, device: 'cpu', dtype: fp32 },
      await detectCapabilities(),
      files,
    );
    const sampled: SamplingOptions = { ...greedy, k: 2, seed: 11, temperature: 0.8, topP: 0.9, greedy: false };
    const answers = await sampleAnswers(adapted, request, sampled);
    // The adapter is what a user sees: the same seeded samples read differently from the base model's.
    const baseAnswers = await sampleAnswers(vlm, request, sampled);
    expect(answers.map((answer) => answer.text)).not.toEqual(baseAnswers.map((answer) => answer.text));
    expect(answers[0]!.tokens.length).toBeGreaterThan(3);
    expect(answers[0]!.text).not.toBe(answers[1]!.text);
    expect(await sampleAnswers(adapted, request, sampled)).toEqual(answers);
    for (const answer of answers) {
      const ids = answer.tokens.map((t) => t.tokenId);
      const scored = await scoreAnswer(adapted, request, ids);
      scored.logprobs.forEach((logprob, i) => expect(logprob).toBeCloseTo(answer.tokens[i]!.logprob, 4));
    }
    const base = await onnxLogits(vlm, inputs);
    expect(maxDiff((await adapted.decoder!.logits(inputs)).data, base)).toBeGreaterThan(1e-2);
    adapted.decoder!.dispose();
    await adapted.model.dispose();
  }, 60_000);

  test('on shapes-vlm the engine path applies an adapter exactly as the ONNX slots do', async () => {
    const decoder = await decoderOf('shapes-vlm');
    const files = await randomAdapter('shapes-vlm', decoder, 3);
    const patched = await loadVlmWithAdapter(
      { modelId: 'shapes-vlm', device: 'cpu', dtype: fp32 },
      await detectCapabilities(),
      files,
    );
    expect(patched.decoder).toBeUndefined(); // shapes-vlm's decoder has LoRA slots
    const engine = engineDecoding(patched, decoder, importPeftAdapter(files));
    const shapesInputs = withAnswer(await promptInputs(patched, request), [5, 6, 7]);
    expect(maxDiff((await engine.logits(shapesInputs)).data, await onnxLogits(patched, shapesInputs))).toBeLessThan(
      1e-3,
    );
    engine.dispose();
    await patched.model.dispose();
  }, 60_000);

  test('an adapter trained on another model is refused in one sentence', async () => {
    const decoder = await decoderOf(hubId);
    const files = await randomAdapter('shapes-vlm', decoder, 1);
    tree.dispose(decoder.params);
    await expect(
      loadVlmWithAdapter({ modelId: hubId, device: 'cpu' }, await detectCapabilities(), files),
    ).rejects.toThrow('This adapter was trained on shapes-vlm, not tiny-hub-smolvlm.');
  });
});
