// Where a stored round run stands: the stage it is in (what a reload resumes), its stages in the
// order runRounds runs them, and the work each stage has left.
import type { RoundReviewMode, RoundRunRecord } from './round-records';

export type RoundStageKind = 'pairs' | 'review' | 'train' | 'base-eval' | 'eval';

/** One stage of one round (1-based); 'base-eval' is round 1's, before its adapted evaluation. */
export interface RoundStage {
  round: number;
  kind: RoundStageKind;
}

/**
 * Every stage in runRounds' order: per round pairs → (review mode 'stop': the annotator's review) →
 * train → (round 1: the base evaluation) → eval.
 */
export function roundStages(rounds: number, review: RoundReviewMode = 'accept'): RoundStage[] {
  const stages: RoundStage[] = [];
  for (let round = 1; round <= rounds; round++) {
    stages.push({ round, kind: 'pairs' });
    if (review === 'stop') stages.push({ round, kind: 'review' });
    stages.push({ round, kind: 'train' });
    if (round === 1) stages.push({ round, kind: 'base-eval' });
    stages.push({ round, kind: 'eval' });
  }
  return stages;
}

/** Whether a stage's output is stored. */
export function stageDone(run: Pick<RoundRunRecord, 'steps' | 'baseEvalId'>, stage: RoundStage): boolean {
  const step = run.steps[stage.round - 1];
  if (stage.kind === 'base-eval') return run.baseEvalId !== undefined;
  if (!step) return false;
  if (stage.kind === 'pairs') return step.pairs !== undefined;
  if (stage.kind === 'review') return step.reviewed === true;
  if (stage.kind === 'train') return step.adapterId !== undefined;
  return step.evalId !== undefined && step.compared !== undefined;
}

/** The first stage whose output is not stored (where the run is, or resumes); null when every stage is done. */
export function nextStage(
  run: Pick<RoundRunRecord, 'steps' | 'baseEvalId' | 'rounds'> & Partial<Pick<RoundRunRecord, 'review'>>,
): RoundStage | null {
  return roundStages(run.rounds, run.review).find((stage) => !stageDone(run, stage)) ?? null;
}

/** A stage's units of work: items for the method, steps for training, test scenes for an evaluation; none for a review (the annotator's time). */
export function stageUnits(run: Pick<RoundRunRecord, 'n' | 'evalN' | 'training'>, kind: RoundStageKind): number {
  if (kind === 'pairs') return run.n;
  if (kind === 'review') return 0;
  if (kind === 'train') return run.training.totalSteps;
  return run.evalN;
}

/** What the run has seen so far of each kind of stage: units done and the milliseconds they took. */
export type StageTimings = Partial<Record<'pairs' | 'review' | 'train' | 'eval', { units: number; ms: number }>>;

const timingKind = (kind: RoundStageKind) => (kind === 'base-eval' ? 'eval' : kind);

/**
 * Seconds left of the whole run: each stage's units left times the time per unit seen for its kind
 * of stage (the evaluations are one kind); a kind not seen yet counts at the mean rate of those seen.
 * Undefined until some stage has made progress.
 */
export function secondsLeft(
  run: Pick<RoundRunRecord, 'n' | 'evalN' | 'training' | 'rounds' | 'steps' | 'baseEvalId'> &
    Partial<Pick<RoundRunRecord, 'review'>>,
  current: { stage: RoundStage; done: number } | undefined,
  timings: StageTimings,
): number | undefined {
  const rates = Object.values(timings)
    .filter((t) => t.units > 0)
    .map((t) => t.ms / t.units);
  if (rates.length === 0) return undefined;
  const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
  let ms = 0;
  for (const stage of roundStages(run.rounds, run.review)) {
    if (stageDone(run, stage) || stage.kind === 'review') continue;
    const seen = timings[timingKind(stage.kind)];
    const rate = seen && seen.units > 0 ? seen.ms / seen.units : mean;
    const isCurrent = current && current.stage.round === stage.round && current.stage.kind === stage.kind;
    const left = stageUnits(run, stage.kind) - (isCurrent ? current.done : 0);
    ms += Math.max(0, left) * rate;
  }
  return ms / 1000;
}
