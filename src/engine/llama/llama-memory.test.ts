import { beforeAll, expect, test } from 'vitest';
import { grad, numpy as np, tree } from '@jax-js/jax';
import { trackLiveBuffers } from '../live-buffers.testing';
import type { Params } from '../init-weights';
import { llamaNames, type LlamaConfig } from './config';
import { initLlamaParams } from './init-llama';
import { embedTokens, llamaForward } from './llama-forward';
import { tinyIds, tinyLlama } from './tiny-llama.testing';

/**
 * A leak here is memory that a training loop loses on every step, so count the backend's live
 * buffers around a forward pass and a gradient step: both must give back all they allocate.
 */
let liveBuffers: () => number;

beforeAll(async () => {
  liveBuffers = await trackLiveBuffers();
});

const tiny: LlamaConfig = tinyLlama;
const ids = tinyIds;

test('a forward pass with padding frees everything it allocates', () => {
  const params = initLlamaParams(tiny, 1);
  const before = liveBuffers();
  for (let step = 0; step < 2; step++) {
    const logits = llamaForward(params, tiny, {
      inputsEmbeds: embedTokens(params, np.array(ids, { dtype: np.int32 })),
      attentionMask: np.array([
        [0, 1, 1, 1, 1],
        [1, 1, 1, 1, 1],
      ]),
      positionIds: [
        [0, 0, 1, 2, 3],
        [0, 1, 2, 3, 4],
      ],
    });
    logits.dataSync();
    expect(liveBuffers()).toBe(before);
  }
  tree.dispose(params);
});

test('a gradient step frees everything but the gradients it returns', () => {
  const params = initLlamaParams(tiny, 2);
  const names = llamaNames();
  const trainable = { [names.layer(0).qProj]: params[names.layer(0).qProj], [names.norm]: params[names.norm] };
  const weights = np.array(
    new Float32Array(2 * 5 * 11).map((_, i) => Math.sin(i)),
    { shape: [2, 5, 11] },
  );
  const before = liveBuffers();
  for (let step = 0; step < 2; step++) {
    const embeds = embedTokens(params, ids);
    const gradients = grad((p: Params) => {
      const logits = llamaForward({ ...params, ...p }, tiny, { inputsEmbeds: embeds.ref });
      tree.dispose(p);
      return logits.mul(weights.ref).sum();
    })(tree.ref(trainable));
    embeds.dispose();
    for (const g of Object.values(gradients)) g.dataSync();
    expect(liveBuffers()).toBe(before);
  }
  weights.dispose();
  tree.dispose(params);
});
