import { describe, expect, it } from 'vitest';
import type { RoundRunRecord, RoundStepRecord } from './round-records';
import { nextStage, roundStages, secondsLeft, stageDone } from './round-stages';

const comparison = { n: 6, delta: {}, changed: { fixed: [], introduced: [], unchanged: 6 } };
const run = (steps: Partial<RoundStepRecord>[], baseEvalId?: string) => ({
  n: 4,
  evalN: 6,
  rounds: 2,
  training: { totalSteps: 8 } as RoundRunRecord['training'],
  baseEvalId,
  steps: steps.map((s) => ({ logs: [], ...s })),
});

describe('round stages', () => {
  it('run in runRounds order: pairs, train, the base evaluation once after round 1 trains, then each adapted one', () => {
    expect(roundStages(2).map((s) => `${s.round}:${s.kind}`)).toEqual([
      '1:pairs',
      '1:train',
      '1:base-eval',
      '1:eval',
      '2:pairs',
      '2:train',
      '2:eval',
    ]);
  });

  it('resume at the first stage whose output is not stored', () => {
    expect(nextStage(run([]))).toEqual({ round: 1, kind: 'pairs' });
    // Pairs stored and a checkpoint mid-training: training resumes (from the checkpoint).
    expect(nextStage(run([{ pairs: [], checkpoint: { step: 2 } as never }]))).toEqual({ round: 1, kind: 'train' });
    expect(nextStage(run([{ pairs: [], adapterId: 'a1' }]))).toEqual({ round: 1, kind: 'base-eval' });
    expect(nextStage(run([{ pairs: [], adapterId: 'a1' }], 'e0'))).toEqual({ round: 1, kind: 'eval' });
    // An evaluation stored without its comparison is not done: the comparison is part of the stage.
    expect(nextStage(run([{ pairs: [], adapterId: 'a1', evalId: 'e1' }], 'e0'))).toEqual({ round: 1, kind: 'eval' });
    const round1 = { pairs: [], adapterId: 'a1', evalId: 'e1', compared: comparison };
    expect(nextStage(run([round1], 'e0'))).toEqual({ round: 2, kind: 'pairs' });
    expect(nextStage(run([round1, { pairs: [], adapterId: 'a2' }], 'e0'))).toEqual({ round: 2, kind: 'eval' });
    expect(nextStage(run([round1, { ...round1, adapterId: 'a2', evalId: 'e2' }], 'e0'))).toBeNull();
    expect(stageDone(run([round1], 'e0'), { round: 2, kind: 'train' })).toBe(false);
  });

  it("with review mode stop, wait for the review after each round's pairs, and leave it out of the time left", () => {
    expect(roundStages(2, 'stop').map((s) => `${s.round}:${s.kind}`)).toEqual([
      '1:pairs',
      '1:review',
      '1:train',
      '1:base-eval',
      '1:eval',
      '2:pairs',
      '2:review',
      '2:train',
      '2:eval',
    ]);
    const waiting = { ...run([{ pairs: [] }]), review: 'stop' as const };
    expect(nextStage(waiting)).toEqual({ round: 1, kind: 'review' });
    expect(nextStage({ ...waiting, steps: [{ pairs: [], reviewed: true, logs: [] }] })).toEqual({
      round: 1,
      kind: 'train',
    });
    // Accept mode never waits: pairs go straight to training.
    expect(nextStage({ ...waiting, review: 'accept' })).toEqual({ round: 1, kind: 'train' });
    // 8 + 6 + 6 + 4 + 8 + 6 units left at 1 s each; the reviews count nothing.
    expect(secondsLeft(waiting, undefined, { pairs: { units: 4, ms: 4000 } })).toBeCloseTo(38);
  });

  it('estimate the time left from the rates seen, each kind of stage at its own rate', () => {
    const fresh = run([]);
    expect(secondsLeft(fresh, undefined, {})).toBeUndefined();
    // 2 of 4 items in 2 s (1 s an item); unseen training and evaluations at that mean rate.
    const current = { stage: { round: 1, kind: 'pairs' as const }, done: 2 };
    // left: 2 + 8 + 6 + 6 (round 1) + 4 + 8 + 6 (round 2) = 40 units.
    expect(secondsLeft(fresh, current, { pairs: { units: 2, ms: 2000 } })).toBeCloseTo(40);
    // Training seen at 0.5 s a step: 16 steps at 0.5 s, 24 other units at the mean (0.75 s).
    expect(secondsLeft(fresh, current, { pairs: { units: 2, ms: 2000 }, train: { units: 2, ms: 1000 } })).toBeCloseTo(
      2 + 8 * 0.5 + 12 * 0.75 + 4 + 8 * 0.5 + 6 * 0.75,
    );
    expect(
      secondsLeft(
        run(
          [
            { pairs: [], adapterId: 'a1', evalId: 'e1', compared: comparison },
            { pairs: [], adapterId: 'a2', evalId: 'e2', compared: comparison },
          ],
          'e0',
        ),
        undefined,
        { eval: { units: 6, ms: 600 } },
      ),
    ).toBe(0);
  });
});
