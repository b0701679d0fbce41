import * as Comlink from 'comlink';
import type { EvalReport, EvalSummary } from '../data/evals';
import type { ResultComparison } from '../evaluation/compare-results';
import type { EvaluationIdentity } from '../pipeline/evaluate-model';
import type { MethodRunResult } from '../pipeline/method-run';
import type {
  RoundEvalJob,
  RoundLoad,
  RoundPairsJob,
  RoundTrained,
  RoundTrainEvent,
  RoundTrainJob,
  RoundWorkerApi,
} from './round-api';

// What the page may know of a round without loading the pipeline (plain data): the round's DPO
// settings, its method request and its evaluation seed.
export { ROUND_EVAL_SEED, roundTrainingSettings } from '../pipeline/round-settings';

export class RoundCancelled extends Error {
  constructor() {
    super('The round was cancelled.');
  }
}

const crashMessage =
  'The round worker stopped unexpectedly (often out of memory); reload the page to resume the round.';

/**
 * The page's handle on the round worker: one worker for a run's stages; cancelling ends it at
 * once (what the stages stored stays), and the next call starts a fresh one.
 */
export class RoundClient {
  private worker?: Worker;
  private api?: Comlink.Remote<RoundWorkerApi>;
  private rejectPending = new Set<(error: Error) => void>();

  private remote(): Comlink.Remote<RoundWorkerApi> {
    if (!this.api) {
      const worker = new Worker(new URL('./round-worker.ts', import.meta.url), { type: 'module' });
      worker.addEventListener('error', () => this.stop(new Error(crashMessage)));
      this.worker = worker;
      this.api = Comlink.wrap<RoundWorkerApi>(worker);
    }
    return this.api;
  }

  private stop(error: Error): void {
    this.worker?.terminate();
    this.worker = this.api = undefined;
    for (const reject of this.rejectPending) reject(error);
    this.rejectPending.clear();
  }

  private guarded<T>(call: (api: Comlink.Remote<RoundWorkerApi>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.rejectPending.add(reject);
      call(this.remote())
        .then(resolve, (error: unknown) => reject(new Error(error instanceof Error ? error.message : String(error))))
        .finally(() => this.rejectPending.delete(reject));
    });
  }

  pairs(job: RoundPairsJob, onProgress: (done: number, total: number) => void): Promise<MethodRunResult> {
    return this.guarded((api) => api.pairs(job, Comlink.proxy(onProgress)));
  }

  train(job: RoundTrainJob, onEvent: (event: RoundTrainEvent) => void): Promise<RoundTrained> {
    return this.guarded((api) => api.train(job, Comlink.proxy(onEvent)));
  }

  evaluate(job: RoundEvalJob, onProgress: (done: number, total: number) => void): Promise<EvalReport> {
    return this.guarded((api) => api.evaluate(job, Comlink.proxy(onProgress)));
  }

  identity(modelId: string, load: RoundLoad): Promise<EvaluationIdentity> {
    return this.guarded((api) => api.identity(modelId, load));
  }

  compare(base: EvalSummary, adapted: EvalSummary): Promise<ResultComparison> {
    return this.guarded((api) => api.compare(base, adapted));
  }

  /** Ends the stage in progress now; its call rejects with RoundCancelled. */
  cancel(): void {
    this.stop(new RoundCancelled());
  }

  /** Lets the worker go (its models and memory) between runs. */
  close(): void {
    this.worker?.terminate();
    this.worker = this.api = undefined;
  }
}

let shared: RoundClient | undefined;

export function roundClient(): RoundClient {
  shared ??= new RoundClient();
  return shared;
}
