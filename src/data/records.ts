import type { DpoSettings, DpoStepLog } from '../engine/dpo/dpo-trainer';
import type { PairQuality } from './pairs/pair-quality';
import type { PairRecord } from './pairs/pair-records';
import type { SampledAnswer, SamplingOptions } from '../runtime/types';
import type { Scene } from '../world';
import type { MethodRunRequest, MethodSettings, TrainingCheckpoint } from './runs';
import type { EvalReport } from './evals';

/** An image in the gallery: the (possibly downscaled) image file, a thumbnail, and where it came from. */
export interface ImageRecord {
  id: string;
  name: string;
  width: number;
  height: number;
  /** The image as stored: the uploaded file, or a PNG when it had to be downscaled or decoded. */
  blob: Blob;
  /** A small JPEG/PNG data URL for the gallery. */
  thumbnail: string;
  /** A note shown to the user, e.g. that a huge image was downscaled on import. */
  note?: string;
  /** Ground truth, for images generated from the shapes world. */
  scene?: Scene;
  /** Prompts that came with an imported dataset (LLaVA), with their reference answers. */
  prompts?: { id: string; prompt: string; reference?: string }[];
  /** COCO-80 objects in the image, from imported COCO annotations. */
  objects?: string[];
  /** Where an imported image sits in its import (how pairs refer to it). */
  importPath?: string;
  createdAt: number;
}

/** One Explore run: K answers sampled for one image and prompt. */
export interface SampleRunRecord {
  id: string;
  imageId: string;
  prompt: string;
  modelId: string;
  device: string;
  options: SamplingOptions;
  answers: SampledAnswer[];
  /** complete, or cancelled with the answers that were finished. */
  status: 'complete' | 'cancelled';
  createdAt: number;
}

/** One evaluation run, as shown in the Evaluate view (summary = the eval command's JSON). */
export interface EvalRunRecord extends EvalReport {
  id: string;
  device: string;
  createdAt: number;
}

/** A preference pair in the project (the JSONL pair shape, see methods/pairs). */
export interface StoredPair extends PairRecord {
  /** Same model, method, image, prompt and answers → same key (see pair-content-key.ts). */
  contentKey: string;
  /** The method run that made it (absent for imported pairs). */
  runId?: string;
  createdAt: number;
}

/** One method run in the Methods view: what it ran on, and the pairs it stored as it went. */
export interface MethodRunRecord {
  id: string;
  modelId: string;
  settings: MethodSettings;
  /** The scenes it ran on, or how many gallery items. */
  scenes?: MethodRunRequest['scenes'];
  galleryItems?: number;
  /** interrupted = the page went away mid-run; the pairs stored until then are kept. */
  status: 'running' | 'complete' | 'cancelled' | 'failed' | 'interrupted';
  done: number;
  pairsStored: number;
  duplicates: number;
  /** Pairs the first `done` items made (stored or already stored): where a resumed run's count goes on from. */
  pairsMade?: number;
  /** The method's counts (items, pairs, one per reason an item gave none), when it finished. */
  counts?: Record<string, number>;
  agreement?: number;
  /** By the scenes' ground truth: does the chosen answer name fewer absent objects than the rejected one? */
  quality?: PairQuality;
  error?: string;
  createdAt: number;
  updatedAt: number;
}

export type TrainingStatus = 'running' | 'paused' | 'complete' | 'cancelled' | 'failed';

/** One LoRA-DPO run: its settings, every step's log, and its last checkpoint (what a reload resumes from). */
export interface TrainingRunRecord {
  id: string;
  modelId: string;
  settings: DpoSettings;
  pairIds: string[];
  checkpointEvery: number;
  status: TrainingStatus;
  logs: DpoStepLog[];
  device?: string;
  error?: string;
  checkpoint?: TrainingCheckpoint;
  adapterId?: string;
  createdAt: number;
  updatedAt: number;
}

/** A trained (or imported) LoRA adapter, kept as its PEFT files. */
export interface AdapterRecord {
  id: string;
  name: string;
  modelId: string;
  runId?: string;
  /** adapter_config.json */
  config: string;
  /** adapter_model.safetensors */
  weights: Uint8Array;
  steps: number;
  createdAt: number;
}
