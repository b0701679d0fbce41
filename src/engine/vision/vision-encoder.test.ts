import { numpy as np } from '@jax-js/jax';
import { beforeAll, describe, expect, it } from 'vitest';
import { weightInitializer, type Params } from '../init-weights';
import { startEngine } from '../jax-runtime';
import { imageFeatures } from './connector';
import {
  expectAllClose,
  expectGradientsMatchFiniteDifferences,
  imagesOf,
  valuesOf,
  weightedSum,
} from './engine-checks.testing';
import { linear64, pixelShuffle64, siglipVision64, toFloat64 } from './float64-reference.testing';
import { initVisionParams, visionEncoderForward, type Idefics3VisionSideConfig } from './vision-encoder';

// 8×8 images, 2×2 patches: a 4×4 grid of 16 patches, shuffled into 4 image tokens of width 32.
const config: Idefics3VisionSideConfig = {
  vision_config: {
    hidden_size: 8,
    intermediate_size: 16,
    num_hidden_layers: 2,
    num_attention_heads: 2,
    image_size: 8,
    patch_size: 2,
    layer_norm_eps: 1e-6,
  },
  text_config: { hidden_size: 6 },
  scale_factor: 2,
};
const reference = { layers: 2, heads: 2, eps: 1e-6, patch: 2 };

let params: Params;
let pixelValues: np.Array;

beforeAll(async () => {
  await startEngine();
  params = initVisionParams(config, 1, { std: 0.3 });
  pixelValues = weightInitializer(99).normal([2, 3, 8, 8], 1);
});

describe('SigLIP vision encoder and Idefics3 connector', () => {
  it('matches a float64 reference of the HF modules', () => {
    const hidden = visionEncoderForward(params, config, pixelValues.ref);
    expect(hidden.shape).toEqual([2, 16, 8]);
    const weights = toFloat64(params);
    const images = imagesOf(pixelValues);
    expectAllClose(
      valuesOf(hidden),
      images.flatMap((image) => siglipVision64(weights, reference, image).flat()),
      1e-4,
    );
    hidden.dispose();

    const features = imageFeatures(params, config, pixelValues.ref);
    expect(features.shape).toEqual([2 * 4, 6]);
    const expected = images.flatMap((image) => {
      const tokens = pixelShuffle64(siglipVision64(weights, reference, image), 2);
      return linear64(weights, 'model.connector.modality_projection.proj', tokens, false).flat();
    });
    expectAllClose(valuesOf(features), expected, 1e-4);
    features.dispose();
  });

  it('has gradients that match finite differences', () => {
    const lossWeights = weightInitializer(5).normal([8, 6], 1);
    const loss = (p: Params) => weightedSum(imageFeatures(p, config, pixelValues.ref), lossWeights);
    const layer0 = 'model.vision_model.encoder.layers.0';
    expectGradientsMatchFiniteDifferences(loss, params, [
      { name: 'model.vision_model.embeddings.patch_embedding.weight', index: 5 },
      { name: 'model.vision_model.embeddings.patch_embedding.bias', index: 3 },
      { name: 'model.vision_model.embeddings.position_embedding.weight', index: 17 },
      { name: `${layer0}.self_attn.q_proj.weight`, index: 9 },
      { name: `${layer0}.self_attn.v_proj.weight`, index: 30 },
      { name: `${layer0}.layer_norm1.weight`, index: 2 },
      { name: 'model.vision_model.encoder.layers.1.mlp.fc1.weight', index: 40 },
      { name: 'model.vision_model.post_layernorm.bias', index: 6 },
      { name: 'model.connector.modality_projection.proj.weight', index: 70 },
    ]);
    lossWeights.dispose();
  });

  it('is deterministic for a seed', () => {
    const again = initVisionParams(config, 1, { std: 0.3 });
    const other = initVisionParams(config, 2, { std: 0.3 });
    for (const name of Object.keys(params)) expect(valuesOf(again[name]!)).toEqual(valuesOf(params[name]!));
    const first = valuesOf(imageFeatures(params, config, pixelValues.ref));
    expect(valuesOf(imageFeatures(again, config, pixelValues.ref))).toEqual(first);
    expect(valuesOf(imageFeatures(other, config, pixelValues.ref))).not.toEqual(first);
  });

  it('names every tensor as SmolVLM does', () => {
    expect(Object.keys(params)).toContain('model.vision_model.embeddings.patch_embedding.weight');
    expect(params['model.vision_model.embeddings.patch_embedding.weight']!.shape).toEqual([8, 3, 2, 2]);
    expect(params['model.vision_model.embeddings.position_embedding.weight']!.shape).toEqual([16, 8]);
    expect(params['model.vision_model.encoder.layers.1.mlp.fc2.bias']!.shape).toEqual([8]);
    expect(params['model.connector.modality_projection.proj.weight']!.shape).toEqual([6, 32]);
    expect(Object.keys(params)).toHaveLength(3 + 2 * 16 + 2 + 1);
  });

  it('says which image size it takes', () => {
    expect(() => visionEncoderForward(params, config, np.zeros([1, 3, 6, 6]))).toThrow('takes 8×8 images, not 6×6');
  });
});
