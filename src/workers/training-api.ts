import type { DpoSettings, DpoStepLog } from '../engine/dpo/dpo-trainer';
import type { TrainingCheckpoint } from '../data/runs';
import type { PeftAdapterFiles } from '../engine/lora/peft-files';
import type { PairRecord } from '../data/pairs/pair-records';
import type { TrainingPhase } from '../pipeline/training/train-adapter';
import type { TrainingDeviceChoice } from '../pipeline/training/training-device';

export type { TrainingPhase, TrainingDeviceChoice };
import type { RgbaImage } from '../common/rgba-image';

export interface TrainingJob {
  modelId: string;
  settings: DpoSettings;
  pairs: PairRecord[];
  /** The pixels of the pairs' gallery images (imported datasets), by the path the pairs name. */
  images: Record<string, RgbaImage>;
  /** Resume from here; a fresh adapter when absent. */
  checkpoint?: TrainingCheckpoint;
  /** Emit a checkpoint every this many steps (and on pause). */
  checkpointEvery: number;
  /** 'auto': WebGPU when the browser has an adapter, else wasm; 'webgpu': the page's probe chose it. */
  device: 'auto' | 'webgpu' | 'wasm';
}

export type TrainingEvent =
  | { type: 'phase'; phase: TrainingPhase; done: number; total: number }
  | { type: 'step'; log: DpoStepLog; device: string; memoryMiB: number | null }
  | { type: 'checkpoint'; checkpoint: TrainingCheckpoint }
  /** π_ref per pair, computed once, for the caller to store with the pairs. */
  | { type: 'references'; references: { id: string; reference: NonNullable<PairRecord['reference']> }[] };

export type TrainingOutcome =
  | { status: 'complete'; adapter: PeftAdapterFiles; checkpoint: TrainingCheckpoint }
  | { status: 'paused'; checkpoint: TrainingCheckpoint }
  | { status: 'cancelled' }
  /** NaN, divergence or another error: the last checkpoint the caller holds stays the good one. */
  | { status: 'failed'; error: string; device: string; diverged: boolean };

/** What the training worker offers the UI (through comlink). */
export interface TrainingWorkerApi {
  train(job: TrainingJob, onEvent: (event: TrainingEvent) => void): Promise<TrainingOutcome>;
  /** A short test of where training should run in this browser (the page asks once). */
  probeDevice(): Promise<TrainingDeviceChoice>;
  /** Stops after the current step with a checkpoint. */
  pause(): void;
  /** Stops after the current step, without a checkpoint. */
  cancel(): void;
}
