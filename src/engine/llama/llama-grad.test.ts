import { beforeAll, expect, test } from 'vitest';
import { grad, numpy as np, tree, type Array as JaxArray } from '@jax-js/jax';
import { startEngine } from '../jax-runtime';
import { weightInitializer, type Params } from '../init-weights';
import { llamaNames, type LlamaConfig } from './config';
import { initLlamaParams } from './init-llama';
import { embedTokens, llamaForward } from './llama-forward';
import { tinyIds, tinyLlama } from './tiny-llama.testing';

const tiny: LlamaConfig = { ...tinyLlama, initializer_range: 0.5 };
const ids = tinyIds;
const names = llamaNames();
const checked = [
  names.layer(0).qProj,
  names.layer(1).vProj,
  names.layer(1).downProj,
  names.layer(0).postAttentionLayernorm,
  names.norm,
  names.embedTokens,
];

beforeAll(async () => {
  await startEngine();
});

/**
 * loss = Σ logits · R for a fixed random R, so every logit gets its own weight. The embedding
 * lookup is inside on purpose: with tied embeddings the gradient of embed_tokens has two paths
 * (the lookup and the output projection), and eager `grad` handles the gather.
 */
function loss(params: Params, weights: JaxArray): JaxArray {
  const logits = llamaForward(params, tiny, { inputsEmbeds: embedTokens(params, ids) });
  return logits.mul(weights).sum();
}

test('gradients match central finite differences', () => {
  const params = initLlamaParams(tiny, 11);
  const weights = weightInitializer(99).normal([2, 5, tiny.vocab_size], 1);

  const trainable = Object.fromEntries(checked.map((name) => [name, params[name]]));
  const gradients = grad((p: Params) => {
    const value = loss({ ...params, ...p }, weights.ref);
    tree.dispose(p);
    return value;
  })(tree.ref(trainable));

  const lossAt = (name: string, flatIndex: number, delta: number): number => {
    const values = Float32Array.from(params[name].ref.dataSync());
    values[flatIndex] += delta;
    const perturbed = np.array(values, { shape: params[name].shape });
    const value = loss({ ...params, [name]: perturbed }, weights.ref).item();
    perturbed.dispose();
    return value;
  };

  let state = 12345; // a 32-bit LCG picks the coordinates
  const randomIndex = (n: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.floor((state / 2 ** 32) * n);
  };
  for (const name of checked) {
    const analytic = gradients[name].dataSync();
    for (let trial = 0; trial < 3; trial++) {
      const index = randomIndex(analytic.length);
      const eps = 1e-2;
      const numeric = (lossAt(name, index, eps) - lossAt(name, index, -eps)) / (2 * eps);
      const scale = Math.max(Math.abs(numeric), Math.abs(analytic[index]), 0.1);
      expect(Math.abs(numeric - analytic[index]) / scale, `${name}[${index}]`).toBeLessThan(1e-2);
    }
  }
  weights.dispose();
  tree.dispose(params);
});
