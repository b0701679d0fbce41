/**
 * One AdamW step of each stage on a batch: loss → gradients of the trainable params → global-norm
 * clipping → AdamW at the given learning rate.
 *   CLIP: symmetric InfoNCE over (image, sentence) pairs.
 *   VLM:  next-token cross-entropy on answer tokens only (prompt, image tokens and padding masked).
 * The state is updated in place: `state.params` gets the new arrays, the old ones are consumed.
 */
import { numpy as np, tree, valueAndGrad, type Array as JaxArray } from '@jax-js/jax';
import type { Params } from '../init-weights';
import { clipTextForward, clipVisionForward } from '../clip';
import { clipInfoNce, nextTokenCrossEntropy } from '../losses';
import { adamwStep, clipByGlobalNorm, initAdamW, type AdamWState } from '../optimizer';
import { CONNECTOR_PROJECTION } from '../vision/vision-encoder';
import { VLM_TEXT_NAMES, type VlmConfig } from '../vlm/config';
import { vlmLogits, vlmTokenEmbeds } from '../vlm/vlm-forward';
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

/** The VLM params a phase trains: the connector only, or everything. */
export function vlmTrainableNames(params: Params, phase: VlmPhase): string[] {
  return phase === 'connector' ? Object.keys(params).filter((name) => name.startsWith(CONNECTOR_PROJECTION)) : Object.keys(params);
}

/** Clips, applies AdamW (decay on matrices only) and writes the new params into the state. */
function applyGradients(state: TrainerState, grads: Params, options: StepOptions): number {
  const { grads: clipped, norm } = clipByGlobalNorm(grads, options.maxGradNorm);
  const gradNorm = norm.item();
  const shapes = Object.fromEntries(state.trainable.map((name) => [name, state.params[name]!.shape.length]));
  const { params, state: optimizer } = adamwStep(pick(state.params, state.trainable), clipped, state.optimizer, {
    lr: options.lr,
    weightDecay: options.weightDecay,
    decays: (name) => (shapes[name] ?? 0) >= 2,
  });
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

/** Runs `loss` under valueAndGrad over the trainable params; the frozen ones are plain inputs. */
function lossAndGrads(state: TrainerState, loss: (all: Params) => JaxArray): [number, Params] {
  const frozen = Object.fromEntries(Object.entries(state.params).filter(([name]) => !state.trainable.includes(name)));
  const [value, grads] = valueAndGrad((p: Params) => {
    const result = loss({ ...frozen, ...p });
    tree.dispose(p);
    return result;
  })(tree.ref(pick(state.params, state.trainable)));
  return [value.item(), grads as Params];
}

/** Mean answer-token cross-entropy of the VLM on a batch; borrows `params`. */
export function vlmBatchLoss(params: Params, config: VlmConfig, batch: VlmBatch, tokenEmbeds?: JaxArray): JaxArray {
  const n = batch.inputIds.length;
  const pixels = np.array(batch.pixelData, { shape: [n, 3, batch.imageSize, batch.imageSize] });
  const logits = vlmLogits(params, config, {
    inputIds: batch.inputIds,
    pixelValues: pixels,
    attentionMask: batch.attentionMask,
    tokenEmbeds,
  });
  return nextTokenCrossEntropy(logits, np.array(batch.inputIds, { dtype: np.int32 }), np.array(batch.lossMask, { dtype: np.float32 }));
}

export function trainVlmStep(config: VlmConfig, state: TrainerState, batch: VlmBatch, options: StepOptions): StepResult {
  // A frozen embedding matrix is looked up once, outside the gradient.
  const frozenEmbeddings = !state.trainable.includes(VLM_TEXT_NAMES.embedTokens);
  const tokenEmbeds = frozenEmbeddings ? vlmTokenEmbeds(state.params, batch.inputIds) : undefined;
  const [loss, grads] = lossAndGrads(state, (all) => vlmBatchLoss(all, config, batch, tokenEmbeds?.ref));
  tokenEmbeds?.dispose();
  return { loss, gradNorm: applyGradients(state, grads, options), tokens: batch.tokens };
}

/** Symmetric InfoNCE of the CLIP model on a batch; borrows `params`. */
export function clipBatchLoss(params: Params, config: ClipModelConfig, batch: ClipBatch): JaxArray {
  const n = batch.inputIds.length;
  const pixels = np.array(batch.pixelData, { shape: [n, 3, batch.imageSize, batch.imageSize] });
  const imageEmbeds = clipVisionForward(params, config.vision_config, pixels);
  const textEmbeds = clipTextForward(params, config.text_config, batch.inputIds);
  return clipInfoNce(imageEmbeds, textEmbeds, params[LOGIT_SCALE]!.ref);
}

export function trainClipStep(config: ClipModelConfig, state: TrainerState, batch: ClipBatch, options: StepOptions): StepResult {
  const [loss, grads] = lossAndGrads(state, (all) => clipBatchLoss(all, config, batch));
  return { loss, gradNorm: applyGradients(state, grads, options), tokens: batch.tokens };
}
