import * as Comlink from 'comlink';
import type { TrainingEvent, TrainingJob, TrainingOutcome, TrainingWorkerApi } from './training-api';

// What the page may know of training without loading the engine (plain data): the defaults and the
// choices the settings form offers.
export { DEFAULT_DPO_SETTINGS, PREFERENCE_LOSSES } from '../engine/dpo/dpo-options';
export { LORA_TARGETS } from '../engine/lora/lora-config';

/**
 * The UI's handle on the training worker. A crashed worker (often out of memory) fails the run
 * with one sentence; the caller's last checkpoint is untouched, and the next run gets a fresh worker.
 */
export class TrainingClient {
  private worker?: Worker;
  private api?: Comlink.Remote<TrainingWorkerApi>;

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
