import type { EvalReport } from '../methods/evaluation';
import type { DeviceCapabilities } from '../runtime/device-choice';
import type {
  FileProgress, LoadedModelInfo, LoadRequest, SampledAnswer, SampleRequest, SamplingOptions, ScoredAnswer, TokenEvent,
} from '../runtime/types';

/** What the runtime worker offers the UI (through comlink). */
export interface RuntimeWorkerApi {
  capabilities(): Promise<DeviceCapabilities>;
  load(request: LoadRequest, onProgress: (progress: FileProgress) => void): Promise<LoadedModelInfo>;
  sample(request: SampleRequest, options: SamplingOptions, onToken: (event: TokenEvent) => void): Promise<SampledAnswer[]>;
  /** Stops the sampling in progress after its current token. */
  cancelSampling(): void;
  score(request: SampleRequest, answerIds: number[]): Promise<ScoredAnswer>;
  /** The eval command's evaluation, on the loaded model, in the worker. */
  evaluate(options: { n: number; seed: number }, onProgress: (done: number, total: number) => void): Promise<EvalReport>;
  cancelEvaluation(): void;
}
