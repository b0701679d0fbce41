/**
 * Writes the tiny random-weight SmolVLM fixture in the Hub layout (Idefics3ForConditionalGeneration):
 *
 *   npx tsx scripts/make-fixture-model.ts [outDir]     (default: public/models/tiny-random-smolvlm)
 *
 * Deterministic: weights come from a seeded PRNG, so two runs write byte-identical files.
 * The `_quantized` (q8) and `_q4` ONNX files are byte copies of the fp32 graphs: they exist so that
 * dtype-based file selection can be exercised, not to test quantization.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WeightRandom } from '../src/engine/onnx/onnx-builder';
import { buildDecoder, buildEmbedTokens, buildVisionEncoder, type FixtureDims } from './fixture-graphs';
import { fixtureLogitBias, fixtureVocab, tokenizerConfigJson, tokenizerJson } from './fixture-tokenizer';

export const fixtureModelId = 'tiny-random-smolvlm';
const seed = 20240501;
const dtypeSuffixes = ['', '_quantized', '_q4'];

const vocab = fixtureVocab();
const dims: FixtureDims = {
  vocabSize: vocab.size,
  hiddenSize: 32,
  numLayers: 2,
  numHeads: 2,
  headDim: 16,
  intermediateSize: 64,
  tileSize: 32,
  imageSeqLen: 4,
};
const patchSize = 8;
const scaleFactor = 2; // image_seq_len = (tile / patch)² / scale² = 16 / 4 = 4

function configJson(): object {
  return {
    architectures: ['Idefics3ForConditionalGeneration'],
    model_type: 'idefics3',
    image_token_id: vocab.id('<image>'),
    scale_factor: scaleFactor,
    tie_word_embeddings: false,
    torch_dtype: 'float32',
    use_cache: true,
    vocab_size: vocab.size,
    pad_token_id: vocab.id('<|im_end|>'),
    text_config: {
      model_type: 'llama',
      architectures: ['VLlama3ForCausalLM'],
      vocab_size: vocab.size,
      hidden_size: dims.hiddenSize,
      intermediate_size: dims.intermediateSize,
      num_hidden_layers: dims.numLayers,
      num_attention_heads: dims.numHeads,
      num_key_value_heads: dims.numHeads,
      head_dim: dims.headDim,
      hidden_act: 'silu',
      max_position_embeddings: 8192,
      rms_norm_eps: 1e-5,
      rope_theta: 100000,
      tie_word_embeddings: false,
      bos_token_id: vocab.id('<|im_start|>'),
      eos_token_id: vocab.id('<end_of_utterance>'),
      pad_token_id: vocab.id('<|im_end|>'),
    },
    vision_config: {
      model_type: 'idefics3_vision',
      hidden_size: dims.hiddenSize,
      intermediate_size: dims.intermediateSize,
      num_hidden_layers: 1,
      num_attention_heads: dims.numHeads,
      num_channels: 3,
      image_size: dims.tileSize,
      patch_size: patchSize,
      hidden_act: 'gelu_pytorch_tanh',
      layer_norm_eps: 1e-6,
    },
  };
}

function generationConfigJson(): object {
  return {
    bos_token_id: vocab.id('<|im_start|>'),
    eos_token_id: vocab.id('<end_of_utterance>'),
    pad_token_id: vocab.id('<|im_end|>'),
  };
}

function preprocessorConfigJson(): object {
  return {
    do_convert_rgb: true,
    do_image_splitting: true,
    do_normalize: true,
    do_pad: true,
    do_rescale: true,
    do_resize: true,
    image_mean: [0.5, 0.5, 0.5],
    image_processor_type: 'Idefics3ImageProcessor',
    image_std: [0.5, 0.5, 0.5],
    max_image_size: { longest_edge: dims.tileSize },
    processor_class: 'Idefics3Processor',
    resample: 1,
    rescale_factor: 1 / 255,
    size: { longest_edge: 2 * dims.tileSize },
  };
}

/** Every file of the fixture: relative path → bytes. */
export function fixtureFiles(): Map<string, Uint8Array> {
  const rng = new WeightRandom(seed);
  const graphs: [string, Uint8Array][] = [
    ['vision_encoder', buildVisionEncoder(dims, rng)],
    ['embed_tokens', buildEmbedTokens(dims, rng)],
    ['decoder_model_merged', buildDecoder(dims, rng, fixtureLogitBias(vocab), 3)],
  ];
  const json = (value: object) => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
  const files = new Map<string, Uint8Array>([
    ['config.json', json(configJson())],
    ['generation_config.json', json(generationConfigJson())],
    ['preprocessor_config.json', json(preprocessorConfigJson())],
    ['processor_config.json', json({ image_seq_len: dims.imageSeqLen, processor_class: 'Idefics3Processor' })],
    ['tokenizer.json', json(tokenizerJson(vocab))],
    ['tokenizer_config.json', json(tokenizerConfigJson(vocab))],
  ]);
  for (const [name, bytes] of graphs) {
    for (const suffix of dtypeSuffixes) files.set(`onnx/${name}${suffix}.onnx`, bytes);
  }
  return files;
}

export function writeFixtureModel(outDir: string): string[] {
  const written: string[] = [];
  for (const [path, bytes] of fixtureFiles()) {
    const target = join(outDir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, bytes);
    written.push(path);
  }
  return written;
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const outDir = resolve(process.argv[2] ?? join(repoRoot, 'public', 'models', fixtureModelId));
  const written = writeFixtureModel(outDir);
  console.log(`wrote ${written.length} files to ${outDir}`);
}
