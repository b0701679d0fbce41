import { describe, expect, it } from 'vitest';
import { createRng, describeObjects, describeScene, injectError, sampleScene, withArticle } from '../../world';
import { pairQuality } from './pair-quality';
import type { PairRecord } from './pair-records';

describe('pairQuality', () => {
  it('counts pairs whose chosen answer hallucinates less, as much, or more than the rejected one', () => {
    const rng = createRng(1);
    const scene = (index: number) => sampleScene('train', 3, index);
    const truth = (index: number) => describeScene(scene(index));
    const withPhantom = (index: number) => describeObjects(injectError(scene(index).objects, 'object', rng).objects);
    const pair = (index: number, chosen: string, rejected: string): PairRecord => ({
      id: `p${index}`,
      method: 'test',
      prompt: 'Describe the image.',
      image: { scene: { split: 'train', seed: 3, index } },
      chosen,
      rejected,
    });
    const quality = pairQuality([
      pair(0, truth(0), withPhantom(0)),
      pair(1, withPhantom(1), truth(1)),
      pair(2, truth(2), `${truth(2)} `),
      { ...pair(3, 'a', 'b'), image: { path: 'cat.png' } },
    ]);
    expect(quality).toMatchObject({ judged: 3, chosenFewer: 1, same: 1, chosenMore: 1 });
    expect(quality.chairIChosen).toBeGreaterThan(0);
    expect(quality.chairIRejected).toBeGreaterThan(0);
  });

  it('judges existence-question pairs by their yes/no against the scene, apart from the descriptions', () => {
    const scene = sampleScene('train', 3, 0);
    const present = scene.objects[0]!;
    const question = `Is there ${withArticle(`${present.colour} ${present.shape}`)} in the image?`;
    const look = `I see ${scene.objects.length} things`;
    const pair = (chosen: string, rejected: string): PairRecord => ({
      id: chosen,
      method: 'test',
      prompt: question,
      image: { scene: { split: 'train', seed: 3, index: 0 } },
      chosen,
      rejected,
    });
    const quality = pairQuality([
      pair(`${look}, so yes.`, `${look}, so no.`),
      pair(`${look}, so no.`, `${look}, so yes.`),
      pair(`${look}, so yes.`, `${look}, so yes!`),
      { ...pair('A red circle.', 'A red circle.'), prompt: 'Describe the image.' },
    ]);
    expect(quality.existence).toEqual({ judged: 3, chosenRight: 1, same: 1, chosenWrong: 1 });
    expect(quality.judged).toBe(1);
    expect(pairQuality([]).existence).toBeUndefined();
  });
});
