/// <reference lib="webworker" />
// LoRA-DPO in its own worker: the UI stays responsive, and the runtime worker keeps its model.
import * as Comlink from 'comlink';
import { DpoDivergedError, newDpoState, type DpoState } from '../engine/dpo/dpo-trainer';
import { startEngine } from '../engine/jax-runtime';
import { exportPeftAdapter } from '../engine/lora/peft-files';
import { adamwStateFromSafetensors, adamwStateToSafetensors } from '../engine/optimizer';
import { paramsFromSafetensors, paramsToSafetensors } from '../engine/safetensors-params';
import { scenePairImage } from '../data/pairs/pair-images';
import type { PairRecord } from '../data/pairs/pair-records';
import { detectCapabilities } from '../runtime/device-choice';
import { loadVlm } from '../runtime/load-model';
import { readModelFile } from '../runtime/model-files';
import { configureRuntimePaths } from '../runtime/transformers-env';
import type { TrainingWorkerApi } from './training-api';
import { dpoModelOf, loadEngineDecoder } from '../pipeline/training/engine-decoder';
import { tokenisePairs } from '../pipeline/training/pair-tokens';
import { dpoRun } from '../pipeline/training/train-run';
import type { TrainingCheckpoint } from '../data/runs';

configureRuntimePaths({ localModelPath: '/models/', wasmPaths: '/ort/' });

let stopRequest: 'pause' | 'cancel' | null = null;

async function checkpointOf(state: DpoState): Promise<TrainingCheckpoint> {
  return { step: state.step, factors: await paramsToSafetensors(state.factors), optimizer: await adamwStateToSafetensors(state.optimizer) };
}

function restore(checkpoint: TrainingCheckpoint): DpoState {
  return { step: checkpoint.step, factors: paramsFromSafetensors(checkpoint.factors), optimizer: adamwStateFromSafetensors(checkpoint.optimizer) };
}

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
      device = await startEngine(job.device === 'auto' ? 'webgpu' : 'wasm');
      onEvent({ type: 'phase', phase: 'loading', done: 0, total: 1 });
      const fp32 = { vision_encoder: 'fp32', embed_tokens: 'fp32', decoder_model_merged: 'fp32' } as const;
      const vlm = await loadVlm({ modelId: job.modelId, device: 'wasm', dtype: fp32 }, await detectCapabilities());
      const engine = loadEngineDecoder(
        new TextDecoder().decode(await readModelFile(job.modelId, 'config.json')),
        await readModelFile(job.modelId, 'model.safetensors', (done, total) => onEvent({ type: 'phase', phase: 'loading', done, total })),
      );
      const imageOf = async (record: PairRecord) => {
        if ('scene' in record.image) return scenePairImage(record);
        const image = job.images[record.image.path];
        if (!image) throw new Error(`The image ${record.image.path} of pair ${record.id} is not in the gallery; import its dataset first.`);
        return image;
      };
      const pairs = await tokenisePairs(vlm, job.pairs, imageOf, (done, total) =>
        onEvent({ type: 'phase', phase: 'tokenising', done, total }),
      );
      await vlm.model.dispose();
      const model = dpoModelOf(engine);
      const run = dpoRun(model, job.modelId, job.settings);
      const prepared = await run.prepare(pairs, (done, total) => onEvent({ type: 'phase', phase: 'reference', done, total }));
      onEvent({ type: 'references', references: pairs.map((pair) => ({ id: pair.record.id, reference: pair.record.reference! })) });
      const state = job.checkpoint ? restore(job.checkpoint) : newDpoState(model, job.settings);
      await run.train(
        state,
        prepared,
        async (log) => {
          onEvent({ type: 'step', log, device, memoryMiB: heapMiB() });
          if (log.step % job.checkpointEvery === 0 && log.step < job.settings.totalSteps) onEvent({ type: 'checkpoint', checkpoint: await checkpointOf(state) });
        },
        () => stopRequest !== null,
      );
      if (stopRequest === 'cancel') return { status: 'cancelled' };
      const checkpoint = await checkpointOf(state);
      if (stopRequest === 'pause') return { status: 'paused', checkpoint };
      const adapter = await exportPeftAdapter({ config: job.settings.lora, baseModel: job.modelId, factors: state.factors });
      return { status: 'complete', adapter, checkpoint };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { status: 'failed', error: message, device, diverged: error instanceof DpoDivergedError };
    }
  },
  pause() {
    stopRequest = 'pause';
  },
  cancel() {
    stopRequest = 'cancel';
  },
};

Comlink.expose(api);
