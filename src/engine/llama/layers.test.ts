import { beforeAll, describe, expect, test } from 'vitest';
import { numpy as np, type Array as JaxArray } from '@jax-js/jax';
import { startEngine } from '../jax-runtime';
import { weightInitializer } from '../init-weights';
import { applyRotary, attentionBias, rmsNorm, rotaryTables } from './layers';

beforeAll(async () => {
  await startEngine();
});

/** Rotates a [1, T, heads, headDim] array by the given positions. */
function rotate(x: JaxArray, positions: number[]): JaxArray {
  const rotary = rotaryTables(np.array([positions], { dtype: np.int32 }), x.shape[3], 10000);
  return applyRotary(x, rotary.cos, rotary.sin);
}

describe('rotary position embedding', () => {
  test('position 0 leaves queries and keys unchanged', () => {
    const x = weightInitializer(1).normal([1, 1, 2, 8], 1);
    const expected = x.ref.js();
    expect(rotate(x, [0]).js()).toEqual(expected);
  });

  test('rotation keeps the length of each head vector', () => {
    const x = weightInitializer(2).normal([1, 1, 1, 8], 1);
    const norm = (a: JaxArray) => Math.sqrt(np.square(a).sum().item());
    expect(norm(rotate(x.ref, [37]))).toBeCloseTo(norm(x), 5);
  });

  test('q·k depends only on the offset between their positions', () => {
    const init = weightInitializer(3);
    const q = init.normal([1, 1, 1, 8], 1);
    const k = init.normal([1, 1, 1, 8], 1);
    const score = (qPosition: number, kPosition: number) =>
      rotate(q.ref, [qPosition])
        .mul(rotate(k.ref, [kPosition]))
        .sum()
        .item();
    const atOffsetThree = [score(3, 0), score(7, 4), score(20, 17)];
    for (const s of atOffsetThree) expect(s).toBeCloseTo(atOffsetThree[0], 4);
    expect(Math.abs(score(5, 0) - atOffsetThree[0])).toBeGreaterThan(1e-3);
    q.dispose();
    k.dispose();
  });
});

test('rmsNorm scales each row to unit root-mean-square, then by the weight', () => {
  const x = np.array([
    [3, 4],
    [1, -1],
  ]);
  const out = rmsNorm(x, np.array([1, 2]), 0).js() as number[][];
  const rms = Math.sqrt(12.5);
  expect(out[0][0]).toBeCloseTo(3 / rms, 5);
  expect(out[0][1]).toBeCloseTo((2 * 4) / rms, 5);
  expect(out[1]).toEqual([1, -2]);
});

test('attentionBias lets a query read itself and earlier real tokens only', () => {
  const bias = attentionBias(np.array([[0, 1, 1]])).js() as number[][][][][];
  expect(bias[0][0][0].map((row) => row.map((v) => v === 0))).toEqual([
    [false, false, false],
    [false, true, false],
    [false, true, true],
  ]);
});
