import { beforeAll, describe, expect, it } from 'vitest';
import { numpy as np } from '@jax-js/jax';
import { startEngine } from '../jax-runtime';
import { weightInitializer, type Params } from '../init-weights';
import { expectGradientsMatchFiniteDifferences, valuesOf, weightedSum } from '../vision/engine-checks.testing';
import {
  initVlmParams,
  spliceImageFeatures,
  vlmConfigFromJson,
  vlmImageSeqLen,
  vlmLogits,
  vlmTokenEmbeds,
  type VlmConfig,
} from './index';

const IMAGE = 7;
// 16×16 images, patch 4 → 16 patches → pixel shuffle ×2 → 4 image tokens per image.
const tiny: VlmConfig = {
  model_type: 'idefics3',
  image_token_id: IMAGE,
  scale_factor: 2,
  vocab_size: 20,
  tie_word_embeddings: false,
  vision_config: {
    hidden_size: 8,
    intermediate_size: 16,
    num_hidden_layers: 1,
    num_attention_heads: 2,
    image_size: 16,
    patch_size: 4,
    layer_norm_eps: 1e-6,
  },
  text_config: {
    vocab_size: 20,
    hidden_size: 8,
    intermediate_size: 12,
    num_hidden_layers: 2,
    num_attention_heads: 2,
    num_key_value_heads: 1,
    rms_norm_eps: 1e-5,
    rope_theta: 10000,
    tie_word_embeddings: false,
    max_position_embeddings: 64,
    initializer_range: 0.3,
  },
};
const I = IMAGE;
// Row 0: image tokens at 2–5; row 1: at 1–4. Images in order: row 0's, then row 1's.
const inputIds = [
  [1, 3, I, I, I, I, 4, 5, 6],
  [2, I, I, I, I, 8, 9, 10, 11],
];

let params: Params;
let pixels: np.Array;

beforeAll(async () => {
  await startEngine();
  params = initVlmParams(tiny, 3);
  pixels = weightInitializer(5).normal([2, 3, 16, 16], 1);
});

describe('the composed VLM', () => {
  it('names its tensors as Idefics3ForConditionalGeneration', () => {
    expect(vlmImageSeqLen(tiny)).toBe(4);
    expect(params['model.connector.modality_projection.proj.weight']!.shape).toEqual([8, 32]);
    expect(params['model.vision_model.embeddings.patch_embedding.weight']!.shape).toEqual([8, 3, 4, 4]);
    expect(params['model.text_model.embed_tokens.weight']!.shape).toEqual([20, 8]);
    expect(params['model.text_model.layers.1.self_attn.k_proj.weight']!.shape).toEqual([4, 8]);
    expect(params['lm_head.weight']!.shape).toEqual([20, 8]);
    expect(
      Object.keys(initVlmParams({ ...tiny, text_config: { ...tiny.text_config, tie_word_embeddings: true } }, 3)),
    ).not.toContain('lm_head.weight');
  });

  it('puts feature rows exactly at the image tokens, in order, and keeps every other embedding', () => {
    const embeds = vlmTokenEmbeds(params, inputIds);
    const features = np.array(
      Float32Array.from({ length: 8 * 8 }, (_, k) => 100 + k),
      { shape: [8, 8] },
    );
    const spliced = valuesOf(spliceImageFeatures(embeds.ref, features, inputIds, IMAGE));
    const original = valuesOf(embeds);
    let next = 0;
    inputIds.forEach((ids, b) =>
      ids.forEach((id, t) => {
        const row = spliced.slice((b * 9 + t) * 8, (b * 9 + t + 1) * 8);
        if (id === IMAGE) {
          expect(row).toEqual(Array.from({ length: 8 }, (_, d) => 100 + next * 8 + d));
          next++;
        } else expect(row).toEqual(original.slice((b * 9 + t) * 8, (b * 9 + t + 1) * 8));
      }),
    );
    expect(next).toBe(8);
  });

  it('says when image tokens and image features do not match', () => {
    const features = np.zeros([4, 8]);
    expect(() => spliceImageFeatures(vlmTokenEmbeds(params, inputIds), features, inputIds, IMAGE)).toThrow(
      'The batch has 8 image tokens but 4 image feature rows',
    );
  });

  it('lets an image change only the logits at and after its tokens', () => {
    const logits = valuesOf(vlmLogits(params, tiny, { inputIds, pixelValues: pixels.ref }));
    const other = weightInitializer(6).normal([2, 3, 16, 16], 1);
    const changed = valuesOf(vlmLogits(params, tiny, { inputIds, pixelValues: other }));
    const at = (values: number[], b: number, t: number) => values.slice((b * 9 + t) * 20, (b * 9 + t + 1) * 20);
    expect(at(changed, 0, 1)).toEqual(at(logits, 0, 1));
    expect(at(changed, 1, 0)).toEqual(at(logits, 1, 0));
    expect(Math.max(...at(changed, 0, 7).map((v, k) => Math.abs(v - at(logits, 0, 7)[k]!)))).toBeGreaterThan(1e-4);
  });

  it('has gradients w.r.t. the connector, the vision encoder and the decoder that match finite differences', () => {
    const weights = weightInitializer(9).normal([2, 9, 20], 1);
    const loss = (p: Params) => weightedSum(vlmLogits(p, tiny, { inputIds, pixelValues: pixels.ref }), weights);
    expectGradientsMatchFiniteDifferences(loss, params, [
      { name: 'model.connector.modality_projection.proj.weight', index: 37 },
      { name: 'model.connector.modality_projection.proj.weight', index: 200 },
      { name: 'model.vision_model.embeddings.patch_embedding.weight', index: 50 },
      { name: 'model.vision_model.encoder.layers.0.mlp.fc1.weight', index: 21 },
      { name: 'model.text_model.embed_tokens.weight', index: 4 * 8 + 2 },
      { name: 'model.text_model.layers.0.self_attn.q_proj.weight', index: 11 },
    ]);
    weights.dispose();
  });
});

describe('vlmConfigFromJson', () => {
  // The shape of SmolVLM-256M-Instruct's config.json: text_config without tie_word_embeddings, no top-level vocab_size.
  const hub = {
    architectures: ['Idefics3ForConditionalGeneration'],
    model_type: 'idefics3',
    image_token_id: 49190,
    scale_factor: 4,
    tie_word_embeddings: false,
    text_config: {
      hidden_size: 576,
      intermediate_size: 1536,
      num_hidden_layers: 30,
      num_attention_heads: 9,
      num_key_value_heads: 3,
      vocab_size: 49280,
      rms_norm_eps: 1e-5,
      rope_theta: 100000,
    },
    vision_config: {
      hidden_size: 768,
      intermediate_size: 3072,
      num_hidden_layers: 12,
      num_attention_heads: 12,
      image_size: 512,
      patch_size: 16,
    },
  };

  it('fills what transformers defaults: vocab_size, tied embeddings, positions', () => {
    const config = vlmConfigFromJson(JSON.stringify(hub));
    expect(config.vocab_size).toBe(49280);
    expect(config.text_config).toMatchObject({
      tie_word_embeddings: false,
      num_key_value_heads: 3,
      max_position_embeddings: 8192,
      rope_theta: 100000,
    });
    const { num_key_value_heads: _, ...noKv } = hub.text_config;
    expect(vlmConfigFromJson(JSON.stringify({ ...hub, text_config: noKv })).text_config.num_key_value_heads).toBe(9);
  });

  it('refuses other architectures in one sentence', () => {
    expect(() => vlmConfigFromJson(JSON.stringify({ ...hub, model_type: 'llava' }))).toThrow(
      'LoRA-DPO runs on Idefics3 / SmolVLM models; this one is "llava".',
    );
    expect(() => vlmConfigFromJson(JSON.stringify({ ...hub, text_config: undefined }))).toThrow(
      'The config.json has no text_config or vision_config.',
    );
  });
});
