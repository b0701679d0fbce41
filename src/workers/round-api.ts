import type { EvalReport, EvalSummary } from '../data/evals';
import type { PairRecord } from '../data/pairs/pair-records';
import type { RgbaImage } from '../common/rgba-image';
import type { GalleryItem, MethodSettings, TrainingCheckpoint } from '../data/runs';
import type { DpoSettings, DpoStepLog } from '../engine/dpo/dpo-trainer';
import type { PeftAdapterFiles } from '../engine/lora/peft-files';
import type { ResultComparison } from '../evaluation/compare-results';
import type { EvaluationIdentity } from '../pipeline/evaluate-model';
import type { MethodRunResult } from '../pipeline/method-run';
import type { TrainingPhase } from '../pipeline/training/train-adapter';
import type { LoadRequest } from '../runtime/types';

/** The device and dtypes the method and the evaluations load the model with (the Model panel's overrides; the runtime chooses what is left out). */
export type RoundLoad = Omit<LoadRequest, 'modelId'>;

/**
 * A round's method stage: the method on n pool scenes, or on the gallery's items (`images`) when
 * given, sampled from the model with `previous` (round k − 1's adapter) on.
 */
export interface RoundPairsJob {
  modelId: string;
  settings: MethodSettings;
  n: number;
  images?: GalleryItem[];
  previous?: PeftAdapterFiles;
  load: RoundLoad;
}

/** A round's training stage: LoRA-DPO on the round's pairs, π_ref and the initial factors round k − 1's adapter (`start`). */
export interface RoundTrainJob {
  modelId: string;
  settings: DpoSettings;
  pairs: PairRecord[];
  /** The pixels of the pairs' gallery images, by the path the pairs name (none for scene pairs). */
  images?: Record<string, RgbaImage>;
  start?: PeftAdapterFiles;
  /** Resume from here (a reload mid-training). */
  checkpoint?: TrainingCheckpoint;
  checkpointEvery: number;
}

/** A round's evaluation stage: the test scenes of the round's seed, with `adapter` on (the base model without). */
export interface RoundEvalJob {
  modelId: string;
  n: number;
  adapter?: { name: string; files: PeftAdapterFiles };
  load: RoundLoad;
}

export type RoundTrainEvent =
  | { type: 'phase'; phase: TrainingPhase; done: number; total: number }
  | { type: 'step'; log: DpoStepLog }
  | { type: 'checkpoint'; checkpoint: TrainingCheckpoint };

export interface RoundTrained {
  adapter: PeftAdapterFiles;
  /** The steps of this call (after the checkpoint it resumed from, if any). */
  logs: DpoStepLog[];
}

/**
 * What the round worker offers the page (through comlink): each stage of pipeline/round.ts's
 * runRounds as its own call, with the same pipeline functions and settings, so the page can store
 * each stage's output as it is made and resume at the stage a reload cut off.
 */
export interface RoundWorkerApi {
  pairs(job: RoundPairsJob, onProgress: (done: number, total: number) => void): Promise<MethodRunResult>;
  train(job: RoundTrainJob, onEvent: (event: RoundTrainEvent) => void): Promise<RoundTrained>;
  evaluate(job: RoundEvalJob, onProgress: (done: number, total: number) => void): Promise<EvalReport>;
  /** The dtype, device and weights an evaluation of the model would have here, without loading it (to find one already stored). */
  identity(modelId: string, load: RoundLoad): Promise<EvaluationIdentity>;
  /** adapted − base on the same scenes, as runRounds compares them. */
  compare(base: EvalSummary, adapted: EvalSummary): Promise<ResultComparison>;
}
