import { LORA_TARGETS } from '../lora/lora-config';
import type { DpoSettings } from './dpo-trainer';

/**
 * Defaults for the embedded shapes-vlm (TRL's loss and β; LoRA on every decoder projection, as
 * the self-alignment papers do). Its decoder is tiny and trained from scratch, so it takes a far
 * higher learning rate than the 1e-6–5e-6 used on 7B models.
 */
export const DEFAULT_DPO_SETTINGS: DpoSettings = {
  loss: 'sigmoid',
  beta: 0.1,
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
