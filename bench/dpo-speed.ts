// LoRA-DPO step time of the engine (jax-js, wasm, Node): on the committed shapes-vlm with
// description pairs, and on a randomly initialised decoder of SmolLM2-135M's shape with 128-token
// answers. The first step compiles; the timed steps after it are steady state.
import { tree } from '@jax-js/jax';
import type { DpoModel, DpoPair } from '../src/engine/dpo/dpo-batch';
import { DEFAULT_DPO_SETTINGS } from '../src/engine/dpo/dpo-options';
import { dpoTrainer, newDpoState, type DpoSettings } from '../src/engine/dpo/dpo-trainer';
import { startEngine } from '../src/engine/jax-runtime';
import { llamaNames, type LlamaConfig } from '../src/engine/llama/config';
import { initLlamaParams } from '../src/engine/llama/init-llama';
import { pixelValues } from '../src/pretraining/pixels';
import { trainShapesMerges, shapesTokenizer } from '../src/pretraining/tokenizer';
import { buildAnswerIds, buildPromptIds, vlmImageSeqLen } from '../src/engine/vlm';
import {
  createRng,
  describeObjects,
  describeScene,
  DESCRIBE_PROMPT,
  injectError,
  rasterizeScene,
  sampleScene,
} from '../src/world';
import { dpoModelOf, loadEngineDecoder } from '../src/pipeline/training/engine-decoder';
import { paramsFromSafetensors } from '../src/engine/safetensors-params';
import { imageFeatures } from '../src/engine/vision';

export interface DpoSpeed {
  model: string;
  pairsPerStep: number;
  answerTokens: number;
  steps: number;
  secondsPerPair: number;
  tokensPerS: number;
  /** Peak memory: the process's resident set in Node, the JS heap in a browser (when it says). */
  peakMemoryMiB: number | null;
}

/** Peak resident memory in Node; Chromium's JS heap figure in a page (wasm memory not included). */
function peakMemoryMiB(): number | null {
  if (typeof process !== 'undefined' && typeof process.resourceUsage === 'function')
    return process.resourceUsage().maxRSS / 1024;
  const memory = (performance as { memory?: { usedJSHeapSize: number } }).memory;
  return memory ? memory.usedJSHeapSize / 2 ** 20 : null;
}

async function timeSteps(
  name: string,
  model: DpoModel,
  pairs: DpoPair[],
  settings: DpoSettings,
  steps: number,
): Promise<DpoSpeed> {
  const trainer = dpoTrainer(model, settings);
  const reference = await trainer.reference(pairs);
  const prepared = pairs.map((pair, i) => ({ ...pair, reference: reference[i]! }));
  const state = newDpoState(model, settings);
  await trainer.step(state, prepared); // compiles
  let ms = 0;
  let tokensPerS = 0;
  for (let i = 0; i < steps; i++) {
    const log = await trainer.step(state, prepared);
    ms += log.stepMs;
    tokensPerS += log.tokensPerSecond / steps;
  }
  tree.dispose([state.factors, state.optimizer.m, state.optimizer.v]);
  const answerTokens = Math.max(...pairs.map((p) => Math.max(p.chosen.length, p.rejected.length)));
  return {
    model: name,
    pairsPerStep: pairs.length,
    answerTokens,
    steps,
    secondsPerPair: ms / 1000 / steps / pairs.length,
    tokensPerS,
    peakMemoryMiB: peakMemoryMiB(),
  };
}

/** shapes-vlm from its config.json and model.safetensors, with a step of description pairs. */
export async function shapesVlmDpoSpeed(files: { config: string; weights: Uint8Array }, steps = 10): Promise<DpoSpeed> {
  // Step time does not depend on where the image features come from: the engine's vision tower here.
  const engine = loadEngineDecoder(files.config, files.weights);
  const vision = paramsFromSafetensors(files.weights);
  const { encode } = shapesTokenizer(trainShapesMerges());
  const rng = createRng(1);
  const size = engine.config.vision_config.image_size;
  const pairs: DpoPair[] = Array.from({ length: DEFAULT_DPO_SETTINGS.batchSize }, (_, i) => {
    const scene = sampleScene('train', 9, i);
    const features = imageFeatures(vision, engine.config, pixelValues([rasterizeScene(scene)], size));
    return {
      prompt: buildPromptIds(encode, DESCRIBE_PROMPT, vlmImageSeqLen(engine.config)),
      chosen: buildAnswerIds(encode, describeScene(scene)),
      rejected: buildAnswerIds(encode, describeObjects(injectError(scene.objects, 'object', rng).objects)),
      imageFeatures: features,
    };
  });
  const speed = await timeSteps('shapes-vlm', dpoModelOf(engine), pairs, DEFAULT_DPO_SETTINGS, steps);
  for (const pair of pairs) pair.imageFeatures!.dispose();
  tree.dispose([engine.params, vision]);
  return speed;
}

/** HuggingFaceTB/SmolLM2-135M's config.json (the text model of SmolVLM-256M is the same shape). */
export const SMOLLM2_135M: LlamaConfig = {
  vocab_size: 49152,
  hidden_size: 576,
  intermediate_size: 1536,
  num_hidden_layers: 30,
  num_attention_heads: 9,
  num_key_value_heads: 3,
  head_dim: 64,
  rms_norm_eps: 1e-5,
  rope_theta: 100000,
  tie_word_embeddings: true,
  max_position_embeddings: 8192,
  initializer_range: 0.041666666666666664,
};

export async function smolLm2DpoSpeed(steps = 3, answerTokens = 128, promptTokens = 64): Promise<DpoSpeed> {
  const names = llamaNames();
  const params = initLlamaParams(SMOLLM2_135M, 0, names);
  const rng = createRng(2);
  const ids = (n: number) => Array.from({ length: n }, () => rng.int(SMOLLM2_135M.vocab_size));
  const pairs: DpoPair[] = [{ prompt: ids(promptTokens), chosen: ids(answerTokens), rejected: ids(answerTokens) }];
  // The configuration stack.md measured: LoRA r 8 on q and v, one pair per step.
  const settings: DpoSettings = {
    ...DEFAULT_DPO_SETTINGS,
    batchSize: 1,
    lora: { r: 8, alpha: 16, dropout: 0, targets: ['q_proj', 'v_proj'], rslora: false },
  };
  const speed = await timeSteps(
    'SmolLM2-135M shape (random)',
    { config: SMOLLM2_135M, names, params },
    pairs,
    settings,
    steps,
  );
  tree.dispose(params);
  return speed;
}

/** Each model's speed, or why it could not be measured (e.g. jax-js's 4 GiB wasm memory). */
export async function benchDpo(): Promise<({ model: string } & (DpoSpeed | { error: string }))[]> {
  await startEngine();
  const { readFileSync } = await import('node:fs');
  const dir = 'public/models/shapes-vlm/';
  const files = {
    config: readFileSync(`${dir}config.json`, 'utf8'),
    weights: new Uint8Array(readFileSync(`${dir}model.safetensors`)),
  };
  const attempt = async (model: string, measure: () => Promise<DpoSpeed>) => {
    try {
      return await measure();
    } catch (error) {
      return { model, error: (error as Error).message };
    }
  };
  return [
    await attempt('shapes-vlm', () => shapesVlmDpoSpeed(files)),
    await attempt('SmolLM2-135M shape (random)', () => smolLm2DpoSpeed()),
  ];
}
