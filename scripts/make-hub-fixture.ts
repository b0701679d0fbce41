/**
 * Writes `tiny-hub-smolvlm`: a tiny random model laid out like a SmolVLM repo on the Hub, so the
 * Hub path (the text decoder read from model.safetensors into the engine, LoRA applied there) runs
 * offline. Like the Hub repos: model.safetensors in bfloat16 under Idefics3ForConditionalGeneration's
 * tensor names (vision tower, connector, text model, lm_head), grouped-query attention, image
 * splitting, and ONNX graphs without LoRA slots (exported from the same bf16-rounded weights).
 *
 *   npx tsx scripts/make-hub-fixture.ts [outDir]     (default: public/models/tiny-hub-smolvlm)
 *
 * Deterministic: two runs write byte-identical files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tree } from '@jax-js/jax';
import type { Params } from '../src/engine/init-weights';
import { startEngine } from '../src/engine/jax-runtime';
import { exportIdefics3Onnx } from '../src/engine/onnx';
import { encodeSafetensors, type SafeTensor } from '../src/engine/safetensors';
import { paramsFromSafetensors } from '../src/engine/safetensors-params';
import { initVlmParams, VLM_TEXT_NAMES, type VlmConfig } from '../src/engine/vlm';
import { fixtureVocab, tokenizerConfigJson, tokenizerJson } from './fixture-tokenizer';

export const hubFixtureId = 'tiny-hub-smolvlm';
const seed = 20261122;
const vocab = fixtureVocab();
const tileSize = 32;

const config: VlmConfig = {
  architectures: ['Idefics3ForConditionalGeneration'],
  model_type: 'idefics3',
  image_token_id: vocab.id('<image>'),
  scale_factor: 2,
  vocab_size: vocab.size,
  pad_token_id: vocab.id('<|im_end|>'),
  tie_word_embeddings: false,
  torch_dtype: 'bfloat16',
  use_cache: true,
  text_config: {
    model_type: 'llama',
    architectures: ['VLlama3ForCausalLM'],
    vocab_size: vocab.size,
    hidden_size: 32,
    intermediate_size: 64,
    num_hidden_layers: 2,
    num_attention_heads: 4,
    num_key_value_heads: 2,
    head_dim: 8,
    hidden_act: 'silu',
    max_position_embeddings: 8192,
    rms_norm_eps: 1e-5,
    rope_theta: 100000,
    tie_word_embeddings: false,
    initializer_range: 0.2,
    bos_token_id: vocab.id('<|im_start|>'),
    eos_token_id: vocab.id('<end_of_utterance>'),
    pad_token_id: vocab.id('<|im_end|>'),
  },
  vision_config: {
    model_type: 'idefics3_vision',
    hidden_size: 16,
    intermediate_size: 32,
    num_hidden_layers: 1,
    num_attention_heads: 2,
    num_channels: 3,
    image_size: tileSize,
    patch_size: 8,
    hidden_act: 'gelu_pytorch_tanh',
    layer_norm_eps: 1e-6,
  },
};

const jsonFiles: Record<string, object> = {
  'config.json': config,
  'generation_config.json': {
    bos_token_id: config.text_config.bos_token_id,
    eos_token_id: config.text_config.eos_token_id,
    pad_token_id: config.text_config.pad_token_id,
  },
  // SmolVLM's processor: images are split into tiles of max_image_size plus a global view.
  'preprocessor_config.json': {
    image_processor_type: 'Idefics3ImageProcessor',
    processor_class: 'Idefics3Processor',
    do_convert_rgb: true,
    do_rescale: true,
    rescale_factor: 1 / 255,
    do_normalize: true,
    image_mean: [0.5, 0.5, 0.5],
    image_std: [0.5, 0.5, 0.5],
    do_resize: true,
    size: { longest_edge: 2 * tileSize },
    max_image_size: { longest_edge: tileSize },
    do_image_splitting: true,
    do_pad: true,
    resample: 1,
  },
  'processor_config.json': { image_seq_len: 4, processor_class: 'Idefics3Processor' },
  'tokenizer.json': tokenizerJson(vocab),
  'tokenizer_config.json': tokenizerConfigJson(vocab),
};

/** float32 → bfloat16 bits, rounding to nearest even (as torch's .to(torch.bfloat16)). */
function toBfloat16(values: Float32Array): Uint16Array {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  const out = new Uint16Array(values.length);
  for (let i = 0; i < bits.length; i++) {
    const x = bits[i]!;
    out[i] = (x + 0x7fff + ((x >>> 16) & 1)) >>> 16;
  }
  return out;
}

/** Every file of the fixture: relative path → bytes. */
export async function hubFixtureFiles(): Promise<Map<string, Uint8Array>> {
  await startEngine('wasm');
  const initial = initVlmParams(config, seed);
  const tensors: Record<string, SafeTensor> = {};
  for (const [name, array] of Object.entries(initial)) {
    tensors[name] = { dtype: 'BF16', shape: [...array.shape], data: toBfloat16((await array.data()) as Float32Array) };
  }
  const weights = encodeSafetensors(tensors, { format: 'pt' });
  // The ONNX graphs carry exactly the bf16 values the engine will read back.
  const params: Params = paramsFromSafetensors(weights);
  const files = new Map<string, Uint8Array>([['model.safetensors', weights]]);
  for (const [path, bytes] of exportIdefics3Onnx(params, config, VLM_TEXT_NAMES)) files.set(path, bytes);
  tree.dispose(params);
  for (const [name, value] of Object.entries(jsonFiles))
    files.set(name, new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`));
  return files;
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const outDir = resolve(process.argv[2] ?? join(repoRoot, 'public', 'models', hubFixtureId));
  for (const [path, bytes] of await hubFixtureFiles()) {
    mkdirSync(dirname(join(outDir, path)), { recursive: true });
    writeFileSync(join(outDir, path), bytes);
  }
  console.log(`wrote ${hubFixtureId} to ${outDir}`);
}
