import { beforeAll, expect, it } from 'vitest';
import { trackLiveBuffers } from '../engine/live-buffers.testing';
import { initVlmParams, vlmImageSeqLen } from '../engine/vlm';
import { clipBatch, vlmBatch } from './batches';
import { initClipModelParams } from './clip-towers';
import { clipConfigFor, vlmConfigFor } from './recipe';
import { CLIP_SPECIAL_TOKENS, shapesTokenizer, trainShapesMerges } from './tokenizer';
import {
  clipTrainer,
  newTrainerState,
  setTrainable,
  vlmTrainableNames,
  vlmTrainer,
  type TrainerState,
} from './train-step';
import { IMAGE_SIZE } from '../world';

/**
 * A training step must give back every buffer it allocates (jax-js 0.1.25 leaks one per
 * reciprocal under eager grad; the pretraining models avoid it), or a long run runs out of memory.
 */
let liveBuffers: () => number;
const merges = trainShapesMerges({ maxMerges: 60, corpusScenes: 60 });

beforeAll(async () => {
  liveBuffers = await trackLiveBuffers();
});

const options = { lr: 1e-3, weightDecay: 0.01, maxGradNorm: 1 };

/** Live buffers once the (lazy) new weights and moments are computed. */
function liveAfter(state: TrainerState): number {
  for (const array of [
    ...Object.values(state.params),
    ...Object.values(state.optimizer.m),
    ...Object.values(state.optimizer.v),
  ]) {
    array.ref.dataSync();
  }
  return liveBuffers();
}

it('a VLM step (vision frozen, then full) frees everything but the new weights and moments', () => {
  const tokenizer = shapesTokenizer(merges);
  const config = vlmConfigFor(tokenizer.vocab, {
    vision: { hidden: 8, layers: 1, heads: 2, mlp: 16, patch: 16 },
    text: { hidden: 16, layers: 1, heads: 2, kvHeads: 1, mlp: 24 },
    imageSize: IMAGE_SIZE,
    scaleFactor: 2,
  });
  const spec = {
    split: 'train' as const,
    seed: 1,
    batchSize: 2,
    mix: { describe: 1, question: 1, critic: 0 },
    lookStyle: 'cells' as const,
    encode: tokenizer.encode,
    imageSeqLen: vlmImageSeqLen(config),
    padId: config.pad_token_id!,
    imageSize: IMAGE_SIZE,
  };
  const state = newTrainerState(initVlmParams(config, 1), []);
  const trainer = vlmTrainer(config);
  for (const phase of ['frozen-vision', 'full'] as const) {
    setTrainable(state, vlmTrainableNames(state.params, phase));
    trainer.step(state, vlmBatch(spec, 0), options); // compiles and caches
    const before = liveAfter(state);
    for (let step = 1; step <= 2; step++) {
      const result = trainer.step(state, vlmBatch(spec, 0), options);
      expect(Number.isFinite(result.loss)).toBe(true);
      expect(liveAfter(state)).toBe(before);
    }
  }
});

it('a CLIP step frees everything but the new weights and moments', () => {
  const tokenizer = shapesTokenizer(merges, CLIP_SPECIAL_TOKENS);
  const config = clipConfigFor(tokenizer.vocab, {
    vision: { hidden: 8, layers: 1, heads: 2, mlp: 16, patch: 16 },
    text: { hidden: 8, layers: 1, heads: 2, mlp: 16, positions: 24 },
    projection: 8,
    imageSize: IMAGE_SIZE,
  });
  const spec = {
    split: 'train' as const,
    seed: 1,
    batchSize: 4,
    encode: tokenizer.encode,
    bosId: tokenizer.vocab.id('<|startoftext|>'),
    eosId: tokenizer.vocab.id('<|endoftext|>'),
    maxLength: 24,
    imageSize: IMAGE_SIZE,
  };
  const state = newTrainerState(initClipModelParams(config, 1));
  const trainer = clipTrainer(config);
  // The first steps compile the step and fill jax-js's caches of small constants.
  for (let step = 0; step < 2; step++) trainer.step(state, clipBatch(spec, 0), options);
  const before = liveAfter(state);
  for (let step = 2; step < 4; step++) {
    const result = trainer.step(state, clipBatch(spec, 0), options);
    expect(Number.isFinite(result.loss)).toBe(true);
    expect(liveAfter(state)).toBe(before);
  }
});
