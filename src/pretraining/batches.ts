/**
 * Training batches as plain data (ids, masks, pixels), built deterministically from the world.
 * Turning them into jax Arrays is the train step's job, so a batch can be kept and reused freely.
 */
import {
  rasterizeScene,
  rngFor,
  sampleScene,
  trainingDescription,
  type LookStyle,
  type RgbaImage,
  type Split,
} from '../world';
import type { ChatTurn } from '../engine/vlm';
import { buildTrainingIds, type EncodeText } from '../engine/vlm/prompt';
import { descriptionSentences, drawTask, exampleFor, type Task, type TaskMix } from './instruction-mix';
import { pixelValuesData } from './pixels';

/**
 * Sequence lengths are padded up to a multiple of this: jax-js compiles kernels per shape (seconds
 * for a training step), so a handful of lengths keeps a run from recompiling at every step.
 */
export const VLM_LENGTH_BUCKET = 16;
export const CLIP_LENGTH_BUCKET = 8;

export function bucketLength(length: number, bucket: number): number {
  return Math.ceil(length / bucket) * bucket;
}

export interface VlmBatch {
  task: Task;
  /** [B][T], right-padded. */
  inputIds: number[][];
  /** [B][T]: 1 for real tokens (prompt, image, answer), 0 for padding. */
  attentionMask: number[][];
  /** [B][T]: 1 on answer tokens only (what the loss counts). */
  lossMask: number[][];
  /** [B, 3, S, S] normalised pixels. */
  pixelData: Float32Array;
  imageSize: number;
  /** Real tokens in the batch (attention-mask sum). */
  tokens: number;
}

export interface VlmBatchSpec {
  split: Split;
  seed: number;
  batchSize: number;
  mix: TaskMix;
  /** How yes/no answers look before they decide (RECIPE.vlm.lookStyle unless a stage says otherwise). */
  lookStyle: LookStyle;
  encode: EncodeText;
  imageSeqLen: number;
  padId: number;
  imageSize: number;
}

/**
 * Batch `step`: one task per batch (drawn from the mix), so sequences in a batch have similar
 * lengths; its examples use scenes step·B … step·B + B − 1.
 */
export function vlmBatch(spec: VlmBatchSpec, step: number): VlmBatch {
  const task = drawTask(spec.mix, spec.seed, `batch-${step}`);
  const examples = Array.from({ length: spec.batchSize }, (_, j) =>
    exampleFor(sampleScene(spec.split, spec.seed, step * spec.batchSize + j), task, spec.seed, spec.lookStyle),
  );
  return vlmBatchOf(spec, task, examples);
}

/** One batch of conversations about images: ids, masks and pixels, right-padded to a length bucket. */
export function vlmBatchOf(
  spec: VlmBatchSpec,
  task: Task,
  examples: readonly { image: RgbaImage; turns: ChatTurn[] }[],
): VlmBatch {
  const sequences = examples.map((example) => buildTrainingIds(spec.encode, example.turns, spec.imageSeqLen));
  const length = bucketLength(Math.max(...sequences.map((s) => s.ids.length)), VLM_LENGTH_BUCKET);
  const pad = (values: number[], fill: number) => [...values, ...new Array<number>(length - values.length).fill(fill)];
  return {
    task,
    inputIds: sequences.map((s) => pad(s.ids, spec.padId)),
    attentionMask: sequences.map((s) =>
      pad(
        s.ids.map(() => 1),
        0,
      ),
    ),
    lossMask: sequences.map((s) => pad(s.lossMask, 0)),
    pixelData: pixelValuesData(
      examples.map((example) => example.image),
      spec.imageSize,
    ),
    imageSize: spec.imageSize,
    tokens: sequences.reduce((sum, s) => sum + s.ids.length, 0),
  };
}

export interface ClipBatch {
  /** [B][T]: `<|startoftext|>` sentence `<|endoftext|>`, padded with `<|endoftext|>`. */
  inputIds: number[][];
  pixelData: Float32Array;
  imageSize: number;
  tokens: number;
}

export interface ClipBatchSpec {
  split: Split;
  seed: number;
  batchSize: number;
  encode: EncodeText;
  bosId: number;
  eosId: number;
  maxLength: number;
  imageSize: number;
}

/** Batch `step`: scenes step·B …, each paired with one sentence of its training description. */
export function clipBatch(spec: ClipBatchSpec, step: number): ClipBatch {
  const scenes = Array.from({ length: spec.batchSize }, (_, j) =>
    sampleScene(spec.split, spec.seed, step * spec.batchSize + j),
  );
  const texts = scenes.map((scene) => {
    const sentences = descriptionSentences(trainingDescription(scene).text);
    const sentence = rngFor('clip-sentence', scene.id, spec.seed).pick(sentences);
    return [spec.bosId, ...spec.encode(sentence).slice(0, spec.maxLength - 2), spec.eosId];
  });
  const length = Math.min(spec.maxLength, bucketLength(Math.max(...texts.map((t) => t.length)), CLIP_LENGTH_BUCKET));
  return {
    inputIds: texts.map((t) => [...t, ...new Array<number>(length - t.length).fill(spec.eosId)]),
    pixelData: pixelValuesData(
      scenes.map((scene) => rasterizeScene(scene)),
      spec.imageSize,
    ),
    imageSize: spec.imageSize,
    tokens: texts.reduce((sum, t) => sum + t.length, 0),
  };
}
