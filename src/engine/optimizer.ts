import { numpy as np, type Array as JaxArray } from '@jax-js/jax';
import type { Params } from './init-weights';
import { readSafetensorsHeader } from './safetensors';
import { paramsFromSafetensors, paramsToSafetensors } from './safetensors-params';

/** AdamW moments; `step` counts the updates already applied. */
export interface AdamWState {
  step: number;
  m: Params;
  v: Params;
}

export interface AdamWOptions {
  lr: number;
  /** Decoupled: p ← p − lr·weightDecay·p, independent of the gradient. Default 0. */
  weightDecay?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** Which params get weight decay (e.g. skip biases and norms). Default: all. */
  decays?: (name: string) => boolean;
}

/** Zero moments shaped like `params`. Borrows `params`. */
export function initAdamW(params: Params): AdamWState {
  const zeros = () =>
    Object.fromEntries(Object.entries(params).map(([name, p]) => [name, np.zeros(p.shape)])) as Params;
  return { step: 0, m: zeros(), v: zeros() };
}

function sameKeys(what: string, expected: string[], actual: Params): void {
  const missing = expected.filter((name) => !(name in actual));
  const extra = Object.keys(actual).filter((name) => !expected.includes(name));
  if (missing.length || extra.length) {
    throw new Error(`AdamW ${what} do not match the params (missing: [${missing}], extra: [${extra}]).`);
  }
}

/**
 * One AdamW update (PyTorch `torch.optim.AdamW` semantics, bias-corrected). Consumes `params`,
 * `grads` and `state`; returns new ones owned by the caller. If the trees do not match, it throws
 * before consuming anything.
 */
export function adamwStep(
  params: Params,
  grads: Params,
  state: AdamWState,
  options: AdamWOptions,
): { params: Params; state: AdamWState } {
  const { lr, weightDecay = 0, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, decays = () => true } = options;
  const names = Object.keys(params);
  sameKeys('gradients', names, grads);
  sameKeys('first moments', names, state.m);
  sameKeys('second moments', names, state.v);

  const step = state.step + 1;
  const correction1 = 1 - beta1 ** step;
  const correction2 = 1 - beta2 ** step;
  const next: AdamWState = { step, m: {}, v: {} };
  const updated: Params = {};
  for (const name of names) {
    const g = grads[name]!;
    const m = state.m[name]!.mul(beta1).add(g.ref.mul(1 - beta1));
    const v = state.v[name]!.mul(beta2).add(np.square(g).mul(1 - beta2));
    const direction = m.ref.div(correction1).div(np.sqrt(v.ref.div(correction2)).add(eps));
    const decay = decays(name) ? 1 - lr * weightDecay : 1;
    updated[name] = params[name]!.mul(decay).sub(direction.mul(lr));
    next.m[name] = m;
    next.v[name] = v;
  }
  return { params: updated, state: next };
}

/**
 * Rescales gradients so their global L2 norm is at most `maxNorm`; smaller ones pass unchanged.
 * Consumes `grads`; `norm` is the norm before clipping (a scalar Array the caller owns).
 */
export function clipByGlobalNorm(grads: Params, maxNorm: number): { grads: Params; norm: JaxArray } {
  let squared: JaxArray = np.zeros([]);
  for (const g of Object.values(grads)) squared = squared.add(np.sum(np.square(g.ref)));
  const norm = np.sqrt(squared);
  // maximum() keeps 0/0 out when every gradient is zero.
  const scale = np.minimum(1, np.divide(maxNorm, np.maximum(norm.ref, 1e-30)));
  const clipped: Params = {};
  for (const [name, g] of Object.entries(grads)) clipped[name] = g.mul(scale.ref);
  scale.dispose();
  return { grads: clipped, norm };
}

export interface ScheduleOptions {
  /** Updates already applied (0 for the first update). */
  step: number;
  warmupSteps?: number;
  totalSteps: number;
  peakLr: number;
  minLr?: number;
}

/** Linear warmup from 0, then cosine decay to `minLr` at `totalSteps` (as transformers' scheduler). */
export function warmupCosine({ step, warmupSteps = 0, totalSteps, peakLr, minLr = 0 }: ScheduleOptions): number {
  if (step < warmupSteps) return (peakLr * step) / warmupSteps;
  const progress = Math.min(1, (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
  return minLr + (peakLr - minLr) * 0.5 * (1 + Math.cos(Math.PI * progress));
}

/** Linear warmup from 0, then constant. */
export function constantSchedule({ step, warmupSteps = 0, peakLr }: Omit<ScheduleOptions, 'totalSteps' | 'minLr'>): number {
  return step < warmupSteps ? (peakLr * step) / warmupSteps : peakLr;
}

/** Saves the state as safetensors (`exp_avg.<name>`, `exp_avg_sq.<name>`, step in metadata). Borrows `state`. */
export async function adamwStateToSafetensors(state: AdamWState): Promise<Uint8Array> {
  const tensors: Params = {};
  for (const [name, m] of Object.entries(state.m)) tensors[`exp_avg.${name}`] = m;
  for (const [name, v] of Object.entries(state.v)) tensors[`exp_avg_sq.${name}`] = v;
  return paramsToSafetensors(tensors, { step: String(state.step) });
}

/** The caller owns the returned moments. */
export function adamwStateFromSafetensors(bytes: Uint8Array): AdamWState {
  const step = Number(readSafetensorsHeader(bytes).metadata.step);
  if (!Number.isSafeInteger(step) || step < 0) throw new Error('The optimizer state file has no valid "step" in its metadata.');
  const state: AdamWState = { step, m: {}, v: {} };
  for (const [name, array] of Object.entries(paramsFromSafetensors(bytes))) {
    if (name.startsWith('exp_avg.')) state.m[name.slice('exp_avg.'.length)] = array;
    else if (name.startsWith('exp_avg_sq.')) state.v[name.slice('exp_avg_sq.'.length)] = array;
    else array.dispose();
  }
  return state;
}
