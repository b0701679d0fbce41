/// <reference lib="webworker" />
// A round's stages in their own worker, a thin host of the functions `selfalign round` runs
// (pipeline/round.ts): makePairs with round k − 1's adapter on (on pool scenes, or on the gallery
// items the page sends), trainAdapter from it (gallery pairs on the pixels the page sends), and
// evaluateAdapted on the round's test scenes. The engine runs on wasm, as the CLI's does, so the
// tab's round and the CLI's agree; each call loads what it needs and lets it go.
import * as Comlink from 'comlink';
import { pairImageFrom } from '../data/pairs/pair-images';
import { startEngine } from '../engine/jax-runtime';
import { compareResults } from '../evaluation';
import { evaluateAdaptedReport, evaluationIdentity } from '../pipeline/evaluate-model';
import { makePairs } from '../pipeline/method-run';
import { ROUND_EVAL_SEED, roundPairsRequest } from '../pipeline/round';
import { checkpointOf, trainAdapter } from '../pipeline/training/train-adapter';
import { clipFor } from '../runtime/clip-scorer';
import { configureRuntimePaths } from '../runtime/transformers-env';
import type { RoundWorkerApi } from './round-api';

configureRuntimePaths({ localModelPath: '/models/', wasmPaths: '/ort/' });

const api: RoundWorkerApi = {
  async pairs(job, onProgress) {
    await startEngine('wasm');
    return makePairs({
      modelId: job.modelId,
      clipId: clipFor(job.modelId),
      request: roundPairsRequest(job.settings, job.n, job.images),
      adapter: job.previous,
      control: { onProgress },
      load: job.load,
    });
  },
  async train(job, onEvent) {
    await startEngine('wasm');
    const trained = await trainAdapter({
      modelId: job.modelId,
      settings: job.settings,
      pairs: structuredClone(job.pairs),
      imageOf: async (record) => pairImageFrom(job.images ?? {})(record),
      featuresDevice: 'wasm',
      start: job.start,
      checkpoint: job.checkpoint,
      onPhase: (phase, done, total) => onEvent({ type: 'phase', phase, done, total }),
      onStep: async (log, state) => {
        onEvent({ type: 'step', log });
        if (log.step % job.checkpointEvery === 0 && log.step < job.settings.totalSteps)
          onEvent({ type: 'checkpoint', checkpoint: await checkpointOf(state) });
      },
    });
    try {
      return { adapter: await trained.adapter(), logs: trained.logs };
    } finally {
      trained.dispose();
    }
  },
  async evaluate(job, onProgress) {
    await startEngine('wasm');
    return evaluateAdaptedReport({
      modelId: job.modelId,
      ...job.load,
      n: job.n,
      seed: ROUND_EVAL_SEED,
      ...(job.adapter ? { adapter: job.adapter.files, adapterName: job.adapter.name } : {}),
      onProgress,
    });
  },
  async identity(modelId, load) {
    return evaluationIdentity({ modelId, ...load });
  },
  async compare(base, adapted) {
    return compareResults(base, adapted);
  },
};

Comlink.expose(api);
