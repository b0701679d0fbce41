import type { PeftAdapterFiles } from '../engine/lora/peft-files';
import type { ComparedAnswer, EvalReport } from '../methods/evaluation';
import type { Scene } from '../world';
import type { DeviceCapabilities } from '../runtime/device-choice';
import type {
  FileProgress, LoadedModelInfo, LoadRequest, SampledAnswer, SampleRequest, SamplingOptions, ScoredAnswer, TokenEvent,
} from '../runtime/types';

export interface AdapterChoice {
  id: string;
  name: string;
  files: PeftAdapterFiles;
}

/** What the runtime worker offers the UI (through comlink). */
export interface RuntimeWorkerApi {
  capabilities(): Promise<DeviceCapabilities>;
  /** Loads a model, with a LoRA adapter patched into an embedded model's decoder when given. */
  load(request: LoadRequest, onProgress: (progress: FileProgress) => void, adapter?: AdapterChoice): Promise<LoadedModelInfo>;
  /** Greedy answers of the loaded model without and with `adapter`, judged against `scene` when given. */
  compare(request: SampleRequest, adapter: AdapterChoice, scene?: Scene): Promise<{ base: ComparedAnswer; adapted: ComparedAnswer }>;
  sample(request: SampleRequest, options: SamplingOptions, onToken: (event: TokenEvent) => void): Promise<SampledAnswer[]>;
  /** Stops the sampling in progress after its current token. */
  cancelSampling(): void;
  score(request: SampleRequest, answerIds: number[]): Promise<ScoredAnswer>;
  /** The eval command's evaluation, on the loaded model, in the worker. */
  evaluate(options: { n: number; seed: number }, onProgress: (done: number, total: number) => void): Promise<EvalReport>;
  cancelEvaluation(): void;
}
