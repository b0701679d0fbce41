/**
 * Test support shared by the vision and CLIP tests: gradient checks against central finite
 * differences, closeness assertions, and small conversions between jax-js arrays and JS arrays.
 */
import { grad, numpy as np, type Array as JaxArray } from '@jax-js/jax';
import { expect } from 'vitest';
import type { Params } from '../init-weights';

/** The values of an array as float64 numbers (borrowing the array). */
export function valuesOf(x: JaxArray): number[] {
  return Array.from(x.ref.dataSync() as Float32Array);
}

/** Images [N, C, H, W] as nested JS arrays [N][C][H][W] (borrowing the array). */
export function imagesOf(pixelValues: JaxArray): number[][][][] {
  const [n, c, h, w] = pixelValues.shape as [number, number, number, number];
  const data = valuesOf(pixelValues);
  const at = (i: number, ch: number, y: number) =>
    data.slice(((i * c + ch) * h + y) * w, ((i * c + ch) * h + y + 1) * w);
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: c }, (_, ch) => Array.from({ length: h }, (_, y) => at(i, ch, y))),
  );
}

export function expectAllClose(actual: number[], expected: number[], tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  const worst = Math.max(...actual.map((a, i) => Math.abs(a - expected[i]!)));
  expect(worst).toBeLessThan(tolerance);
}

export interface Probe {
  name: string;
  /** Flat index into the parameter. */
  index: number;
}

/**
 * Compares jax-js's gradient of `loss` (which must borrow `params`) with central finite
 * differences (f(θ+ε) − f(θ−ε)) / 2ε at each probe, in float32 as the engine runs.
 */
export function expectGradientsMatchFiniteDifferences(
  loss: (params: Params) => JaxArray,
  params: Params,
  probes: Probe[],
  { eps = 1e-2, relativeTolerance = 2e-2, absoluteTolerance = 1e-4 } = {},
): void {
  const gradients = grad(loss)(params) as Params;
  const lossWith = (name: string, index: number, delta: number): number => {
    const original = params[name]!;
    const data = Float32Array.from(original.ref.dataSync() as Float32Array);
    data[index]! += delta;
    const shifted = np.array(data, { shape: original.shape });
    const value = loss({ ...params, [name]: shifted }).item();
    shifted.dispose();
    return value;
  };
  for (const { name, index } of probes) {
    const analytic = valuesOf(gradients[name]!)[index]!;
    const numeric = (lossWith(name, index, eps) - lossWith(name, index, -eps)) / (2 * eps);
    const tolerance = absoluteTolerance + relativeTolerance * Math.max(Math.abs(analytic), Math.abs(numeric));
    expect(
      Math.abs(analytic - numeric),
      `${name}[${index}]: analytic ${analytic}, finite difference ${numeric}`,
    ).toBeLessThan(tolerance);
    // A probe whose gradient vanishes checks nothing.
    expect(Math.abs(numeric), `${name}[${index}] has no gradient to check`).toBeGreaterThan(1e-3);
  }
  for (const g of Object.values(gradients)) g.dispose();
}

/** A fixed random weighting turns an output into a scalar loss with informative gradients. */
export function weightedSum(output: JaxArray, weights: JaxArray): JaxArray {
  return np.sum(output.mul(weights.ref));
}
