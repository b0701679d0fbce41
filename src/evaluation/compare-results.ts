/**
 * Two eval results on the same scenes, compared pairwise: each figure's difference (second − first)
 * with a 95% paired-bootstrap interval (metrics/paired-bootstrap.ts: the same resampled scenes for
 * both), and each scene's description classified as hallucination fixed, introduced or unchanged.
 */
import { EVAL_QA_TYPES, type EvalSceneCounts, type EvalSummary } from '../data/evals';
import { POPE_SPLITS, type PopeSplit } from '../metrics';
import { pairedBootstrap, type BootstrapOptions, type PairedDelta, type SceneRatio } from '../metrics/paired-bootstrap';

/** The compared figures: CHAIR_i, CHAIR_s, attribute errors, POPE F1 per split, QA per type. */
export const DELTA_KEYS = [
  'chair_i',
  'chair_s',
  'attr_error',
  ...POPE_SPLITS.map((split) => `pope_${split}_f1` as const),
  ...EVAL_QA_TYPES.map((type) => `qa_${type}` as const),
] as const;
export type DeltaKey = (typeof DELTA_KEYS)[number];

/** How a figure reads off one scene's counts, as the numerator and denominator of a ratio of sums. */
const popeF1 =
  (split: PopeSplit) =>
  (c: EvalSceneCounts): SceneRatio => {
    const { tp = 0, fp = 0, fn = 0 } = c.pope[split] ?? {};
    return { num: 2 * tp, den: 2 * tp + fp + fn }; // F1 = 2PR / (P + R) = 2tp / (2tp + fp + fn)
  };
const SCENE_RATIOS: Record<DeltaKey, (c: EvalSceneCounts) => SceneRatio> = {
  chair_i: (c) => ({ num: c.hallucinated, den: c.mentions }),
  chair_s: (c) => ({ num: c.hallucinated > 0 ? 1 : 0, den: 1 }),
  attr_error: (c) => ({ num: c.attr_errors, den: c.present }),
  pope_random_f1: popeF1('random'),
  pope_popular_f1: popeF1('popular'),
  pope_adversarial_f1: popeF1('adversarial'),
  qa_color: (c) => ({ num: c.qa.color.correct, den: c.qa.color.total }),
  qa_count: (c) => ({ num: c.qa.count.correct, den: c.qa.count.total }),
  qa_position: (c) => ({ num: c.qa.position.correct, den: c.qa.position.total }),
  qa_relation: (c) => ({ num: c.qa.relation.correct, den: c.qa.relation.total }),
};

export type SceneChange = 'fixed' | 'introduced' | 'unchanged';

/**
 * A scene's change from the first description to the second, by hallucinated object mentions (CHAIR_i's
 * numerator): 'fixed' when the second has fewer (so the first had ≥ 1), 'introduced' when it has more
 * (so the second has ≥ 1), 'unchanged' when the counts are equal (both clean, or as many hallucinations).
 */
export function classifyScene(first: Pick<EvalSceneCounts, 'hallucinated'>, second: typeof first): SceneChange {
  if (second.hallucinated < first.hallucinated) return 'fixed';
  if (second.hallucinated > first.hallucinated) return 'introduced';
  return 'unchanged';
}

export interface ResultComparison {
  /** The two results' model and adapter, first (the reference, e.g. the base model) and second. */
  first: Pick<EvalSummary, 'model' | 'adapter'>;
  second: Pick<EvalSummary, 'model' | 'adapter'>;
  /** Scenes compared. */
  n: number;
  /** second − first, each with its 95% paired-bootstrap interval. */
  delta: Record<DeltaKey, PairedDelta>;
  /** Scene ids by change (fixed, introduced), and how many stayed the same. */
  changed: { fixed: string[]; introduced: string[]; unchanged: number };
}

/** Why two results cannot be compared pairwise, in one sentence; null when they can. */
export function unpairedReason(first: EvalSummary, second: EvalSummary): string | null {
  if (!first.scenes || !second.scenes)
    return 'A result has no per-scene counts (it was written before they were kept), so it cannot be compared scene by scene; evaluate it again.';
  const a = Object.keys(first.scenes);
  const b = new Set(Object.keys(second.scenes));
  const shared = a.filter((id) => b.has(id)).length;
  if (shared !== a.length || shared !== b.size)
    return `The two results are on different scenes (${a.length} scenes, seed ${first.seed} vs ${b.size} scenes, seed ${second.seed}; ${shared} shared), so they cannot be compared scene by scene.`;
  return null;
}

/** Paired deltas (second − first) with bootstrap intervals, and the scenes fixed, introduced or unchanged. */
export function compareResults(
  first: EvalSummary,
  second: EvalSummary,
  options: BootstrapOptions = {},
): ResultComparison {
  const reason = unpairedReason(first, second);
  if (reason) throw new Error(reason);
  const ids = Object.keys(first.scenes!).sort();
  const firstScenes = ids.map((id) => first.scenes![id]!);
  const secondScenes = ids.map((id) => second.scenes![id]!);
  const delta = Object.fromEntries(
    DELTA_KEYS.map((key) => [
      key,
      pairedBootstrap(firstScenes.map(SCENE_RATIOS[key]), secondScenes.map(SCENE_RATIOS[key]), options),
    ]),
  ) as Record<DeltaKey, PairedDelta>;
  const changed: ResultComparison['changed'] = { fixed: [], introduced: [], unchanged: 0 };
  ids.forEach((id, i) => {
    const change = classifyScene(firstScenes[i]!, secondScenes[i]!);
    if (change === 'unchanged') changed.unchanged++;
    else changed[change].push(id);
  });
  return {
    first: { model: first.model, adapter: first.adapter },
    second: { model: second.model, adapter: second.adapter },
    n: ids.length,
    delta,
    changed,
  };
}
