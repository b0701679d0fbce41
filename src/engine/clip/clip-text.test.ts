import { beforeAll, describe, expect, it } from 'vitest';
import { tree } from '@jax-js/jax';
import { weightInitializer, type Params } from '../init-weights';
import { startEngine } from '../jax-runtime';
import {
  expectAllClose,
  expectGradientsMatchFiniteDifferences,
  valuesOf,
  weightedSum,
} from '../vision/engine-checks.testing';
import { clipText64, toFloat64 } from '../vision/float64-reference.testing';
import type { ClipTextConfig } from './clip-config';
import {
  clipTextForward,
  clipTextFromEmbeddings,
  embedTokens,
  endOfTextPick,
  endOfTextPositions,
  initClipTextParams,
} from './clip-text';

const config: ClipTextConfig = {
  vocab_size: 11,
  hidden_size: 8,
  intermediate_size: 16,
  projection_dim: 5,
  num_hidden_layers: 2,
  num_attention_heads: 2,
  max_position_embeddings: 7,
  layer_norm_eps: 1e-5,
  eos_token_id: 2,
};
const BOS = 0,
  PAD = 1,
  EOS = 2;
// End of text at positions 4 and 2; the second text also has a later EOS, which must be ignored.
const inputIds = [
  [BOS, 5, 7, 3, EOS, PAD],
  [BOS, 9, EOS, 4, EOS, PAD],
];

let params: Params;

beforeAll(async () => {
  await startEngine();
  params = initClipTextParams(config, 3, { std: 0.3 });
});

describe('CLIP text encoder with projection', () => {
  it('matches a float64 reference of the HF modules', () => {
    const embeds = clipTextForward(params, config, inputIds);
    expect(embeds.shape).toEqual([2, 5]);
    const weights = toFloat64(params);
    const expected = inputIds.flatMap((ids) => clipText64(weights, { layers: 2, heads: 2, eps: 1e-5 }, ids, EOS));
    expectAllClose(valuesOf(embeds), expected, 1e-4);
    embeds.dispose();
  });

  it('reads the text embedding at the first end-of-text token', () => {
    expect(endOfTextPositions(inputIds, EOS)).toEqual([4, 2]);
    const base = valuesOf(clipTextForward(params, config, inputIds));
    // Causal attention: tokens after the end of text cannot change the embedding …
    const changedAfter = valuesOf(
      clipTextForward(params, config, [
        [BOS, 5, 7, 3, EOS, 9],
        [BOS, 9, EOS, 8, 8, 8],
      ]),
    );
    expectAllClose(changedAfter, base, 1e-6);
    // … tokens before it do.
    const changedBefore = valuesOf(clipTextForward(params, config, [[BOS, 6, 7, 3, EOS, PAD], inputIds[1]!]));
    expect(Math.max(...changedBefore.slice(0, 5).map((v, i) => Math.abs(v - base[i]!)))).toBeGreaterThan(1e-3);
    expectAllClose(changedBefore.slice(5), base.slice(5), 1e-6);
  });

  it('says when a text has no end-of-text token', () => {
    expect(() => clipTextForward(params, config, [[BOS, 5, 7]])).toThrow('Text 0 has no end-of-text token (id 2).');
  });

  it('has gradients that match finite differences, through the token lookup or after it', () => {
    const lossWeights = weightInitializer(4).normal([2, 5], 1);
    const layers = 'text_model.encoder.layers';
    expectGradientsMatchFiniteDifferences(
      (p) => weightedSum(clipTextForward(p, config, inputIds), lossWeights),
      params,
      [
        { name: 'text_model.embeddings.token_embedding.weight', index: 7 * 8 + 3 },
        { name: 'text_model.embeddings.position_embedding.weight', index: 1 * 8 + 5 },
        { name: `${layers}.0.self_attn.v_proj.weight`, index: 12 },
        { name: `${layers}.1.layer_norm2.weight`, index: 4 },
        { name: 'text_model.final_layer_norm.bias', index: 3 },
        { name: 'text_projection.weight', index: 21 },
      ],
    );
    // The gather-free part alone, as a jit-friendly training step would differentiate it.
    const embeddings = embedTokens(params, config, inputIds);
    const endOfText = endOfTextPick(inputIds, EOS);
    const afterLookup = (p: Params) =>
      weightedSum(clipTextFromEmbeddings(p, config, embeddings.ref, endOfText.ref), lossWeights);
    expectGradientsMatchFiniteDifferences(afterLookup, params, [
      { name: `${layers}.1.self_attn.out_proj.weight`, index: 33 },
      { name: 'text_projection.weight', index: 2 },
    ]);
    tree.dispose([embeddings, endOfText, lossWeights]);
  });

  it('is deterministic for a seed', () => {
    const again = initClipTextParams(config, 3, { std: 0.3 });
    for (const name of Object.keys(params)) expect(valuesOf(again[name]!)).toEqual(valuesOf(params[name]!));
    const other = initClipTextParams(config, 4, { std: 0.3 });
    expect(valuesOf(clipTextForward(other, config, inputIds))).not.toEqual(
      valuesOf(clipTextForward(params, config, inputIds)),
    );
  });
});
