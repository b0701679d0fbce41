import { numpy as np, nn, tree, type Array as JaxArray } from '@jax-js/jax';

// Every function here consumes its Array arguments (jax-js convention) and returns a new Array.
// Gathers use takeAlongAxis: nn.oneHot in jax-js 0.1.25 overflows int32 for large vocabularies.

/**
 * log p(target) at every position: logits [B,T,V], targets int32 [B,T] → [B,T]. Targets are
 * clamped into [0, V) so padding ids such as -100 are harmless where the mask is 0.
 */
export function tokenLogprobs(logits: JaxArray, targets: JaxArray): JaxArray {
  const vocab = logits.shape.at(-1)!;
  const index = np.expandDims(np.clip(targets, 0, vocab - 1), -1);
  return np.squeeze(np.takeAlongAxis(nn.logSoftmax(logits, -1), index, -1), -1);
}

/**
 * Mean negative log-likelihood over positions where `mask` [B,T] is 1 (0 if no position is).
 * Targets are already aligned with the logits (no shift).
 */
export function maskedCrossEntropy(logits: JaxArray, targets: JaxArray, mask: JaxArray): JaxArray {
  const picked = tokenLogprobs(logits, targets).mul(mask.ref);
  const count = np.maximum(np.sum(mask), 1);
  return np.sum(picked).neg().div(count);
}

/** Logits at t predict ids at t+1: drops the last logit and the first id and mask entry. */
function shiftForNextToken(logits: JaxArray, ids: JaxArray, mask: JaxArray): [JaxArray, JaxArray, JaxArray] {
  const length = ids.shape[1]!;
  if (logits.shape[1] !== length || mask.shape[1] !== length) {
    const shapes = `logits [${logits.shape}], ids [${ids.shape}], mask [${mask.shape}]`;
    tree.dispose([logits, ids, mask]);
    throw new Error(`Sequence lengths differ: ${shapes}.`);
  }
  return [logits.slice([], [0, length - 1]), ids.slice([], [1, length]), mask.slice([], [1, length])];
}

/**
 * Causal-LM loss: logits [B,T,V] from a forward pass over ids [B,T]; `lossMask` [B,T] marks the ids
 * that count (answer tokens 1, prompt and padding 0). Mean over counted tokens.
 */
export function nextTokenCrossEntropy(logits: JaxArray, ids: JaxArray, lossMask: JaxArray): JaxArray {
  return maskedCrossEntropy(...shiftForNextToken(logits, ids, lossMask));
}

/**
 * Mean negative log-likelihood with the targets as one-hot rows, the gather-free form
 * `jit(grad(…))` can run: logits [..., V], `oneHot` [..., V], `mask` [...] (1 where a row counts).
 */
export function oneHotCrossEntropy(logits: JaxArray, oneHot: JaxArray, mask: JaxArray): JaxArray {
  const picked = np.sum(nn.logSoftmax(logits, -1).mul(oneHot), -1).mul(mask.ref);
  return np
    .sum(picked)
    .neg()
    .div(np.maximum(np.sum(mask), 1));
}

/**
 * `nextTokenCrossEntropy` with one-hot targets: logits [B,T,V] over a sequence, `nextOneHot`
 * [B,T−1,V] the ids at t+1, `mask` [B,T−1].
 */
export function oneHotNextTokenCrossEntropy(logits: JaxArray, nextOneHot: JaxArray, mask: JaxArray): JaxArray {
  const length = logits.shape[1]!;
  return oneHotCrossEntropy(logits.slice([], [0, length - 1]), nextOneHot, mask);
}

/** Σ log p(id_t | ids_<t) over answer tokens, per sequence: → [B]. What DPO compares. */
export function sequenceLogprobs(logits: JaxArray, ids: JaxArray, answerMask: JaxArray): JaxArray {
  const [shifted, targets, mask] = shiftForNextToken(logits, ids, answerMask);
  return np.sum(tokenLogprobs(shifted, targets).mul(mask), 1);
}

/** x / ‖x‖ as x·exp(−½·log Σx²): a division under grad leaks a buffer in jax-js 0.1.25. */
function l2Normalize(x: JaxArray): JaxArray {
  return x.ref.mul(np.exp(np.log(np.sum(np.square(x), -1, { keepdims: true })).mul(-0.5)));
}

/**
 * CLIP's symmetric InfoNCE: pairs (imageEmbeds[i], textEmbeds[i]) [N,E] are positives, every other
 * pairing in the batch a negative. `logitScale` is the learned log-temperature (a scalar); its
 * exponential is capped at 100 as in CLIP, which also stops its gradient there.
 */
export function clipInfoNce(imageEmbeds: JaxArray, textEmbeds: JaxArray, logitScale: JaxArray): JaxArray {
  const n = imageEmbeds.shape[0]!;
  const scale = np.minimum(np.exp(logitScale), 100);
  const logitsPerImage = np.matmul(l2Normalize(imageEmbeds), np.matrixTranspose(l2Normalize(textEmbeds))).mul(scale);
  // The diagonal is read with an identity mask rather than a gather, so that jit(grad(…)) can run it.
  const identity = np.eye(n);
  const diagonalLoss = (logits: JaxArray, mask: JaxArray) => np.sum(nn.logSoftmax(logits, -1).mul(mask)).div(-n);
  const imageLoss = diagonalLoss(logitsPerImage.ref, identity.ref);
  const textLoss = diagonalLoss(np.matrixTranspose(logitsPerImage), identity);
  return imageLoss.add(textLoss).div(2);
}
