import { numpy as np } from '@jax-js/jax';
import { beforeAll, describe, expect, it } from 'vitest';
import { weightInitializer } from '../init-weights';
import { startEngine } from '../jax-runtime';
import { pixelShuffle } from './connector';
import { expectAllClose, valuesOf } from './engine-checks.testing';
import { pixelShuffle64 } from './float64-reference.testing';
import { imageSeqLen } from './vision-encoder';

beforeAll(async () => {
  await startEngine();
});

describe('pixelShuffle (HF Idefics3Connector.pixel_shuffle)', () => {
  it('groups each 2×2 neighbourhood of a 4×4 patch grid into one token, row offset outer', () => {
    // 16 patches on a 4×4 grid, 2 features each: patch p = 4·row + col holds [2p, 2p + 1].
    const features = np.arange(32).astype(np.float32).reshape([1, 16, 2]);
    const shuffled = pixelShuffle(features, 2);
    expect(shuffled.shape).toEqual([1, 4, 8]);
    // Token (r, c) = patches (2r, 2c), (2r, 2c+1), (2r+1, 2c), (2r+1, 2c+1), features contiguous.
    expect(shuffled.js()).toEqual([
      [
        [0, 1, 2, 3, 8, 9, 10, 11], //      patches 0, 1, 4, 5
        [4, 5, 6, 7, 12, 13, 14, 15], //    patches 2, 3, 6, 7
        [16, 17, 18, 19, 24, 25, 26, 27], // patches 8, 9, 12, 13
        [20, 21, 22, 23, 28, 29, 30, 31], // patches 10, 11, 14, 15
      ],
    ]);
  });

  it("matches HF's literal view/permute chain for other grids, scale factors and batches", () => {
    for (const [n, seq, dim, scale] of [
      [1, 36, 3, 2],
      [1, 36, 3, 3],
      [2, 16, 5, 2],
    ] as const) {
      const features = weightInitializer(seq + dim + scale).normal([n, seq, dim], 1);
      const data = valuesOf(features);
      const shuffled = pixelShuffle(features, scale);
      const expected = Array.from({ length: n }, (_, i) => {
        const image = Array.from({ length: seq }, (_, p) => data.slice((i * seq + p) * dim, (i * seq + p + 1) * dim));
        return pixelShuffle64(image, scale).flat();
      }).flat();
      expect(shuffled.shape).toEqual([n, seq / scale ** 2, dim * scale ** 2]);
      expectAllClose(valuesOf(shuffled), expected, 1e-7);
      shuffled.dispose();
    }
  });

  it('refuses a patch grid that is not square', () => {
    expect(() => pixelShuffle(np.zeros([1, 8, 2]), 2)).toThrow('square patch grid');
  });

  it('gives SmolVLM-256M its 64 image tokens', () => {
    const vision = {
      hidden_size: 768,
      intermediate_size: 3072,
      num_hidden_layers: 12,
      num_attention_heads: 12,
      image_size: 512,
      patch_size: 16,
      layer_norm_eps: 1e-6,
    };
    expect(imageSeqLen({ vision_config: vision, text_config: { hidden_size: 576 }, scale_factor: 4 })).toBe(64);
  });
});
