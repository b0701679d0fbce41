/// <reference lib="webworker" />
// LoRA-DPO in its own worker: the UI stays responsive, and the runtime worker keeps its model. A
// thin host of pipeline/training/train-adapter.ts: it picks the engine's device, finds the pairs'
// images and turns the run's progress into events.
import * as Comlink from 'comlink';
import { pairImageFrom } from '../data/pairs/pair-images';
import { DpoDivergedError } from '../engine/dpo/dpo-trainer';
import { startEngine } from '../engine/jax-runtime';
import { checkpointOf, trainAdapter } from '../pipeline/training/train-adapter';
import { probeTrainingDevice } from '../pipeline/training/training-device';
import { configureRuntimePaths } from '../runtime/transformers-env';
import type { TrainingWorkerApi } from './training-api';

configureRuntimePaths({ localModelPath: '/models/', wasmPaths: '/ort/' });

let stopRequest: 'pause' | 'cancel' | null = null;

function heapMiB(): number | null {
  const memory = (performance as { memory?: { usedJSHeapSize: number } }).memory;
  return memory ? memory.usedJSHeapSize / 2 ** 20 : null;
}

const api: TrainingWorkerApi = {
  async train(job, onEvent) {
    stopRequest = null;
    let device = 'wasm';
    try {
      // jax-js starts on WebGPU when the browser has an adapter, else on wasm.
      device = await startEngine(job.device === 'wasm' ? 'wasm' : 'webgpu');
      const trained = await trainAdapter({
        modelId: job.modelId,
        settings: job.settings,
        pairs: job.pairs,
        imageOf: async (record) => pairImageFrom(job.images)(record),
        featuresDevice: 'wasm',
        checkpoint: job.checkpoint,
        onPhase: (phase, done, total) => onEvent({ type: 'phase', phase, done, total }),
        onReferences: (pairs) =>
          onEvent({
            type: 'references',
            references: pairs.map((pair) => ({ id: pair.id, reference: pair.reference! })),
          }),
        onStep: async (log, state) => {
          onEvent({ type: 'step', log, device, memoryMiB: heapMiB() });
          if (log.step % job.checkpointEvery === 0 && log.step < job.settings.totalSteps)
            onEvent({ type: 'checkpoint', checkpoint: await checkpointOf(state) });
        },
        shouldStop: () => stopRequest !== null,
      });
      if (stopRequest === 'cancel') return { status: 'cancelled' };
      const checkpoint = await trained.checkpoint();
      if (stopRequest === 'pause') return { status: 'paused', checkpoint };
      return { status: 'complete', adapter: await trained.adapter(), checkpoint };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { status: 'failed', error: message, device, diverged: error instanceof DpoDivergedError };
    }
  },
  probeDevice() {
    return probeTrainingDevice();
  },
  pause() {
    stopRequest = 'pause';
  },
  cancel() {
    stopRequest = 'cancel';
  },
};

Comlink.expose(api);
