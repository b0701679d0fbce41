// Counts over a set of scenes. POPE's popular and adversarial negatives are drawn from these.
import { ALL_KINDS, kindKey } from './kinds';
import type { KindKey, ObjectKind, Scene } from './types';

export interface SceneStatistics {
  sceneCount: number;
  /** Number of scenes containing the kind (at least once). Every kind has an entry. */
  frequency: Record<KindKey, number>;
  /** coOccurrence[a][b]: scenes containing both a and b (a ≠ b). Every pair has an entry. */
  coOccurrence: Record<KindKey, Record<KindKey, number>>;
}

function zeroPerKind(): Record<KindKey, number> {
  return Object.fromEntries(ALL_KINDS.map((k) => [kindKey(k), 0])) as Record<KindKey, number>;
}

export function sceneStatistics(scenes: readonly Scene[]): SceneStatistics {
  const frequency = zeroPerKind();
  const coOccurrence = Object.fromEntries(ALL_KINDS.map((k) => [kindKey(k), zeroPerKind()])) as Record<
    KindKey,
    Record<KindKey, number>
  >;
  for (const scene of scenes) {
    const present = [...new Set(scene.objects.map(kindKey))];
    for (const a of present) {
      frequency[a]++;
      for (const b of present) if (a !== b) coOccurrence[a][b]++;
    }
  }
  return { sceneCount: scenes.length, frequency, coOccurrence };
}

/** Fraction of scenes containing `first` that also contain `partner` (0 when `first` never occurs). */
export function partnerRate(stats: SceneStatistics, first: ObjectKind, partner: ObjectKind): number {
  const firstCount = stats.frequency[kindKey(first)];
  return firstCount === 0 ? 0 : stats.coOccurrence[kindKey(first)][kindKey(partner)] / firstCount;
}
