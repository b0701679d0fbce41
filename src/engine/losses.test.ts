import { beforeAll, describe, expect, test } from 'vitest';
import { numpy as np, valueAndGrad, type Array as JaxArray } from '@jax-js/jax';
import { startEngine } from './jax-runtime';
import { weightInitializer } from './init-weights';
import {
  clipInfoNce,
  maskedCrossEntropy,
  nextTokenCrossEntropy,
  oneHotNextTokenCrossEntropy,
  sequenceLogprobs,
} from './losses';

beforeAll(() => startEngine());

// ---- float64 references -------------------------------------------------------------------------
const logSumExp = (xs: number[]) => {
  const top = Math.max(...xs);
  return top + Math.log(xs.reduce((s, x) => s + Math.exp(x - top), 0));
};
/** Σ mask·log p(target) and Σ mask over a flat [B·T·V] buffer. */
function refLogprobSum(logits: number[], vocab: number, targets: number[], mask: number[]) {
  let total = 0;
  for (let i = 0; i < targets.length; i++) {
    if (mask[i] === 0) continue;
    const row = logits.slice(i * vocab, (i + 1) * vocab);
    total += mask[i]! * (row[targets[i]!]! - logSumExp(row));
  }
  return total;
}
const refCrossEntropy = (logits: number[], vocab: number, targets: number[], mask: number[]) =>
  -refLogprobSum(logits, vocab, targets, mask) /
  Math.max(
    1,
    mask.reduce((a, b) => a + b, 0),
  );

function refInfoNce(image: number[], text: number[], n: number, logScale: number) {
  const e = image.length / n;
  const unit = (v: number[], i: number) => {
    const row = v.slice(i * e, (i + 1) * e);
    const length = Math.hypot(...row);
    return row.map((x) => x / length);
  };
  const scale = Math.min(Math.exp(logScale), 100);
  const sim = [...Array(n).keys()].map((i) =>
    [...Array(n).keys()].map((j) => scale * unit(image, i).reduce((s, x, k) => s + x * unit(text, j)[k]!, 0)),
  );
  let loss = 0;
  for (let i = 0; i < n; i++) {
    loss += logSumExp(sim[i]!) - sim[i]![i]!; // image i against every text
    loss += logSumExp(sim.map((row) => row[i]!)) - sim[i]![i]!; // text i against every image
  }
  return loss / (2 * n);
}

/** Central differences of a float64 function at every coordinate. */
function finiteDifferences(f: (x: number[]) => number, x: number[], h = 1e-6): number[] {
  return x.map((_, i) => {
    const plus = [...x];
    const minus = [...x];
    plus[i]! += h;
    minus[i]! -= h;
    return (f(plus) - f(minus)) / (2 * h);
  });
}

// ---- helpers --------------------------------------------------------------------------------------
const floats = (values: number[], shape: number[]) => np.array(new Float32Array(values), { shape });
const ints = (values: number[], shape: number[]) => np.array(new Int32Array(values), { shape });
const read = async (a: JaxArray) => [...(await a.data())];
async function randomValues(seed: number, shape: number[], std = 1) {
  return read(weightInitializer(seed).normal(shape, std));
}
function expectAllClose(actual: number[], expected: number[], tolerance: number) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((x, i) => expect(Math.abs(x - expected[i]!)).toBeLessThan(tolerance));
}

describe('maskedCrossEntropy', () => {
  test('hand-computed: softmax of [0, ln 2, ln 5] gives target 2 probability 5/8', async () => {
    const logits = floats([0, Math.log(2), Math.log(5), 40, -40, 7], [1, 2, 3]);
    const loss = maskedCrossEntropy(logits, ints([2, 1], [1, 2]), floats([1, 0], [1, 2]));
    expect(await loss.item()).toBeCloseTo(Math.log(8 / 5), 5);
  });

  test('matches float64 and finite differences; masked positions get exactly zero gradient', async () => {
    const [b, t, v] = [2, 3, 5];
    const x = await randomValues(1, [b, t, v], 2);
    const targets = [4, 0, 2, 1, 3, 3];
    const mask = [1, 1, 0, 0, 1, 1];
    const f = (l: JaxArray) => maskedCrossEntropy(l, ints(targets, [b, t]), floats(mask, [b, t]));
    const [value, grad] = valueAndGrad(f)(floats(x, [b, t, v]));
    expect(await value.item()).toBeCloseTo(refCrossEntropy(x, v, targets, mask), 5);
    const g = await read(grad);
    expectAllClose(
      g,
      finiteDifferences((l) => refCrossEntropy(l, v, targets, mask), x),
      1e-5,
    );
    expect(g.slice(2 * v, 4 * v).every((d) => d === 0)).toBe(true);
  });

  test('masked positions are ignored whatever their logits and targets (-100 padding included)', async () => {
    const x = await randomValues(2, [1, 3, 4]);
    const mask = floats([1, 0, 1], [1, 3]);
    const a = maskedCrossEntropy(floats(x, [1, 3, 4]), ints([1, 2, 3], [1, 3]), mask.ref);
    const garbled = [...x];
    garbled.splice(4, 4, 50, -50, 1e4, 3);
    const b = maskedCrossEntropy(floats(garbled, [1, 3, 4]), ints([1, -100, 3], [1, 3]), mask);
    expect(await a.item()).toBe(await b.item());
  });

  test('a 49152-token vocabulary gives the right finite value (the oneHot overflow regression)', async () => {
    const vocab = 49152;
    const x = await randomValues(3, [1, 3, vocab], 3);
    const targets = [0, 44976, vocab - 1];
    const loss = maskedCrossEntropy(floats(x, [1, 3, vocab]), ints(targets, [1, 3]), floats([1, 1, 1], [1, 3]));
    const value = await loss.item();
    expect(Number.isFinite(value)).toBe(true);
    expect(value).toBeCloseTo(refCrossEntropy(x, vocab, targets, [1, 1, 1]), 4);
  });
});

describe('next-token losses', () => {
  // Two sequences of 4 ids; the first two ids of each are prompt, the rest answer.
  const [b, t, v] = [2, 4, 6];
  const ids = [5, 1, 2, 3, 4, 0, 5, 1];
  const answer = [0, 0, 1, 1, 0, 0, 1, 0]; // the second sequence ends in padding
  const shifted = (values: number[]) => [...values.slice(1, 4), ...values.slice(5, 8)];

  test('nextTokenCrossEntropy shifts by one and counts answer tokens only', async () => {
    const x = await randomValues(4, [b, t, v]);
    const lastDropped = [...x.slice(0, 3 * v), ...x.slice(4 * v, 7 * v)];
    const loss = nextTokenCrossEntropy(floats(x, [b, t, v]), ints(ids, [b, t]), floats(answer, [b, t]));
    expect(await loss.item()).toBeCloseTo(refCrossEntropy(lastDropped, v, shifted(ids), shifted(answer)), 5);
  });

  test('oneHotNextTokenCrossEntropy, the gather-free form, gives the same loss', async () => {
    const x = await randomValues(4, [b, t, v]);
    const lastDropped = [...x.slice(0, 3 * v), ...x.slice(4 * v, 7 * v)];
    const nextOneHot = shifted(ids).flatMap((id) => Array.from({ length: v }, (_, k) => (k === id ? 1 : 0)));
    const loss = oneHotNextTokenCrossEntropy(
      floats(x, [b, t, v]),
      floats(nextOneHot, [b, t - 1, v]),
      floats(shifted(answer), [b, t - 1]),
    );
    expect(await loss.item()).toBeCloseTo(refCrossEntropy(lastDropped, v, shifted(ids), shifted(answer)), 5);
  });

  test('sequenceLogprobs sums answer-token log-probs per sequence', async () => {
    const x = await randomValues(5, [b, t, v]);
    const result = await read(sequenceLogprobs(floats(x, [b, t, v]), ints(ids, [b, t]), floats(answer, [b, t])));
    const perSequence = [0, 1].map((s) =>
      refLogprobSum(
        x.slice(s * t * v, (s * t + 3) * v),
        v,
        ids.slice(s * t + 1, s * t + 4),
        answer.slice(s * t + 1, s * t + 4),
      ),
    );
    expectAllClose(result, perSequence, 1e-5);
  });
});

describe('clipInfoNce', () => {
  test('hand-computed: orthonormal pairs at scale 1 give ln(1 + e) − 1, whatever the lengths', async () => {
    const loss = clipInfoNce(floats([3, 0, 0, 0.5], [2, 2]), floats([1, 0, 0, 2], [2, 2]), floats([0], []));
    expect(await loss.item()).toBeCloseTo(Math.log(1 + Math.E) - 1, 6);
  });

  test('matches float64 and finite differences for embeddings and the logit scale', async () => {
    const [n, e] = [3, 4];
    const image = await randomValues(6, [n, e]);
    const text = await randomValues(7, [n, e]);
    const logScale = Math.log(2.5);
    const [value, [gImage, gText, gScale]] = valueAndGrad(clipInfoNce, { argnums: [0, 1, 2] })(
      floats(image, [n, e]),
      floats(text, [n, e]),
      floats([logScale], []),
    );
    expect(await value.item()).toBeCloseTo(refInfoNce(image, text, n, logScale), 5);
    expectAllClose(
      await read(gImage),
      finiteDifferences((x) => refInfoNce(x, text, n, logScale), image),
      1e-5,
    );
    expectAllClose(
      await read(gText),
      finiteDifferences((x) => refInfoNce(image, x, n, logScale), text),
      1e-5,
    );
    const [dScale] = finiteDifferences(([s]) => refInfoNce(image, text, n, s!), [logScale]);
    expect(await gScale.item()).toBeCloseTo(dScale!, 5);
  });

  test('the temperature is capped at 100 and stops learning there', async () => {
    const image = await randomValues(8, [2, 3]);
    const text = await randomValues(9, [2, 3]);
    const f = valueAndGrad(clipInfoNce, { argnums: 2 });
    const [atCap] = f(floats(image, [2, 3]), floats(text, [2, 3]), floats([Math.log(100)], []));
    const [above, gScale] = f(floats(image, [2, 3]), floats(text, [2, 3]), floats([Math.log(200)], []));
    const value = above.item();
    expect(value).toBeCloseTo(atCap.item(), 5);
    expect(value).toBeCloseTo(refInfoNce(image, text, 2, Math.log(100)), 3);
    expect(gScale.item()).toBe(0);
  });
});
