import { createRng, describeObjects, describeScene, DESCRIBE_PROMPT, injectError, sampleScene } from '../../world';
import type { PairRecord } from './pair-records';

/** Pairs with a known answer for tests: true descriptions of train scenes (seed 9) against the same with one object added. */
export function oraclePairs(n: number): PairRecord[] {
  const rng = createRng(5);
  return Array.from({ length: n }, (_, index) => {
    const scene = sampleScene('train', 9, index);
    return {
      id: `oracle-${index}`,
      method: 'oracle',
      prompt: DESCRIBE_PROMPT,
      image: { scene: { split: 'train', seed: 9, index } },
      chosen: describeScene(scene),
      rejected: describeObjects(injectError(scene.objects, 'object', rng).objects),
    };
  });
}
