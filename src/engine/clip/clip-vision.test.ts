import { numpy as np } from '@jax-js/jax';
import { beforeAll, describe, expect, it } from 'vitest';
import { weightInitializer, type Params } from '../init-weights';
import { startEngine } from '../jax-runtime';
import {
  expectAllClose,
  expectGradientsMatchFiniteDifferences,
  imagesOf,
  valuesOf,
  weightedSum,
} from '../vision/engine-checks.testing';
import { clipVision64, toFloat64 } from '../vision/float64-reference.testing';
import type { ClipVisionConfig } from './clip-config';
import { clipVisionForward, initClipVisionParams } from './clip-vision';

// 8×8 images, 4×4 patches: [CLS] plus 4 patch tokens.
const config: ClipVisionConfig = {
  hidden_size: 8,
  intermediate_size: 16,
  projection_dim: 5,
  num_hidden_layers: 2,
  num_attention_heads: 2,
  image_size: 8,
  patch_size: 4,
  layer_norm_eps: 1e-5,
};

let params: Params;
let pixelValues: np.Array;

beforeAll(async () => {
  await startEngine();
  params = initClipVisionParams(config, 5, { std: 0.3 });
  pixelValues = weightInitializer(98).normal([2, 3, 8, 8], 1);
});

describe('CLIP vision tower with projection', () => {
  it('matches a float64 reference of the HF modules', () => {
    const embeds = clipVisionForward(params, config, pixelValues.ref);
    expect(embeds.shape).toEqual([2, 5]);
    const weights = toFloat64(params);
    const expected = imagesOf(pixelValues).flatMap((image) =>
      clipVision64(weights, { layers: 2, heads: 2, eps: 1e-5, patch: 4 }, image),
    );
    expectAllClose(valuesOf(embeds), expected, 1e-4);
    embeds.dispose();
  });

  it('has gradients that match finite differences', () => {
    const lossWeights = weightInitializer(6).normal([2, 5], 1);
    expectGradientsMatchFiniteDifferences(
      (p) => weightedSum(clipVisionForward(p, config, pixelValues.ref), lossWeights),
      params,
      [
        { name: 'vision_model.embeddings.patch_embedding.weight', index: 100 },
        { name: 'vision_model.embeddings.class_embedding', index: 3 },
        { name: 'vision_model.embeddings.position_embedding.weight', index: 2 * 8 + 1 },
        { name: 'vision_model.pre_layrnorm.weight', index: 5 },
        { name: 'vision_model.encoder.layers.0.self_attn.k_proj.weight', index: 20 },
        { name: 'vision_model.post_layernorm.weight', index: 7 },
        { name: 'visual_projection.weight', index: 11 },
      ],
    );
    lossWeights.dispose();
  });

  it('uses HF CLIPVisionModelWithProjection names and shapes', () => {
    expect(params['vision_model.embeddings.patch_embedding.weight']!.shape).toEqual([8, 3, 4, 4]);
    expect(params['vision_model.embeddings.patch_embedding.bias']).toBeUndefined();
    expect(params['vision_model.embeddings.position_embedding.weight']!.shape).toEqual([5, 8]);
    expect(params['vision_model.pre_layrnorm.bias']!.shape).toEqual([8]);
    expect(params['visual_projection.weight']!.shape).toEqual([5, 8]);
  });

  it('is deterministic for a seed', () => {
    const again = initClipVisionParams(config, 5, { std: 0.3 });
    const first = valuesOf(clipVisionForward(params, config, pixelValues.ref));
    expect(valuesOf(clipVisionForward(again, config, pixelValues.ref))).toEqual(first);
    const other = initClipVisionParams(config, 6, { std: 0.3 });
    expect(valuesOf(clipVisionForward(other, config, pixelValues.ref))).not.toEqual(first);
  });
});
