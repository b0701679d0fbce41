import * as Comlink from 'comlink';
import type {
  TrainingDeviceChoice,
  TrainingEvent,
  TrainingJob,
  TrainingOutcome,
  TrainingWorkerApi,
} from './training-api';

// What the page may know of training without loading the engine (plain data): the defaults and the
// choices the settings form offers.
export { DEFAULT_DPO_SETTINGS, PREFERENCE_LOSSES } from '../engine/dpo/dpo-options';
export { LORA_TARGETS } from '../engine/lora/lora-config';

/** Shown when WebGPU fails during a run and the run moves to wasm. */
export const TRAINING_FALLBACK_NOTE =
  'WebGPU stopped working, so training continues on WebAssembly (CPU) from the last checkpoint.';

/**
 * The UI's handle on the training worker. A crashed worker (often out of memory) fails the run
 * with one sentence; the caller's last checkpoint is untouched, and the next run gets a fresh worker.
 */
export class TrainingClient {
  private worker?: Worker;
  private api?: Comlink.Remote<TrainingWorkerApi>;
  private deviceChoice?: Promise<TrainingDeviceChoice>;

  /**
   * Where this page trains: a short probe in its own worker the first time, then the same answer
   * (or wasm, once WebGPU failed during a run) for every run and resume of the page.
   */
  device(): Promise<TrainingDeviceChoice> {
    this.deviceChoice ??= (async () => {
      const worker = new Worker(new URL('./training-worker.ts', import.meta.url), { type: 'module' });
      const wasm: TrainingDeviceChoice = {
        device: 'wasm',
        reason: 'Training runs on WebAssembly (CPU): the WebGPU test did not finish.',
      };
      const crashed = new Promise<TrainingDeviceChoice>((resolve) =>
        worker.addEventListener('error', () => resolve(wasm)),
      );
      try {
        return await Promise.race([Comlink.wrap<TrainingWorkerApi>(worker).probeDevice(), crashed]);
      } catch {
        return wasm;
      } finally {
        worker.terminate();
      }
    })();
    return this.deviceChoice;
  }

  /** WebGPU failed during a run: the rest of the page trains on wasm, for the reason given. */
  useWasm(reason: string): void {
    this.deviceChoice = Promise.resolve({ device: 'wasm', reason });
  }

  train(job: TrainingJob, onEvent: (event: TrainingEvent) => void): Promise<TrainingOutcome> {
    this.worker?.terminate();
    const worker = new Worker(new URL('./training-worker.ts', import.meta.url), { type: 'module' });
    this.worker = worker;
    this.api = Comlink.wrap<TrainingWorkerApi>(worker);
    const crashed = new Promise<TrainingOutcome>((resolve) =>
      worker.addEventListener('error', () =>
        resolve({
          status: 'failed',
          error: 'The training worker stopped unexpectedly (often out of memory); resume from the last checkpoint.',
          device: 'unknown',
          diverged: false,
        }),
      ),
    );
    return Promise.race([this.api.train(job, Comlink.proxy(onEvent)), crashed]).finally(() => {
      worker.terminate();
      if (this.worker === worker) this.worker = this.api = undefined;
    });
  }

  pause(): void {
    void this.api?.pause();
  }

  cancel(): void {
    void this.api?.cancel();
  }
}

let shared: TrainingClient | undefined;

export function trainingClient(): TrainingClient {
  shared ??= new TrainingClient();
  return shared;
}
