import { describe, expect, it } from 'vitest';
import type { EvalSummary } from '../../data/evals';
import type { RoundRunRecord } from '../../data/round-records';
import { roundReport } from './round-report';

const summary = (chairI: number) => ({ model: 'shapes-vlm', n: 6, chair: { i: chairI, s: 0 } }) as EvalSummary;
const delta = { chair_i: { value: -0.1, ci95: [-0.2, 0] as [number, number] } };

describe('the round report', () => {
  it('reads as selfalign round --json does: the method, per round its pairs, counts, loss, adapted eval and deltas, and the base eval', () => {
    const run = {
      modelId: 'shapes-vlm',
      method: { method: 'seva', seed: 1 },
      n: 4,
      review: 'accept',
      training: { loss: 'sigmoid', totalSteps: 2 },
      evalN: 6,
      steps: [
        {
          pairs: [{}, {}],
          counts: { items: 4, pairs: 2 },
          logs: [{ step: 1 }, { step: 2 }],
          compared: { n: 6, delta, changed: { fixed: ['test-1234-0'], introduced: [], unchanged: 5 } },
        },
      ],
    } as unknown as RoundRunRecord;
    const report = roundReport(run, summary(0.3), [summary(0.2)]);
    expect(report).toMatchObject({
      method: 'seva',
      model: 'shapes-vlm',
      base: { chair: { i: 0.3 } },
      rounds: [
        {
          pairs: 2,
          counts: { items: 4, pairs: 2 },
          loss: 'sigmoid',
          adapted: { chair: { i: 0.2 } },
          delta,
          changed: { fixed: ['test-1234-0'], introduced: [], unchanged: 5 },
        },
      ],
    });
    expect(report.rounds[0]!.logs).toHaveLength(2);
  });
});
