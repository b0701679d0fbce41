/**
 * Learning rates over a run. CLIP: warmup-cosine over all steps. VLM: a connector warm-up phase
 * (only `model.connector.*` trains, its own warmup-cosine at `connectorLr`), then the full model
 * with warmup-cosine over the remaining steps.
 */
import { warmupCosine } from '../optimizer';
import { RECIPE, type TrainSettings } from './recipe';

export type VlmPhase = 'connector' | 'full';

export function stageLr(step: number, totalSteps: number, settings: TrainSettings, peakLr = settings.peakLr): number {
  const warmupSteps = Math.max(1, Math.round(totalSteps * settings.warmupFraction));
  // step + 1: the first update already gets a small, non-zero rate.
  return warmupCosine({ step: step + 1, warmupSteps, totalSteps, peakLr, minLr: settings.minLr });
}

/** Steps of the connector warm-up in a run of `totalSteps` (0 when the fraction is 0). */
export function connectorWarmupSteps(totalSteps: number, fraction = RECIPE.vlm.connectorWarmupFraction): number {
  return Math.min(totalSteps, Math.round(totalSteps * fraction));
}

export function vlmScheduleAt(
  step: number,
  totalSteps: number,
  settings: TrainSettings = RECIPE.vlm.train,
  fraction = RECIPE.vlm.connectorWarmupFraction,
): { phase: VlmPhase; lr: number } {
  const warmup = connectorWarmupSteps(totalSteps, fraction);
  if (step < warmup) return { phase: 'connector', lr: stageLr(step, warmup, settings, RECIPE.vlm.connectorLr) };
  return { phase: 'full', lr: stageLr(step - warmup, totalSteps - warmup, settings) };
}
