/**
 * LoRA-DPO settings and their defaults: plain data, no jax-js, so forms can import them without
 * pulling the engine into the page.
 */
import { LORA_TARGETS, type LoraConfig } from '../lora/lora-config';

export const PREFERENCE_LOSSES = ['sigmoid', 'ipo', 'hinge', 'token-weighted'] as const;
export type PreferenceLossKind = (typeof PREFERENCE_LOSSES)[number];

export interface DpoSettings {
  loss: PreferenceLossKind;
  /** DPO's β (TRL's default 0.1). */
  beta: number;
  /**
   * TRL's rpo_alpha: adds this times the chosen answers' mean negative log-likelihood per token,
   * which keeps DPO from lowering the chosen answers along with the rejected ones. 0 = plain DPO.
   */
  sftWeight?: number;
  lora: LoraConfig;
  peakLr: number;
  schedule: 'cosine' | 'constant';
  warmupSteps: number;
  totalSteps: number;
  weightDecay: number;
  maxGradNorm: number;
  /** Pairs per micro-batch. */
  batchSize: number;
  /** Micro-batches whose gradients are averaged into one update. */
  accumulation: number;
  seed: number;
}

/**
 * Defaults for the embedded shapes-vlm (TRL's loss and β; LoRA on every decoder projection, as
 * the self-alignment papers do). Learning rate and SFT weight: plain DPO at 1e-4 cut CHAIR_i with
 * oracle pairs by 43%; at 1e-3 it pushed the chosen answers down with the rejected ones and broke
 * the descriptions, unless the SFT term (TRL's rpo_alpha 1) keeps the chosen answers' likelihood,
 * and then it cut CHAIR_i by 69% with the QA answers intact (README, oracle pairs). A Hub model
 * may want a lower learning rate.
 */
export const DEFAULT_DPO_SETTINGS: DpoSettings = {
  loss: 'sigmoid',
  beta: 0.1,
  sftWeight: 1,
  lora: { r: 8, alpha: 16, dropout: 0.05, targets: LORA_TARGETS, rslora: false },
  peakLr: 1e-3,
  schedule: 'cosine',
  warmupSteps: 5,
  totalSteps: 100,
  weightDecay: 0,
  maxGradNorm: 1,
  batchSize: 8,
  accumulation: 1,
  seed: 0,
};
