/**
 * Learning rates over a run. CLIP: warmup-cosine over all steps. VLM: a warm-up phase with the
 * vision tower frozen, then the full model, each with its own warmup-cosine.
 */
import { warmupCosine } from '../engine/optimizer';
import { RECIPE, type TrainSettings } from './recipe';

export type VlmPhase = 'frozen-vision' | 'full';

export function stageLr(step: number, totalSteps: number, settings: TrainSettings, peakLr = settings.peakLr): number {
  const warmupSteps = Math.max(1, Math.round(totalSteps * settings.warmupFraction));
  // step + 1: the first update already gets a small, non-zero rate.
  return warmupCosine({ step: step + 1, warmupSteps, totalSteps, peakLr, minLr: settings.minLr });
}

/** Steps of the frozen-vision warm-up in a run of `totalSteps` (0 when the fraction is 0). */
export function visionWarmupSteps(totalSteps: number, fraction = RECIPE.vlm.frozenVisionFraction): number {
  return Math.min(totalSteps, Math.round(totalSteps * fraction));
}

export function vlmScheduleAt(
  step: number,
  totalSteps: number,
  settings: TrainSettings = RECIPE.vlm.train,
  fraction = RECIPE.vlm.frozenVisionFraction,
): { phase: VlmPhase; lr: number } {
  const warmup = visionWarmupSteps(totalSteps, fraction);
  if (step < warmup) return { phase: 'frozen-vision', lr: stageLr(step, warmup, settings) };
  return { phase: 'full', lr: stageLr(step - warmup, totalSteps - warmup, settings) };
}
