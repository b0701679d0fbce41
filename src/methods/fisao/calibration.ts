/**
 * FiSAO's baselines (methods.md §3): on images whose content is known, the model's own sampled
 * answers are read for objects, each object is labelled correct or hallucinated from the ground
 * truth and scored with CLIP; μ_c and μ_h are the mean scores of the two kinds. A score then maps to
 * a reward r = clip((s − μ_h)/(μ_c − μ_h)·2 − 1, −1, 1): −1 at μ_h, +1 at μ_c, 0 at the threshold
 * (μ_c + μ_h)/2. Each object counts once per image, however many answers name it.
 */
import { METHOD_SPLIT } from '../../world';
import { shapesItems } from '../items';
import { chunksOf, type MethodControl, type MethodItem, type MethodRuntime } from '../method-runtime';
import { isPresent, type FisaoVocabulary, type GroundTruth } from './object-mentions';
import { sampleObjects, vocabularyOf, type FisaoSampling } from './sampled-objects';

/** A calibration image: a shapes scene, or an image with the COCO categories it shows. */
export type FisaoCalibrationItem = MethodItem & { cocoObjects?: string[] };

export interface FisaoCalibration {
  vocabulary: FisaoVocabulary;
  items: number;
  answers: number;
  /** μ_c, μ_h: the mean CLIP score of correct and of hallucinated objects, and how many of each. */
  muCorrect: number;
  muHallucinated: number;
  nCorrect: number;
  nHallucinated: number;
  /** μ_c − μ_h. */
  separation: number;
  /** Scores above it get a positive reward: (μ_c + μ_h)/2. */
  threshold: number;
  /** How often "score above the threshold ⇔ correct" is right on the calibration objects, overall and per kind. */
  accuracy: number;
  correctRecall: number;
  hallucinatedRecall: number;
}

/** Calibration scenes come from the run's seed far past any run's items, so the two never share a scene. */
export const CALIBRATION_START = 1_000_000;

export function fisaoCalibrationItems(seed: number, n: number): FisaoCalibrationItem[] {
  return shapesItems(METHOD_SPLIT, seed, n, CALIBRATION_START);
}

export function fisaoReward(s: number, calibration: Pick<FisaoCalibration, 'muCorrect' | 'muHallucinated'>): number {
  const { muCorrect, muHallucinated } = calibration;
  return Math.min(1, Math.max(-1, ((s - muHallucinated) / (muCorrect - muHallucinated)) * 2 - 1));
}

function groundTruthOf(item: FisaoCalibrationItem): GroundTruth {
  if (item.scene) return { scene: item.scene };
  if (item.cocoObjects) return { cocoObjects: item.cocoObjects };
  throw new Error(
    `FiSAO's calibration needs images whose content is known, and item "${item.id}" has neither a scene nor a list of COCO objects.`,
  );
}

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

export async function calibrateFisao(
  runtime: MethodRuntime,
  items: FisaoCalibrationItem[],
  sampling: FisaoSampling,
  control: MethodControl = {},
): Promise<FisaoCalibration> {
  if (items.length === 0) throw new Error("FiSAO's calibration needs at least one image.");
  const vocabulary = vocabularyOf(items[0]!);
  const correct: number[] = [];
  const hallucinated: number[] = [];
  let done = 0;
  let answers = 0;
  if (items.some((item) => vocabularyOf(item) !== vocabulary))
    throw new Error("FiSAO's calibration images must all be shapes scenes or all be COCO-labelled images.");
  const truths = items.map(groundTruthOf);
  for (const chunk of chunksOf(items, runtime.itemsPerCall)) {
    if (control.isCancelled?.()) break;
    const sampled = await sampleObjects(runtime, chunk, sampling);
    for (const { answers: itemAnswers, scores } of sampled) {
      const truth = truths[done++]!;
      answers += itemAnswers.length;
      for (const [object, s] of scores) (isPresent(object, truth) ? correct : hallucinated).push(s);
    }
    control.onProgress?.(done, items.length);
  }
  if (correct.length === 0 || hallucinated.length === 0) {
    throw new Error(
      `FiSAO's calibration found ${correct.length} correct and ${hallucinated.length} hallucinated objects in ${answers} answers; it needs both, so calibrate on more images.`,
    );
  }
  const muCorrect = mean(correct);
  const muHallucinated = mean(hallucinated);
  if (muCorrect <= muHallucinated) {
    throw new Error(
      `CLIP scores hallucinated objects as high as correct ones on the calibration images (μ_c ${muCorrect.toFixed(3)} ≤ μ_h ${muHallucinated.toFixed(3)}), so its rewards would mean nothing.`,
    );
  }
  const threshold = (muCorrect + muHallucinated) / 2;
  const correctRight = correct.filter((s) => s > threshold).length;
  const hallucinatedRight = hallucinated.filter((s) => s <= threshold).length;
  return {
    vocabulary,
    items: done,
    answers,
    muCorrect,
    muHallucinated,
    nCorrect: correct.length,
    nHallucinated: hallucinated.length,
    separation: muCorrect - muHallucinated,
    threshold,
    accuracy: (correctRight + hallucinatedRight) / (correct.length + hallucinated.length),
    correctRecall: correctRight / correct.length,
    hallucinatedRecall: hallucinatedRight / hallucinated.length,
  };
}
