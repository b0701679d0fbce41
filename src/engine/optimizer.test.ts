import { beforeAll, describe, expect, test } from 'vitest';
import { numpy as np, tree, valueAndGrad, type Array as JaxArray } from '@jax-js/jax';
import { startEngine } from './jax-runtime';
import { weightInitializer, type Params } from './init-weights';
import {
  adamwStateFromSafetensors,
  adamwStateToSafetensors,
  adamwStep,
  clipByGlobalNorm,
  clippedAdamW,
  constantSchedule,
  initAdamW,
  warmupCosine,
} from './optimizer';

beforeAll(() => startEngine());

const values = async (a: JaxArray) => [...(await a.data())];
const vector = (xs: number[]) => np.array(new Float32Array(xs), { shape: [xs.length] });

function expectClose(actual: number[], expected: number[], digits = 6) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, digits));
}

describe('adamwStep', () => {
  test('two steps match hand-computed float64 numbers', async () => {
    const options = { lr: 0.1, weightDecay: 0.01 };
    const start = { w: vector([1, -2]) };
    let { params, state } = adamwStep(start, { w: vector([0.5, -0.25]) }, initAdamW(start), options);
    // Step 1: m̂ = g and v̂ = g², so the update is lr·sign(g); decay multiplies by 1 − 0.1·0.01.
    expectClose(await values(params.w!.ref), [0.999 - 0.1, -1.998 + 0.1]);
    expect(() => start.w.js()).toThrow(); // the old params were consumed

    ({ params, state } = adamwStep(params, { w: vector([-1, 0.5]) }, state, options));
    expect(state.step).toBe(2);
    const m = [0.9 * 0.05 + 0.1 * -1, 0.9 * -0.025 + 0.1 * 0.5];
    const v = [0.999 * 0.00025 + 0.001 * 1, 0.999 * 0.0000625 + 0.001 * 0.25];
    const p1 = [0.899, -1.898];
    const p2 = p1.map(
      (p, i) => p * 0.999 - (0.1 * (m[i]! / (1 - 0.9 ** 2))) / (Math.sqrt(v[i]! / (1 - 0.999 ** 2)) + 1e-8),
    );
    expectClose(await values(state.m.w!), m);
    expectClose(await values(state.v.w!), v, 8);
    expectClose(await values(params.w!), p2);
  });

  test('weight decay is decoupled from the adaptive scaling', async () => {
    const start = { w: vector([2, -4]), bias: vector([2]) };
    const grads = { w: vector([0, 0]), bias: vector([0]) };
    const { params } = adamwStep(start, grads, initAdamW(start), {
      lr: 0.1,
      weightDecay: 0.5,
      decays: (name) => name !== 'bias',
    });
    // Zero gradient: only p·(1 − lr·wd). L2-in-the-gradient Adam would move both by lr instead.
    expectClose(await values(params.w!), [1.9, -3.8]);
    expectClose(await values(params.bias!), [2]);
  });

  test('mismatched trees are rejected before anything is consumed', async () => {
    const params = { w: vector([1]) };
    const state = initAdamW(params);
    expect(() => adamwStep(params, { x: vector([1]) }, state, { lr: 1 })).toThrow(/missing: \[w\], extra: \[x\]/);
    expect(await values(params.w)).toEqual([1]);
  });

  test('state survives a safetensors round trip', async () => {
    const start = { 'layer.weight': vector([1, 2]) };
    const { params, state } = adamwStep(start, { 'layer.weight': vector([0.5, -1]) }, initAdamW(start), { lr: 0.1 });
    const restored = adamwStateFromSafetensors(await adamwStateToSafetensors(state));
    expect(restored.step).toBe(1);
    expect(await values(restored.m['layer.weight']!)).toEqual(await values(state.m['layer.weight']!));
    expect(await values(restored.v['layer.weight']!)).toEqual(await values(state.v['layer.weight']!));
    tree.dispose(params);
  });
});

describe('schedules', () => {
  test('warmup then cosine', () => {
    const s = { warmupSteps: 10, totalSteps: 100, peakLr: 1e-3, minLr: 1e-4 };
    expect(warmupCosine({ ...s, step: 0 })).toBe(0);
    expect(warmupCosine({ ...s, step: 5 })).toBeCloseTo(5e-4, 12);
    expect(warmupCosine({ ...s, step: 10 })).toBeCloseTo(1e-3, 12);
    expect(warmupCosine({ ...s, step: 55 })).toBeCloseTo(5.5e-4, 12); // halfway: (peak + min) / 2
    expect(warmupCosine({ ...s, step: 100 })).toBeCloseTo(1e-4, 12);
    expect(warmupCosine({ ...s, step: 150 })).toBeCloseTo(1e-4, 12);
    // A quarter of the way: 1e-4 + 9e-4 · (1 + cos(π/4)) / 2.
    expect(warmupCosine({ step: 25, totalSteps: 100, peakLr: 1e-3, minLr: 1e-4 })).toBeCloseTo(8.681980515e-4, 12);
  });

  test('constant with warmup', () => {
    expect(constantSchedule({ step: 1, warmupSteps: 4, peakLr: 2e-4 })).toBeCloseTo(5e-5, 12);
    expect(constantSchedule({ step: 4, warmupSteps: 4, peakLr: 2e-4 })).toBe(2e-4);
    expect(constantSchedule({ step: 0, peakLr: 2e-4 })).toBe(2e-4);
  });
});

describe('clipByGlobalNorm', () => {
  test('scales large gradients to exactly maxNorm', async () => {
    const { grads, norm } = clipByGlobalNorm({ a: vector([3, 0]), b: vector([4]) }, 1);
    expect(await norm.item()).toBeCloseTo(5, 6);
    const a = await values(grads.a!);
    const b = await values(grads.b!);
    expectClose([...a, ...b], [0.6, 0, 0.8]);
    expect(Math.hypot(...a, ...b)).toBeCloseTo(1, 6);
  });

  test('leaves small gradients unchanged', async () => {
    const { grads, norm } = clipByGlobalNorm({ a: vector([0.3, -0.4]) }, 10);
    expect(await values(grads.a!)).toEqual([...new Float32Array([0.3, -0.4])]);
    expect(norm.item()).toBeCloseTo(0.5, 6);
  });
});

test('AdamW + clipping + valueAndGrad fit a small linear regression', async () => {
  const init = weightInitializer(3);
  const x = init.normal([64, 3], 1);
  const y = np.matmul(x.ref, vector([1.5, -2, 0.5])).add(0.3);
  const loss = (p: Params) => np.mean(np.square(np.matmul(x.ref, p.w!).add(p.b!).sub(y.ref)));

  let params: Params = { w: np.zeros([3]), b: np.zeros([]) };
  let state = initAdamW(params);
  const losses: number[] = [];
  for (let step = 0; step < 100; step++) {
    const [value, rawGrads] = valueAndGrad(loss)(tree.ref(params));
    losses.push(value.item());
    const { grads, norm } = clipByGlobalNorm(rawGrads, 5);
    norm.dispose();
    const lr = warmupCosine({ step, warmupSteps: 10, totalSteps: 100, peakLr: 0.1, minLr: 0.01 });
    ({ params, state } = adamwStep(params, grads, state, { lr, weightDecay: 0.01 }));
  }
  expect(losses.at(-1)!).toBeLessThan(losses[0]! / 10);
  expectClose(await values(params.w!), [1.5, -2, 0.5], 1);
  tree.dispose([params.b, state, x, y]);
});

test('clippedAdamW (jitted) matches clipByGlobalNorm + adamwStep over changing learning rates', async () => {
  const init = weightInitializer(11);
  const start = (): Params => ({ 'w.weight': init.normal([3, 4], 1), 'w.bias': init.normal([3], 1) });
  const first = start();
  let eager: Params = tree.ref(first);
  let jitted: Params = first;
  let eagerState = initAdamW(eager);
  let jittedState = initAdamW(jitted);
  const optimize = clippedAdamW();
  for (let step = 0; step < 4; step++) {
    const grads = (): Params => ({ 'w.weight': init.normal([3, 4], 2 + step), 'w.bias': init.normal([3], 1) });
    const g = grads();
    const options = { lr: 0.05 * (step + 1), weightDecay: 0.1, maxGradNorm: 3 };
    const { grads: clipped, norm } = clipByGlobalNorm(tree.ref(g), options.maxGradNorm);
    const expectedNorm = norm.item();
    ({ params: eager, state: eagerState } = adamwStep(eager, clipped, eagerState, {
      ...options,
      decays: (name) => name.endsWith('weight'),
    }));
    const result = optimize(jitted, g, jittedState, options);
    ({ params: jitted, state: jittedState } = result);
    expect(result.gradNorm).toBeCloseTo(expectedNorm, 4);
    for (const name of Object.keys(eager))
      expectClose(await values(jitted[name]!.ref), await values(eager[name]!.ref), 5);
  }
  expect(jittedState.step).toBe(4);
  tree.dispose([eager, jitted, eagerState, jittedState]);
});
