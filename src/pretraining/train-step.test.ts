import { beforeAll, expect, it } from 'vitest';
import { numpy as np, tree, valueAndGrad, type Array as JaxArray } from '@jax-js/jax';
import { startEngine } from '../engine/jax-runtime';
import type { Params } from '../engine/init-weights';
import { oneHotNextTokenCrossEntropy } from '../engine/losses';
import { adamwStep, clipByGlobalNorm, initAdamW } from '../engine/optimizer';
import { initVlmParams, VLM_TEXT_NAMES, vlmImageSeqLen, vlmTrainingLogits } from '../engine/vlm';
import { vlmBatchArrays } from './batch-arrays';
import { vlmBatch } from './batches';
import { vlmConfigFor } from './recipe';
import { IMAGE_SIZE } from '../world';
import { shapesTokenizer, trainShapesMerges } from './tokenizer';
import { newTrainerState, vlmTrainer } from './train-step';

beforeAll(() => startEngine());

it('a VLM step equals clipping + AdamW on the eager gradient of the full-sequence loss, tokens embedded by a one-hot matmul', async () => {
  const tokenizer = shapesTokenizer(trainShapesMerges({ maxMerges: 60, corpusScenes: 60 }));
  const config = vlmConfigFor(tokenizer.vocab, {
    vision: { hidden: 8, layers: 1, heads: 2, mlp: 16, patch: 16 },
    text: { hidden: 16, layers: 1, heads: 2, kvHeads: 1, mlp: 24 },
    imageSize: IMAGE_SIZE,
    scaleFactor: 2,
  });
  const batch = vlmBatch(
    {
      split: 'train',
      seed: 1,
      batchSize: 2,
      mix: { describe: 1, question: 1, critic: 0 },
      lookStyle: 'cells',
      encode: tokenizer.encode,
      imageSeqLen: vlmImageSeqLen(config),
      padId: config.pad_token_id!,
      imageSize: IMAGE_SIZE,
    },
    0,
  );
  const vocab = config.vocab_size;
  const oneHotRows = (ids: number[]) => {
    const rows = new Float32Array(ids.length * vocab);
    ids.forEach((id, row) => (rows[row * vocab + id] = 1));
    return rows;
  };
  const ids = batch.inputIds.flat();
  const oneHot = oneHotRows(ids);
  const nextOneHot = oneHotRows(batch.inputIds.flatMap((row) => row.slice(1)));
  const lossOf = (params: Params) => {
    const { answerRows, answerOneHot, answerMask, ...inputs } = vlmBatchArrays(batch, vocab, config.image_token_id);
    tree.dispose([answerRows, answerOneHot, answerMask]);
    const lossMask = np.array(
      batch.lossMask.map((mask) => mask.slice(1)),
      { dtype: np.float32 },
    );
    const tokenEmbeds = np.matmul(
      np.array(oneHot, { shape: [ids.length, vocab] }),
      params[VLM_TEXT_NAMES.embedTokens]!.ref,
    );
    const targets = np.array(nextOneHot, { shape: [batch.inputIds.length, batch.inputIds[0]!.length - 1, vocab] });
    const loss = oneHotNextTokenCrossEntropy(
      vlmTrainingLogits(params, config, { ...inputs, tokenEmbeds }),
      targets,
      lossMask,
    );
    tree.dispose(params);
    return loss;
  };
  const options = { lr: 1e-2, weightDecay: 0.1, maxGradNorm: 0.5 };

  const start = initVlmParams(config, 3);
  const [value, grads] = valueAndGrad(lossOf)(tree.ref(start)) as [JaxArray, Params];
  const { grads: clipped, norm } = clipByGlobalNorm(grads, options.maxGradNorm);
  const ranks = Object.fromEntries(Object.entries(start).map(([name, p]) => [name, p.shape.length]));
  const expected = adamwStep(tree.ref(start), clipped, initAdamW(start), {
    ...options,
    decays: (name) => ranks[name]! >= 2,
  });

  const state = newTrainerState(start);
  const result = vlmTrainer(config).step(state, batch, options);
  expect(result.loss).toBeCloseTo(value.item(), 5);
  expect(result.gradNorm).toBeCloseTo(norm.item(), 4);
  for (const [name, array] of Object.entries(expected.params)) {
    const want = (await array.data()) as Float32Array;
    const got = (await state.params[name]!.ref.data()) as Float32Array;
    const worst = want.reduce((m, x, i) => Math.max(m, Math.abs(x - got[i]!)), 0);
    // A first AdamW step moves each weight by about lr·g/(|g| + ε): float32 noise in a gradient entry
    // near ε is amplified, so the bound is a small share of the step (0.5% of lr), not of the weight.
    expect(worst, name).toBeLessThan(5e-3 * options.lr);
  }
  tree.dispose([state.params, state.optimizer, expected.state]);
});
