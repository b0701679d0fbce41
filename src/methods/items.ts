import { describeScene, DESCRIBE_PROMPT, rasterizeScene, sampleScene, type Split } from '../world';
import type { MethodItem } from './method-runtime';

/** n shapes-world scenes of a split as method items: the describe prompt, the true description as reference. */
export function shapesItems(split: Split, seed: number, n: number, start = 0): MethodItem[] {
  return Array.from({ length: n }, (_, i) => {
    const index = start + i;
    const scene = sampleScene(split, seed, index);
    return {
      id: `${split}-${seed}-${index}`,
      image: rasterizeScene(scene),
      imageRef: { scene: { split, seed, index } },
      prompt: DESCRIBE_PROMPT,
      reference: describeScene(scene),
      scene,
    };
  });
}
