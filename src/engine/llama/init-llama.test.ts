import { beforeAll, expect, test } from 'vitest';
import { tree } from '@jax-js/jax';
import { startEngine } from '../jax-runtime';
import { llamaNames, type LlamaConfig } from './config';
import { initLlamaParams } from './init-llama';
import { tinyLlama } from './tiny-llama.testing';

beforeAll(async () => {
  await startEngine();
});

const config: LlamaConfig = tinyLlama;

const shapes = (params: Record<string, { shape: number[] }>) =>
  Object.fromEntries(Object.entries(params).map(([name, array]) => [name, array.shape]));

test('names and shapes follow a Hugging Face Llama checkpoint, with tied embeddings', () => {
  const params = initLlamaParams(config, 1);
  const layer0 = {
    'model.layers.0.self_attn.q_proj.weight': [8, 8],
    'model.layers.0.self_attn.k_proj.weight': [4, 8],
    'model.layers.0.self_attn.v_proj.weight': [4, 8],
    'model.layers.0.self_attn.o_proj.weight': [8, 8],
    'model.layers.0.mlp.gate_proj.weight': [12, 8],
    'model.layers.0.mlp.up_proj.weight': [12, 8],
    'model.layers.0.mlp.down_proj.weight': [8, 12],
    'model.layers.0.input_layernorm.weight': [8],
    'model.layers.0.post_attention_layernorm.weight': [8],
  };
  const layer1 = Object.fromEntries(Object.entries(layer0).map(([n, s]) => [n.replace('.0.', '.1.'), s]));
  expect(shapes(params)).toEqual({
    'model.embed_tokens.weight': [11, 8],
    ...layer0,
    ...layer1,
    'model.norm.weight': [8],
  });
  tree.dispose(params);
});

test('SmolVLM layout: text model under model.text_model., untied lm_head.weight, head_dim override', () => {
  const params = initLlamaParams(
    { ...config, tie_word_embeddings: false, head_dim: 6 },
    1,
    llamaNames('model.text_model.'),
  );
  const got = shapes(params);
  expect(got['model.text_model.embed_tokens.weight']).toEqual([11, 8]);
  expect(got['model.text_model.layers.1.self_attn.q_proj.weight']).toEqual([12, 8]);
  expect(got['model.text_model.layers.1.self_attn.o_proj.weight']).toEqual([8, 12]);
  expect(got['model.text_model.norm.weight']).toEqual([8]);
  expect(got['lm_head.weight']).toEqual([11, 8]);
  expect(Object.keys(got)).toHaveLength(1 + 2 * 9 + 1 + 1);
  tree.dispose(params);
});

test('the same seed gives the same weights, another seed different ones', () => {
  const read = (seed: number) => {
    const params = initLlamaParams(config, seed);
    const values: unknown = params['model.layers.1.mlp.up_proj.weight'].ref.js();
    tree.dispose(params);
    return values;
  };
  expect(read(5)).toEqual(read(5));
  expect(read(5)).not.toEqual(read(6));
});
