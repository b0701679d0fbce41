// A Round view run as the app stores it: what it was asked, and each stage's output as it was made,
// so a reload resumes at the stage it was in (data/round-stages.ts says which).
import type { DpoSettings, DpoStepLog } from '../engine/dpo/dpo-trainer';
import type { PairedDelta } from '../metrics/paired-bootstrap';
import type { LoadRequest } from '../runtime/types';
import type { PairQuality } from './pairs/pair-quality';
import type { PairRecord } from './pairs/pair-records';
import type { MethodSettings, TrainingCheckpoint } from './runs';

/** A paired comparison as stored (evaluation/compare-results.ts ResultComparison): adapted − base, 95% intervals, scenes changed. */
export interface StoredComparison {
  n: number;
  delta: Record<string, PairedDelta>;
  changed: { fixed: string[]; introduced: string[]; unchanged: number };
}

/** 'review': stopped after a round's pairs for the annotator (Pairs view); Continue trains on their decisions. */
export type RoundReviewMode = 'accept' | 'stop';

/** The items a round's method runs on: shapes-world pool scenes, or the gallery's images with their prompts. */
export type RoundItems = 'scenes' | 'gallery';

/** A run's items; a record stored before the choice existed ran on shapes scenes. */
export function roundItemsOf(run: { items?: RoundItems }): RoundItems {
  return run.items ?? 'scenes';
}

/** 'queued': started with other methods' runs, it runs when the one before it in its queue completes. */
export type RoundRunStatus = 'queued' | 'running' | 'review' | 'complete' | 'cancelled' | 'failed';

/** One round's outputs so far; a stage's field is set when the stage is done. */
export interface RoundStepRecord {
  /** The method's pairs as made (and as trained): also stored in the pairs table under `methodRunId`. */
  pairs?: PairRecord[];
  counts?: Record<string, number>;
  quality?: PairQuality;
  methodRunId?: string;
  /** Review mode 'stop': set when the annotator continues after reviewing the round's pairs in Pairs. */
  reviewed?: boolean;
  /** The pairs training runs on, fixed when it starts (a resumed run keeps them and their order). */
  trainedPairs?: PairRecord[];
  /** Training's last checkpoint and the logs up to it (a reload resumes from here). */
  checkpoint?: TrainingCheckpoint;
  logs: DpoStepLog[];
  /** The trained adapter, in the adapters table. */
  adapterId?: string;
  /** The adapted model's evaluation, in the evaluations table, and its paired deltas against the base model's. */
  evalId?: string;
  compared?: StoredComparison;
}

export interface RoundRunRecord {
  id: string;
  modelId: string;
  /** The Model panel's device and dtype overrides at the start (the runtime chooses what is left out). */
  load: Omit<LoadRequest, 'modelId'>;
  method: MethodSettings;
  /** What the method runs on each round; a record without it (made before the choice) ran on shapes scenes. */
  items?: RoundItems;
  /** Items the method runs on per round: pool scenes, or the gallery's items when the run started. */
  n: number;
  /**
   * Review of the method's pairs: 'accept' takes the method's picks as they are; 'stop' stops after
   * each round's pairs for review in the Pairs view, and trains on the accepted and swapped ones.
   */
  review: RoundReviewMode;
  training: DpoSettings;
  checkpointEvery: number;
  evalN: number;
  rounds: number;
  status: RoundRunStatus;
  /** Runs started together (one per method chosen) share this id and run one after another, in creation order. */
  queue?: string;
  /** The base model's evaluation (once, after round 1's training, as runRounds does). */
  baseEvalId?: string;
  /** The base evaluation was one stored before (same weights, dtype, device and scenes), not run again. */
  baseEvalReused?: boolean;
  steps: RoundStepRecord[];
  error?: string;
  createdAt: number;
  updatedAt: number;
}
