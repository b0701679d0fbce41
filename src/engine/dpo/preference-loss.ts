/**
 * Preference losses over summed answer log-probs, as TRL's DPOTrainer computes them. With
 * z = (log π(y_w) − log π_ref(y_w)) − (log π(y_l) − log π_ref(y_l)):
 *   sigmoid (DPO)   softplus(−β·z)
 *   hinge           relu(1 − β·z)
 *   ipo             (z − 1/(2β))², on length-averaged log-probs
 *   token-weighted  the sigmoid loss on Σ_t w_t·log p(y_t): per-token weights (FiSAO rewards)
 * The implicit reward of a side is β·(log π − log π_ref).
 * Every function consumes its Array arguments.
 */
import { nn, numpy as np, type Array as JaxArray } from '@jax-js/jax';
import type { PreferenceLossKind } from './dpo-options';

/** Per-pair log-probs, each [B]. */
export interface PairLogprobs {
  policyChosen: JaxArray;
  policyRejected: JaxArray;
  referenceChosen: JaxArray;
  referenceRejected: JaxArray;
}

export interface PreferenceLoss {
  /** Mean over the pairs: a scalar. */
  loss: JaxArray;
  /** β·(log π − log π_ref) per pair, [B]. */
  chosenRewards: JaxArray;
  rejectedRewards: JaxArray;
}

export function preferenceLoss(kind: PreferenceLossKind, logprobs: PairLogprobs, beta: number): PreferenceLoss {
  const chosenRatio = logprobs.policyChosen.sub(logprobs.referenceChosen);
  const rejectedRatio = logprobs.policyRejected.sub(logprobs.referenceRejected);
  const z = chosenRatio.ref.sub(rejectedRatio.ref);
  let losses: JaxArray;
  switch (kind) {
    case 'sigmoid':
    case 'token-weighted':
      losses = nn.softplus(z.mul(-beta));
      break;
    case 'hinge':
      losses = nn.relu(z.mul(-beta).add(1));
      break;
    case 'ipo':
      losses = np.square(z.sub(1 / (2 * beta)));
      break;
  }
  return { loss: np.mean(losses), chosenRewards: chosenRatio.mul(beta), rejectedRewards: rejectedRatio.mul(beta) };
}
