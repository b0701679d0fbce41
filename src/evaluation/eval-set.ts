import { buildPopeQuestions, POPE_SPLITS, type PopeQuestion } from '../metrics';
import {
  buildCriticExample,
  questionsForScene,
  rasterizeScene,
  sampleScenes,
  sceneStatistics,
  type CriticExample,
  type Question,
  type RgbaImage,
  type Scene,
} from '../world';

export interface EvalItem {
  scene: Scene;
  image: RgbaImage;
  questions: Question[];
  /** Existence questions across the three POPE splits (empty for scenes with too few objects, as in POPE). */
  pope: PopeQuestion[];
  critic: CriticExample;
}

/** Train-split scenes whose statistics pick POPE's popular and adversarial negatives. */
const statisticsScenes = 2000;

/** QA types scored in the report; existence is scored by POPE. */
const qaTypes = ['colour', 'count', 'position', 'relation'] as const;

/** n debiased test scenes with every question the evaluation asks; the same (n, seed) gives the same set. */
export function buildEvalSet(n: number, seed: number): EvalItem[] {
  const scenes = sampleScenes({ split: 'test', n, seed });
  const trainStats = sceneStatistics(sampleScenes({ split: 'train', n: statisticsScenes, seed }));
  const popeBySplit = POPE_SPLITS.map((split) => buildPopeQuestions(scenes, trainStats, { split, seed }).questions);
  return scenes.map((scene) => ({
    scene,
    image: rasterizeScene(scene),
    questions: questionsForScene(scene, { seed, types: qaTypes }),
    pope: popeBySplit.flatMap((questions) => questions.filter((q) => q.sceneId === scene.id)),
    critic: buildCriticExample(scene, { seed }),
  }));
}
