import * as Comlink from 'comlink';
import type { Scene } from '../world';
import type { DeviceCapabilities } from '../runtime/device-choice';
import type {
  FileProgress,
  LoadedModelInfo,
  LoadRequest,
  SampledAnswer,
  SampleRequest,
  SamplingOptions,
  TokenEvent,
} from '../runtime/types';
import type { PairRecord } from '../data/pairs/pair-records';
import type { RgbaImage } from '../world';
import type {
  AdapterChoice,
  MethodRunSummary,
  MethodRunUpdate,
  RuntimeWorkerApi,
  SevaSideRequest,
} from './runtime-api';
import type { MethodRunRequest } from '../data/runs';
import type { CocoEvalImage, CocoEvalReport, ComparedAnswer, EvalReport, EvalSummary } from '../data/evals';
import type { ResultComparison } from '../evaluation/compare-results';

// What the page may know of the runtime without loading it (plain data, no inference code): the
// models it can load and the sampling defaults.
export { catalog, defaultModelId, type CatalogEntry } from '../runtime/catalog';
export { defaultSamplingOptions } from '../runtime/types';

/**
 * A cancel flag in memory shared with the worker (cross-origin isolated pages only): the worker reads
 * it mid-run, while a cancel message waits in its queue until the whole call is done, since
 * decoding never yields to the worker's event loop.
 */
function sharedCancelFlag(): Int32Array | undefined {
  return typeof SharedArrayBuffer !== 'undefined' && globalThis.crossOriginIsolated
    ? new Int32Array(new SharedArrayBuffer(4))
    : undefined;
}

const crashMessage = 'The model worker stopped unexpectedly (often out of memory); load the model again.';

/**
 * The UI's handle on the runtime worker. Cancelling a load ends the worker and starts a fresh one,
 * since a download in progress cannot be interrupted from inside.
 */
export class RuntimeClient {
  private worker!: Worker;
  private api!: Comlink.Remote<RuntimeWorkerApi>;
  private rejectPending = new Set<(error: Error) => void>();

  constructor() {
    this.start();
  }

  private start(): void {
    this.worker = new Worker(new URL('./runtime-worker.ts', import.meta.url), { type: 'module' });
    this.worker.addEventListener('error', () => this.failPending(new Error(crashMessage)));
    this.api = Comlink.wrap<RuntimeWorkerApi>(this.worker);
  }

  private failPending(error: Error): void {
    for (const reject of this.rejectPending) reject(error);
    this.rejectPending.clear();
  }

  /** Runs a worker call that a crash or a restart rejects instead of leaving pending forever. */
  private guarded<T>(call: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.rejectPending.add(reject);
      call()
        .then(resolve, (error: unknown) =>
          reject(error instanceof Error ? new Error(error.message) : new Error(String(error))),
        )
        .finally(() => this.rejectPending.delete(reject));
    });
  }

  capabilities(): Promise<DeviceCapabilities> {
    return this.guarded(() => this.api.capabilities());
  }

  load(
    request: LoadRequest,
    onProgress: (progress: FileProgress) => void,
    adapter?: AdapterChoice,
  ): Promise<LoadedModelInfo> {
    return this.guarded(() => this.api.load(request, Comlink.proxy(onProgress), adapter));
  }

  compare(
    request: SampleRequest,
    adapter: AdapterChoice,
    scene?: Scene,
  ): Promise<{ base: ComparedAnswer; adapted: ComparedAnswer }> {
    return this.guarded(() => this.api.compare(request, adapter, scene));
  }

  cancelLoad(): void {
    this.worker.terminate();
    this.failPending(new Error('Loading was cancelled.'));
    this.start();
  }

  /**
   * A flag in memory the worker shares (cross-origin isolated pages): a cancel written here is seen
   * at the worker's next token, while a message would wait until the answer being decoded is done.
   */
  private readonly sampleCancelFlag = sharedCancelFlag();
  /** The same for a method run: its Cancel is seen before the next token, and the run stops after the current item. */
  private readonly methodCancelFlag = sharedCancelFlag();
  /** The same for an evaluation: it stops after the current scene. */
  private readonly evaluationCancelFlag = sharedCancelFlag();

  sample(
    request: SampleRequest,
    options: SamplingOptions,
    onToken: (event: TokenEvent) => void,
  ): Promise<SampledAnswer[]> {
    if (this.sampleCancelFlag) Atomics.store(this.sampleCancelFlag, 0, 0);
    return this.guarded(() => this.api.sample(request, options, Comlink.proxy(onToken), this.sampleCancelFlag));
  }

  cancelSampling(): Promise<void> {
    if (this.sampleCancelFlag) Atomics.store(this.sampleCancelFlag, 0, 1);
    return this.api.cancelSampling();
  }

  /** On the loaded model as it is (adapter absent), without its adapter (null), or with `adapter` on instead. */
  evaluate(
    options: { n: number; seed: number },
    onProgress: (done: number, total: number) => void,
    adapter?: AdapterChoice | null,
  ): Promise<EvalReport> {
    if (this.evaluationCancelFlag) Atomics.store(this.evaluationCancelFlag, 0, 0);
    return this.guarded(() =>
      this.api.evaluate(options, Comlink.proxy(onProgress), adapter, this.evaluationCancelFlag),
    );
  }

  /** second − first on the same scenes with 95% paired-bootstrap intervals; rejects with the one sentence why when unpairable. */
  compareResults(first: EvalSummary, second: EvalSummary): Promise<ResultComparison> {
    return this.guarded(() => this.api.compareResults(first, second));
  }

  cancelEvaluation(): Promise<void> {
    if (this.evaluationCancelFlag) Atomics.store(this.evaluationCancelFlag, 0, 1);
    return this.api.cancelEvaluation();
  }

  evaluateCoco(
    images: CocoEvalImage[],
    seed: number,
    onProgress: (done: number, total: number) => void,
  ): Promise<CocoEvalReport> {
    if (this.evaluationCancelFlag) Atomics.store(this.evaluationCancelFlag, 0, 0);
    return this.guarded(() =>
      this.api.evaluateCoco(images, seed, Comlink.proxy(onProgress), this.evaluationCancelFlag),
    );
  }

  runMethod(
    request: MethodRunRequest,
    onProgress: (done: number, total: number) => void,
    onPair: (pair: PairRecord) => void,
    onCalibration: (done: number, total: number) => void = () => {},
  ): Promise<MethodRunSummary> {
    if (this.methodCancelFlag) Atomics.store(this.methodCancelFlag, 0, 0);
    return this.guarded(() =>
      this.api.runMethod(
        request,
        Comlink.proxy((update: MethodRunUpdate) =>
          'pair' in update ? onPair(update.pair) : onProgress(update.done, update.total),
        ),
        Comlink.proxy(onCalibration),
        this.methodCancelFlag,
      ),
    );
  }

  cancelMethod(): Promise<void> {
    if (this.methodCancelFlag) Atomics.store(this.methodCancelFlag, 0, 1);
    return this.api.cancelMethod();
  }

  sevaAugmentedSide(request: SevaSideRequest): Promise<{ image: RgbaImage; answer: string }> {
    return this.guarded(() => this.api.sevaAugmentedSide(request));
  }
}

let shared: RuntimeClient | undefined;

export function runtimeClient(): RuntimeClient {
  shared ??= new RuntimeClient();
  return shared;
}
