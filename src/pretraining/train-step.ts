/**
 * One AdamW step of each stage on a batch: loss → gradients of the trainable params (jitted) →
 * global-norm clipping → AdamW at the given learning rate.
 * The state is updated in place: `state.params` gets the new arrays, the old ones are consumed.
 */
import { jit, numpy as np, tree, valueAndGrad, type Array as JaxArray, type JsTree } from '@jax-js/jax';
import type { Params } from '../engine/init-weights';
import { addPositionEmbeddings, CLIP_TOKEN_EMBEDDING, clipTextFromEmbeddings, clipVisionForward } from '../engine/clip';
import { clipInfoNce, oneHotCrossEntropy } from '../engine/losses';
import { clippedAdamW, initAdamW, type AdamWState } from '../engine/optimizer';
import { VISION_PREFIX } from '../engine/vision/vision-encoder';
import { VLM_TEXT_NAMES, type VlmConfig } from '../engine/vlm/config';
import { vlmTrainingLogits } from '../engine/vlm/vlm-forward';
import { clipBatchArrays, vlmBatchArrays, type ClipBatchArrays, type VlmBatchArrays } from './batch-arrays';
import type { ClipBatch, VlmBatch } from './batches';
import { LOGIT_SCALE } from './clip-towers';
import type { ClipModelConfig } from './recipe';
import type { VlmPhase } from './schedule';

export interface TrainerState {
  /** Every weight of the model; the trainable ones are replaced after each step. */
  params: Params;
  /** Names that get gradients and updates. */
  trainable: string[];
  optimizer: AdamWState;
}

export interface StepOptions {
  lr: number;
  weightDecay: number;
  maxGradNorm: number;
}

export interface StepResult {
  loss: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  tokens: number;
}

function pick(params: Params, names: string[]): Params {
  return Object.fromEntries(names.map((name) => [name, params[name]!]));
}

export function newTrainerState(params: Params, trainable: string[] = Object.keys(params)): TrainerState {
  return { params, trainable, optimizer: initAdamW(pick(params, trainable)) };
}

/**
 * Changes what trains, with fresh AdamW moments (step 0): moments carried over from a phase with
 * other params would be bias-corrected with the wrong step count.
 */
export function setTrainable(state: TrainerState, trainable: string[]): void {
  tree.dispose([state.optimizer.m, state.optimizer.v]);
  state.optimizer = initAdamW(pick(state.params, trainable));
  state.trainable = trainable;
}

/** The VLM params a phase trains: all but the vision tower, or everything. */
export function vlmTrainableNames(params: Params, phase: VlmPhase): string[] {
  return phase === 'frozen-vision'
    ? Object.keys(params).filter((name) => !name.startsWith(`${VISION_PREFIX}.`))
    : Object.keys(params);
}

type ClippedAdamW = ReturnType<typeof clippedAdamW>;

/** Clips, applies AdamW (decay on matrices only) and writes the new params into the state. */
function applyGradients(optimize: ClippedAdamW, state: TrainerState, grads: Params, options: StepOptions): number {
  const {
    params,
    state: optimizer,
    gradNorm,
  } = optimize(pick(state.params, state.trainable), grads, state.optimizer, options);
  Object.assign(state.params, params);
  state.optimizer = optimizer;
  realize([...Object.values(params), ...Object.values(optimizer.m), ...Object.values(optimizer.v)]);
  return gradNorm;
}

/**
 * Computes lazy arrays now. jax-js records work lazily; left alone, each step's new weights would
 * hold on to the previous step's pending work, and a run's JS heap would grow by megabytes a step.
 * (`dataSync` on a `.ref` computes in place and leaves the array alive.)
 */
function realize(arrays: JaxArray[]): void {
  for (const array of arrays) array.ref.dataSync();
}

/** A stage's training step and loss, compiled once per batch shape. */
export interface Trainer<Batch> {
  /** One AdamW step on a batch; updates `state`. */
  step(state: TrainerState, batch: Batch, options: StepOptions): StepResult;
  /** The loss on a batch, without gradients. */
  loss(params: Params, batch: Batch): number;
}

/**
 * How a stage embeds its input tokens: a table and the batch's ids. jit of a gradient through a
 * gather fails in jax-js 0.1.25, and the one-hot matmul that replaces it has a backward pass that
 * ran at ~0.1 GFLOP/s here (a third of a VLM step). So the rows are gathered outside the gradient,
 * differentiated as an input, and their gradients summed into the table's rows in JS.
 */
interface TokenLookup<Batch> {
  table: string;
  /** The batch's input ids, flat, in the row order the loss expects its token embeddings. */
  ids(batch: Batch): number[];
}

/** The key the looked-up rows travel under in the differentiated tree. */
const TOKEN_ROWS = '@token-rows';

/** Σ of row gradients [N, D] into a table gradient [V, D] at `ids`; consumes `rows`. */
function tableGradient(rows: JaxArray, ids: number[], shape: number[]): JaxArray {
  const [vocab, width] = shape as [number, number];
  const data = rows.dataSync() as Float32Array;
  const out = new Float32Array(vocab * width);
  ids.forEach((id, row) => {
    for (let d = 0; d < width; d++) out[id * width + d]! += data[row * width + d]!;
  });
  return np.array(out, { shape: [vocab, width] });
}

/**
 * Wraps a loss over (params, token embedding rows, batch Arrays) in `jit(valueAndGrad(…))` over the
 * trainable params and the rows; the frozen params are a second, undifferentiated argument. jit
 * fuses the forward and backward passes into a few kernels per batch shape: about twice as fast as
 * eager `grad` on wasm here, and without eager `grad`'s per-step JS-heap growth.
 */
function jitTrainer<Batch extends { tokens: number }, Data>(
  lookup: TokenLookup<Batch>,
  toArrays: (batch: Batch) => Data,
  lossOf: (params: Params, tokenRows: JaxArray, data: Data) => JaxArray,
): Trainer<Batch> {
  // Data is a record of Arrays, a JsTree; its interface type just lacks the index signature.
  const valueAndGrads = jit(
    valueAndGrad((differentiated: Params, frozen: Params, data: JsTree<JaxArray>) => {
      const { [TOKEN_ROWS]: rows, ...trainable } = differentiated;
      const loss = lossOf({ ...frozen, ...trainable }, rows!, data as Data);
      tree.dispose([trainable, frozen]);
      return loss;
    }),
  ) as unknown as (differentiated: Params, frozen: Params, data: Data) => [JaxArray, Params];
  const lossOnly = jit((params: Params, rows: JaxArray, data: JsTree<JaxArray>) => {
    const loss = lossOf(params, rows, data as Data);
    tree.dispose(params);
    return loss;
  }) as unknown as (params: Params, rows: JaxArray, data: Data) => JaxArray;
  const optimize = clippedAdamW();
  const rowsOf = (params: Params, ids: number[]) =>
    np.take(params[lookup.table]!.ref, np.array(ids, { dtype: np.int32 }), 0);
  return {
    step(state, batch, options) {
      const ids = lookup.ids(batch);
      const differentiated = state.trainable.filter((name) => name !== lookup.table);
      const frozen = Object.fromEntries(
        Object.entries(state.params).filter(([name]) => !state.trainable.includes(name) && name !== lookup.table),
      );
      const [value, grads] = valueAndGrads(
        { ...tree.ref(pick(state.params, differentiated)), [TOKEN_ROWS]: rowsOf(state.params, ids) },
        tree.ref(frozen),
        toArrays(batch),
      );
      const { [TOKEN_ROWS]: rowGrads, ...paramGrads } = grads;
      if (state.trainable.includes(lookup.table)) {
        paramGrads[lookup.table] = tableGradient(rowGrads!, ids, state.params[lookup.table]!.shape);
      } else rowGrads!.dispose();
      const loss = value.item();
      return { loss, gradNorm: applyGradients(optimize, state, paramGrads, options), tokens: batch.tokens };
    },
    loss: (params, batch) => lossOnly(tree.ref(params), rowsOf(params, lookup.ids(batch)), toArrays(batch)).item(),
  };
}

/** The VLM: mean answer-token cross-entropy (prompt, image tokens and padding masked). */
export function vlmTrainer(config: VlmConfig): Trainer<VlmBatch> {
  return jitTrainer(
    { table: VLM_TEXT_NAMES.embedTokens, ids: (batch: VlmBatch) => batch.inputIds.flat() },
    (batch: VlmBatch) => vlmBatchArrays(batch, config.vocab_size, config.image_token_id),
    (params, tokenEmbeds, { answerRows, answerOneHot, answerMask, ...inputs }: VlmBatchArrays) =>
      oneHotCrossEntropy(
        vlmTrainingLogits(params, config, { ...inputs, tokenEmbeds }, answerRows),
        answerOneHot,
        answerMask,
      ),
  );
}

/** CLIP: symmetric InfoNCE over (image, sentence) pairs. */
export function clipTrainer(config: ClipModelConfig): Trainer<ClipBatch> {
  const text = config.text_config;
  return jitTrainer(
    { table: CLIP_TOKEN_EMBEDDING, ids: (batch: ClipBatch) => batch.inputIds.flat() },
    (batch: ClipBatch) => clipBatchArrays(batch, text.eos_token_id),
    (params, tokenRows, data: ClipBatchArrays) => {
      const length = data.endOfText.shape[1]!;
      const imageEmbeds = clipVisionForward(params, config.vision_config, data.pixelValues);
      const textEmbeds = clipTextFromEmbeddings(
        params,
        text,
        addPositionEmbeddings(params, text, tokenRows, length),
        data.endOfText,
      );
      return clipInfoNce(imageEmbeds, textEmbeds, params[LOGIT_SCALE]!.ref);
    },
  );
}
