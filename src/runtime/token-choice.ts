/** Pure next-token arithmetic: raw log-probs, top alternatives, temperature / top-k / top-p sampling. */

export interface ChoiceOptions {
  temperature: number;
  topK: number;
  topP: number;
  greedy: boolean;
}

/** log softmax in float64, so captured log-probs do not depend on float32 summation order. */
export function logSoftmax(logits: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) if (logits[i] > max) max = logits[i];
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i] - max);
  const logZ = max + Math.log(sum);
  const out = new Float64Array(logits.length);
  for (let i = 0; i < logits.length; i++) out[i] = logits[i] - logZ;
  return out;
}

/** Indices of the n largest values, largest first (ties: lower index first). */
export function topIndices(values: ArrayLike<number>, n: number): number[] {
  const best: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (best.length === n && values[i] <= values[best[n - 1]]) continue;
    let at = best.length;
    while (at > 0 && values[best[at - 1]] < values[i]) at--;
    best.splice(at, 0, i);
    if (best.length > n) best.pop();
  }
  return best;
}

/**
 * The nucleus: the smallest prefix of `probsDescending` whose mass is ≥ p. Returns its length
 * (at least 1). p ≥ 1 keeps everything.
 */
export function nucleusSize(probsDescending: ArrayLike<number>, p: number): number {
  if (p >= 1) return probsDescending.length;
  let mass = 0;
  for (let i = 0; i < probsDescending.length; i++) {
    mass += probsDescending[i];
    if (mass >= p - 1e-9) return i + 1; // tolerance: probabilities come from exp(log p)
  }
  return probsDescending.length;
}

/** The distribution sampling draws from after temperature, top-k and top-p, as (token, prob) pairs. */
export function samplingDistribution(
  logprobs: Float64Array,
  options: ChoiceOptions,
): { ids: number[]; probs: number[] } {
  // Neither top-k nor top-p: no need to sort a 50k-token vocabulary every step.
  const order =
    options.topK === 0 && options.topP >= 1
      ? Array.from(logprobs.keys())
      : Array.from(logprobs.keys()).sort((a, b) => logprobs[b] - logprobs[a] || a - b);
  const kept = options.topK > 0 ? order.slice(0, options.topK) : order;
  const scaled = kept.map((id) => logprobs[id] / options.temperature);
  const max = scaled.reduce((a, b) => (b > a ? b : a), -Infinity);
  const weights = scaled.map((s) => Math.exp(s - max));
  const total = weights.reduce((a, b) => a + b, 0);
  const probs = weights.map((w) => w / total);
  const size = nucleusSize(probs, options.topP);
  const nucleusMass = probs.slice(0, size).reduce((a, b) => a + b, 0);
  return { ids: kept.slice(0, size), probs: probs.slice(0, size).map((q) => q / nucleusMass) };
}

/** Picks the next token; `random` returns uniform numbers in [0, 1). */
export function chooseToken(logprobs: Float64Array, options: ChoiceOptions, random: () => number): number {
  if (options.greedy || options.temperature <= 0) return topIndices(logprobs, 1)[0];
  const { ids, probs } = samplingDistribution(logprobs, options);
  let u = random();
  for (let i = 0; i < ids.length; i++) {
    u -= probs[i];
    if (u < 0) return ids[i];
  }
  return ids[ids.length - 1];
}
