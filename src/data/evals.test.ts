import { describe, expect, it } from 'vitest';
import { repeatedBaseEvaluation, type BaseEvaluationKey, type EvalSummary } from './evals';

const key: BaseEvaluationKey = {
  model: 'shapes-vlm',
  modelSha256: 'aa',
  dtype: 'fp32',
  device: 'wasm',
  n: 500,
  seed: 1234,
};

const stored = (createdAt: number, summary: Partial<EvalSummary> = {}) => ({
  id: `r${createdAt}`,
  createdAt,
  summary: { ...key, adapter: null, ...summary } as EvalSummary,
});

describe('repeatedBaseEvaluation', () => {
  it('finds the newest base result of the same weights, dtype and device on the same scenes', () => {
    const records = [stored(1), stored(3), stored(2)];
    expect(repeatedBaseEvaluation(records, key)?.id).toBe('r3');
  });

  it.each<[string, Partial<EvalSummary>]>([
    ['an adapted model', { adapter: { name: 'round 1', sha256: 'bb' } }],
    ['other weights (a retrained model)', { modelSha256: 'cc' }],
    ['a result stored before weights were hashed', { modelSha256: undefined }],
    ['a Hub model', { modelSha256: null }],
    ['another dtype', { dtype: 'q4' }],
    ['another device', { device: 'webgpu' }],
    ['other scenes', { seed: 777 }],
    ['fewer scenes', { n: 200 }],
    ['another model', { model: 'tiny-random-smolvlm' }],
  ])('never reuses %s', (_, summary) => {
    expect(repeatedBaseEvaluation([stored(1, summary)], key)).toBeUndefined();
  });
});
