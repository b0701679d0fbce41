// Pretraining step time of the engine (jax-js on wasm in Node): the recipe's models, batch sizes and
// instruction mix. Each batch shape is compiled in a first pass, so the timed pass is steady state.
import { tree } from '@jax-js/jax';
import { clipStageData, vlmStageData } from '../src/pretraining/pretrain-run';
import { startEngine } from '../src/engine/jax-runtime';
import { clipBatch, vlmBatch } from '../src/pretraining/batches';
import { initClipModelParams } from '../src/pretraining/clip-towers';
import { RECIPE } from '../src/pretraining/recipe';
import { trainShapesMerges } from '../src/pretraining/tokenizer';
import { clipTrainer, newTrainerState, vlmTrainer, type Trainer } from '../src/pretraining/train-step';
import { initVlmParams } from '../src/engine/vlm';
import type { Params } from '../src/engine/init-weights';

export interface PretrainSpeed {
  stage: 'vlm' | 'clip';
  steps: number;
  batchSize: number;
  stepsPerS: number;
  tokensPerS: number;
}

async function timeSteps<Batch extends { tokens: number }>(params: Params, trainer: Trainer<Batch>, batches: Batch[]) {
  const state = newTrainerState(params);
  const options = { lr: 1e-4, weightDecay: 0.01, maxGradNorm: 1 };
  for (const batch of batches) trainer.step(state, batch, options);
  const started = performance.now();
  for (const batch of batches) trainer.step(state, batch, options);
  const seconds = (performance.now() - started) / 1000;
  tree.dispose([state.params, state.optimizer.m, state.optimizer.v]);
  const tokens = batches.reduce((sum, batch) => sum + batch.tokens, 0);
  return { stepsPerS: batches.length / seconds, tokensPerS: tokens / seconds };
}

/** `steps` batches of each stage, the VLM's drawn from the recipe's task mix. */
export async function benchPretrain(steps = 20): Promise<PretrainSpeed[]> {
  await startEngine();
  const merges = trainShapesMerges();
  const vlm = vlmStageData({ stage: 'vlm', steps, seed: 0 }, merges);
  const vlmBatches = Array.from({ length: steps }, (_, step) => vlmBatch(vlm.spec, step));
  const clip = clipStageData({ stage: 'clip', steps, seed: 0 }, merges);
  const clipBatches = Array.from({ length: steps }, (_, step) => clipBatch(clip.spec, step));
  return [
    {
      stage: 'vlm',
      steps,
      batchSize: vlm.spec.batchSize,
      ...(await timeSteps(initVlmParams(vlm.config, 0), vlmTrainer(vlm.config), vlmBatches)),
    },
    {
      stage: 'clip',
      steps,
      batchSize: clip.spec.batchSize,
      ...(await timeSteps(initClipModelParams(clip.config, 0), clipTrainer(clip.config), clipBatches)),
    },
  ];
}

export const recipeSteps = { vlm: RECIPE.vlm.steps, clip: RECIPE.clip.steps };
