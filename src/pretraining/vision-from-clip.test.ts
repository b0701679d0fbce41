import { beforeAll, expect, it } from 'vitest';
import { tree } from '@jax-js/jax';
import { startEngine } from '../engine/jax-runtime';
import { valuesOf } from '../engine/vision/engine-checks.testing';
import { initVlmParams } from '../engine/vlm';
import { initClipModelParams } from './clip-towers';
import { clipConfigFor, vlmConfigFor } from './recipe';
import { CLIP_SPECIAL_TOKENS, shapesTokenizer, trainShapesMerges } from './tokenizer';
import { loadVisionFromClip } from './vision-from-clip';

beforeAll(() => startEngine());

const vision = { hidden: 8, layers: 1, heads: 2, mlp: 16, patch: 16 };
const merges = trainShapesMerges({ maxMerges: 40, corpusScenes: 40 });

it("starts the VLM vision tower from CLIP's: every block weight, and the patch positions without [CLS]", () => {
  const vlmConfig = vlmConfigFor(shapesTokenizer(merges).vocab, {
    vision,
    text: { hidden: 16, layers: 1, heads: 2, kvHeads: 1, mlp: 24 },
    imageSize: 64,
    scaleFactor: 2,
  });
  const clipConfig = clipConfigFor(shapesTokenizer(merges, CLIP_SPECIAL_TOKENS).vocab, {
    vision,
    text: { hidden: 8, layers: 1, heads: 2, mlp: 16, positions: 24 },
    projection: 8,
    imageSize: 64,
  });
  const vlm = initVlmParams(vlmConfig, 1);
  const clip = initClipModelParams(clipConfig, 2);
  const bias = valuesOf(vlm['model.vision_model.embeddings.patch_embedding.bias']!);
  const replaced = loadVisionFromClip(vlm, clip);

  expect(replaced).toContain('model.vision_model.encoder.layers.0.self_attn.q_proj.weight');
  expect(replaced).toContain('model.vision_model.post_layernorm.weight');
  expect(replaced).not.toContain('model.vision_model.embeddings.patch_embedding.bias');
  expect(replaced.some((name) => !name.startsWith('model.vision_model.'))).toBe(false);
  const q = 'encoder.layers.0.self_attn.q_proj.weight';
  expect(valuesOf(vlm[`model.vision_model.${q}`]!)).toEqual(valuesOf(clip[`vision_model.${q}`]!));
  const positions = valuesOf(clip['vision_model.embeddings.position_embedding.weight']!);
  expect(valuesOf(vlm['model.vision_model.embeddings.position_embedding.weight']!)).toEqual(
    positions.slice(vision.hidden),
  );
  expect(valuesOf(vlm['model.vision_model.embeddings.patch_embedding.bias']!)).toEqual(bias);
  tree.dispose([vlm, clip]);
});
