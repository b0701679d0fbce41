import type { PeftAdapterFiles } from '../engine/lora/peft-files';
import type { PairRecord } from '../data/pairs/pair-records';
import type { RgbaImage, Scene } from '../world';
import type { DeviceCapabilities } from '../runtime/device-choice';
import type {
  FileProgress,
  LoadedModelInfo,
  LoadRequest,
  SampledAnswer,
  SampleRequest,
  SamplingOptions,
  ScoredAnswer,
  TokenEvent,
} from '../runtime/types';
import type { MethodRunRequest } from '../data/runs';
import type { MethodRunResult, SevaSideRequest } from '../pipeline/method-run';

export type { SevaSideRequest };
import type { CocoEvalImage, CocoEvalReport, ComparedAnswer, EvalReport, EvalSummary } from '../data/evals';
import type { ResultComparison } from '../evaluation/compare-results';

export interface AdapterChoice {
  id: string;
  name: string;
  files: PeftAdapterFiles;
}

/** What the runtime worker offers the UI (through comlink). */
export interface RuntimeWorkerApi {
  capabilities(): Promise<DeviceCapabilities>;
  /** Loads a model, with a LoRA adapter patched into an embedded model's decoder when given. */
  load(
    request: LoadRequest,
    onProgress: (progress: FileProgress) => void,
    adapter?: AdapterChoice,
  ): Promise<LoadedModelInfo>;
  /** Greedy answers of the loaded model without and with `adapter`, judged against `scene` when given. */
  compare(
    request: SampleRequest,
    adapter: AdapterChoice,
    scene?: Scene,
  ): Promise<{ base: ComparedAnswer; adapted: ComparedAnswer }>;
  sample(
    request: SampleRequest,
    options: SamplingOptions,
    onToken: (event: TokenEvent) => void,
    /** Shared with the page: 1 = cancel, read before every token (a message waits until the current answer is done). */
    cancelFlag?: Int32Array,
  ): Promise<SampledAnswer[]>;
  /** Stops the sampling in progress after its current token. */
  cancelSampling(): void;
  score(request: SampleRequest, answerIds: number[]): Promise<ScoredAnswer>;
  /**
   * The eval command's evaluation, in the worker: on the loaded model as it is (adapter absent), on
   * the loaded model without its adapter (null), or with `adapter` on instead of its own.
   */
  evaluate(
    options: { n: number; seed: number },
    onProgress: (done: number, total: number) => void,
    adapter?: AdapterChoice | null,
    /** Shared with the page: 1 = cancel, read between scenes (a cancel message waits until the evaluation is done). */
    cancelFlag?: Int32Array,
  ): Promise<EvalReport>;
  /** Two results on the same scenes, paired (second − first, 95% bootstrap intervals); rejects with the one sentence why when they cannot be. */
  compareResults(first: EvalSummary, second: EvalSummary): Promise<ResultComparison>;
  cancelEvaluation(): void;
  /** CHAIR and POPE on gallery images annotated with COCO objects (cancelled by cancelEvaluation). */
  evaluateCoco(
    images: CocoEvalImage[],
    seed: number,
    onProgress: (done: number, total: number) => void,
    cancelFlag?: Int32Array,
  ): Promise<CocoEvalReport>;
  /**
   * Runs a self-alignment method with the loaded model over shapes-world scenes; each pair is handed
   * over as it is made, before the progress of its item, through one callback (messages of two
   * callbacks travel on two ports, which keep no order between them).
   */
  runMethod(
    request: MethodRunRequest,
    onUpdate: (update: MethodRunUpdate) => void,
    /** FiSAO's calibration before the items (images done of its images); skipped when cached for this model and adapter. */
    onCalibration?: (done: number, total: number) => void,
    /** Shared with the page: 1 = cancel, read between items (a cancel message waits until the run is done). */
    cancelFlag?: Int32Array,
  ): Promise<MethodRunSummary>;
  /** Stops the method run after its current item; the pairs made so far stay. */
  cancelMethod(): void;
  /** SeVa's augmented side for one scene at step t: the image (as the model sees it, un-normalised) and the greedy answer. */
  sevaAugmentedSide(request: SevaSideRequest): Promise<{ image: RgbaImage; answer: string }>;
}

/** What a method run reports as it goes: a pair made, or an item done (`done` of `total`). */
export type MethodRunUpdate = { pair: PairRecord } | { done: number; total: number };

/**
 * A finished (or cancelled) run's counts and the quality of its pairs by the scenes' ground truth;
 * the pairs went out one by one. SIMA with both orders adds the agreement rate.
 */
export type MethodRunSummary = Omit<MethodRunResult, 'pairs'>;
