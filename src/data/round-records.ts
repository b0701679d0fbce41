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

export type RoundRunStatus = 'running' | 'review' | 'complete' | 'cancelled' | 'failed';

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
  /** Train scenes the method runs on per round. */
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
  /** The base model's evaluation (once, after round 1's training, as runRounds does). */
  baseEvalId?: string;
  steps: RoundStepRecord[];
  error?: string;
  createdAt: number;
  updatedAt: number;
}
