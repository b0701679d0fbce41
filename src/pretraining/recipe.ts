/**
 * The pretraining recipe of the embedded models, in one place: model sizes, tokenizer, data mix and
 * optimiser settings. Sizes are chosen for a 2-core CPU (wasm) machine; tests pass smaller ones.
 *
 *   shapes-vlm (Idefics3 layout)  vision: ViT D=64, 2 layers, 4 heads, MLP 256, patch 16 on 96×96
 *                                 → 36 patches → pixel shuffle ×2 → 9 image tokens of width 256
 *                                 → connector → text D=128
 *                                 text: Llama D=128, 4 layers, 4 heads (head 32), 2 KV heads,
 *                                 MLP 384, untied lm_head; vocab = 256 bytes + merges + 43 specials
 *   shapes-clip (CLIP layout)     vision: ViT D=64, 2 layers, 4 heads, patch 16 (+[CLS]) on 96×96
 *                                 text: D=64, 2 layers, 4 heads, 48 positions; projection 64
 *
 * shapes-vlm trains on PyTorch (pretrain/train.py, fed these batches; the CLI's default) or on the
 * engine (train-step.ts, jitted); shapes-clip on the engine. `npm run bench` prints engine step speed.
 *
 * Why 4 decoder layers and 7000 steps (112k examples, ~38 min of 1-thread torch here): with 2 layers
 * and 48k examples descriptions stayed ungrounded (attribute errors 0.38); 4 layers reach 0.02 at 80k.
 *
 * Why these VLM settings: with the decoder trained from scratch, grounding (answers that depend on
 * the image) is what takes long; the language prior is learnt in a few hundred steps. At equal
 * wall-clock, a 2-layer decoder at batch 16 and lr 1e-3 started to ground (colour words' loss below
 * chance) where the earlier 4-layer decoder at batch 8 and lr 2e-3 stayed at chance.
 *
 * Why 96 px and patch 16: the world's 3×3 cells are then 2×2 patches each, so after the pixel
 * shuffle every image token is exactly one cell; a linear probe reads each cell's colour, shape,
 * size and place from its token. With 64 px and patch 8 the 4×4 tokens cut across the cells (the
 * centre cell fell on four tokens) and the decoder never learnt shapes or places.
 */
import type { ClipTextConfig, ClipVisionConfig } from '../engine/clip';
import { LORA_TARGETS } from '../engine/onnx/lora-graph';
import type { ByteLevelVocab } from '../engine/tokenizer/tokenizer-files';
import type { VlmConfig } from '../engine/vlm';
import type { TaskMix } from './instruction-mix';
import { IMAGE_SIZE, type LookStyle } from '../world';

export type Stage = 'clip' | 'vlm';

export interface VlmSizes {
  vision: { hidden: number; layers: number; heads: number; mlp: number; patch: number };
  text: { hidden: number; layers: number; heads: number; kvHeads: number; mlp: number };
  imageSize: number;
  scaleFactor: number;
}

export const DEFAULT_VLM_SIZES: VlmSizes = {
  vision: { hidden: 64, layers: 2, heads: 4, mlp: 256, patch: 16 },
  text: { hidden: 128, layers: 4, heads: 4, kvHeads: 2, mlp: 384 },
  imageSize: IMAGE_SIZE,
  scaleFactor: 2,
};

export interface ClipSizes {
  vision: { hidden: number; layers: number; heads: number; mlp: number; patch: number };
  text: { hidden: number; layers: number; heads: number; mlp: number; positions: number };
  projection: number;
  imageSize: number;
}

export const DEFAULT_CLIP_SIZES: ClipSizes = {
  vision: { hidden: 64, layers: 2, heads: 4, mlp: 256, patch: 16 },
  text: { hidden: 64, layers: 2, heads: 4, mlp: 256, positions: 48 },
  projection: 64,
  imageSize: IMAGE_SIZE,
};

/** Optimiser and data settings of one stage. */
export interface TrainSettings {
  batchSize: number;
  peakLr: number;
  minLr: number;
  /** Fraction of the run spent warming the learning rate up. */
  warmupFraction: number;
  weightDecay: number;
  maxGradNorm: number;
}

/** One stage of the shapes-vlm recipe: its folder's name, steps, and what it changes of the defaults. */
export interface RecipeStage {
  name: string;
  steps: number;
  mix?: TaskMix;
  peakLr?: number;
  /** How this stage's yes/no answers look first, where it is not RECIPE.vlm.lookStyle. */
  lookStyle?: LookStyle;
}

export const RECIPE = {
  tokenizer: { maxMerges: 350, corpusScenes: 1500, corpusSeed: 7 },
  /** Scenes the examples are drawn from: (split, seed); example i uses scene i of the stream. */
  data: { split: 'train' as const, seed: 1 },
  vlm: {
    steps: 7000,
    /**
     * The first steps keep the vision tower (from shapes-clip) frozen, then everything trains.
     * LLaVA's first stage trains only the projector because its LLM is pretrained; ours starts
     * from scratch, so the warm-up freezes just the vision tower, sparing its features the large
     * gradients of a fresh decoder.
     */
    frozenVisionFraction: 0.1,
    train: {
      batchSize: 16,
      peakLr: 1e-3,
      minLr: 1e-4,
      warmupFraction: 0.05,
      weightDecay: 0.01,
      maxGradNorm: 1,
    } as TrainSettings,
    /**
     * Zero LoRA slots exported into the decoder, so an adapter applies at run time by patching
     * them (see export-decoder.ts); an adapter of lower rank is zero-padded into them.
     */
    loraSlots: { rank: 16, targets: LORA_TARGETS },
    /**
     * Share of each task in the instruction mix (normalised). Questions get the most: descriptions
     * are learnt first, answers that must find an object by its colour and shape lag behind.
     */
    mix: { describe: 0.3, question: 0.5, critic: 0.2 } as TaskMix,
    /**
     * Questions per question example (a conversation about one image). Three triple the grounded
     * answers per batch over one; longer conversations cost more time than they add answers.
     */
    questionTurns: 3,
    /**
     * How look-first answers are phrased (world/text/look-first.ts) where a stage does not say:
     * 'cells'. 'lines' from scratch (runs 5 and 5b: counts list first, relations by row or column)
     * counted a little better but kept relation at chance and saw colours worse (README, run 5); the
     * last stage's 'shapes' looks at existence by the asked shape's objects (run 6).
     */
    lookStyle: 'cells' as LookStyle,
    /**
     * `npm run pretrain -- recipe`: the stages in order, each continuing from the one before (the
     * first from shapes-clip's vision tower). The warm-up's existence questions on small scenes
     * teach the decoder to look before the prior does (run 3, README); the third stage settles the
     * weights at half the learning rate; the last one teaches the 'shapes' looks, with which POPE
     * F1 rose from 0.81 to 0.92 (the yes/no matches one colour word instead of a list; run 6).
     */
    stages: [
      { name: 'warmup', steps: 900, mix: { existence: 1 } },
      { name: 'full', steps: 7000 },
      { name: 'final', steps: 2500, peakLr: 5e-4 },
      { name: 'look', steps: 3000, peakLr: 5e-4, lookStyle: 'shapes' },
    ] as RecipeStage[],
  },
  clip: {
    steps: 1600,
    train: {
      batchSize: 32,
      peakLr: 1e-3,
      minLr: 5e-5,
      warmupFraction: 0.1,
      weightDecay: 0.01,
      maxGradNorm: 1,
    } as TrainSettings,
    /** Standard deviation of the initial weights (see initClipModelParams). */
    initStd: 0.1,
    /** HF CLIPConfig's default: ln(1/0.07). */
    logitScaleInit: 2.6592,
  },
};

/** The VLM's config.json for a trained vocabulary and the given sizes. */
export function vlmConfigFor(vocab: ByteLevelVocab, sizes: VlmSizes = DEFAULT_VLM_SIZES): VlmConfig {
  const { vision, text } = sizes;
  return {
    architectures: ['Idefics3ForConditionalGeneration'],
    model_type: 'idefics3',
    image_token_id: vocab.id('<image>'),
    scale_factor: sizes.scaleFactor,
    vocab_size: vocab.size,
    pad_token_id: vocab.id('<|im_end|>'),
    tie_word_embeddings: false,
    torch_dtype: 'float32',
    use_cache: true,
    text_config: {
      model_type: 'llama',
      architectures: ['VLlama3ForCausalLM'],
      vocab_size: vocab.size,
      hidden_size: text.hidden,
      intermediate_size: text.mlp,
      num_hidden_layers: text.layers,
      num_attention_heads: text.heads,
      num_key_value_heads: text.kvHeads,
      head_dim: text.hidden / text.heads,
      hidden_act: 'silu',
      max_position_embeddings: 1024,
      rms_norm_eps: 1e-5,
      rope_theta: 100000,
      tie_word_embeddings: false,
      initializer_range: 0.02,
      bos_token_id: vocab.id('<|im_start|>'),
      eos_token_id: vocab.id('<end_of_utterance>'),
      pad_token_id: vocab.id('<|im_end|>'),
    },
    vision_config: {
      model_type: 'idefics3_vision',
      hidden_size: vision.hidden,
      intermediate_size: vision.mlp,
      num_hidden_layers: vision.layers,
      num_attention_heads: vision.heads,
      num_channels: 3,
      image_size: sizes.imageSize,
      patch_size: vision.patch,
      hidden_act: 'gelu_pytorch_tanh',
      layer_norm_eps: 1e-6,
    },
  };
}

/** HF CLIPConfig (config.json) for a trained vocabulary and the given sizes. */
export interface ClipModelConfig {
  architectures: string[];
  model_type: 'clip';
  projection_dim: number;
  logit_scale_init_value: number;
  text_config: ClipTextConfig & { model_type: string; bos_token_id: number; pad_token_id: number; hidden_act: string };
  vision_config: ClipVisionConfig & { model_type: string; hidden_act: string };
}

export function clipConfigFor(vocab: ByteLevelVocab, sizes: ClipSizes = DEFAULT_CLIP_SIZES): ClipModelConfig {
  const { vision, text } = sizes;
  return {
    architectures: ['CLIPModel'],
    model_type: 'clip',
    projection_dim: sizes.projection,
    logit_scale_init_value: RECIPE.clip.logitScaleInit,
    text_config: {
      model_type: 'clip_text_model',
      vocab_size: vocab.size,
      hidden_size: text.hidden,
      intermediate_size: text.mlp,
      projection_dim: sizes.projection,
      num_hidden_layers: text.layers,
      num_attention_heads: text.heads,
      max_position_embeddings: text.positions,
      layer_norm_eps: 1e-5,
      hidden_act: 'quick_gelu',
      bos_token_id: vocab.id('<|startoftext|>'),
      eos_token_id: vocab.id('<|endoftext|>'),
      pad_token_id: vocab.id('<|endoftext|>'),
    },
    vision_config: {
      model_type: 'clip_vision_model',
      hidden_size: vision.hidden,
      intermediate_size: vision.mlp,
      projection_dim: sizes.projection,
      num_hidden_layers: vision.layers,
      num_attention_heads: vision.heads,
      num_channels: 3,
      image_size: sizes.imageSize,
      patch_size: vision.patch,
      layer_norm_eps: 1e-5,
      hidden_act: 'quick_gelu',
    },
  };
}
