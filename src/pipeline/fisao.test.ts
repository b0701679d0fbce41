// FiSAO's rewards with the committed shapes-clip, calibrated on shapes-vlm's own answers through the
// pipeline's runtime adapter: on a scene with one present and one absent object, the reward lands on
// exactly the tokens that name each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SampledAnswer } from '../runtime/types';
import { rasterizeScene, sampleScene, type Scene } from '../world';
import { loadShapesRuntime, type ShapesRuntime } from './shapes-runtime.testing';
import type { MethodItem, MethodRuntime } from '../methods/method-runtime';
import { rewardAnswer, tokenWeights } from '../methods/fisao/answer-rewards';
import { calibrateFisao, fisaoCalibrationItems, type FisaoCalibration } from '../methods/fisao/calibration';
import { DEFAULT_FISAO_OPTIONS } from '../methods/fisao/fisao';
import { isPresent, objectMentions, objectPrompts } from '../methods/fisao/object-mentions';
import { sampleObjects } from '../methods/fisao/sampled-objects';

describe('FiSAO with shapes-clip on shapes-vlm', () => {
  let shapes: ShapesRuntime;
  let runtime: MethodRuntime;
  let calibration: FisaoCalibration;

  beforeAll(async () => {
    shapes = await loadShapesRuntime();
    runtime = shapes.runtime;
    calibration = await calibrateFisao(runtime, fisaoCalibrationItems(3, 40), DEFAULT_FISAO_OPTIONS);
  }, 120_000);

  afterAll(() => shapes.dispose());

  it("calibrates on the model's own answers: correct objects score above hallucinated ones", () => {
    expect(calibration).toMatchObject({ vocabulary: 'shapes', items: 40, answers: 160 });
    expect(calibration.nCorrect).toBeGreaterThan(calibration.nHallucinated);
    expect(calibration.nHallucinated).toBeGreaterThan(0);
    expect(calibration.muCorrect).toBeGreaterThan(calibration.muHallucinated);
    expect(calibration.threshold).toBeCloseTo((calibration.muCorrect + calibration.muHallucinated) / 2, 9);
    expect(calibration.accuracy).toBeGreaterThan(0.7);
  });

  it('rewards a present object and penalises an absent one on exactly their tokens', async () => {
    const base = sampleScene('train', 5, 0);
    const scene: Scene = { ...base, objects: [{ shape: 'circle', colour: 'red', size: 'large', cell: 'top left' }] };
    const item: MethodItem = {
      id: 'one-circle',
      image: rasterizeScene(scene),
      imageRef: { scene: { split: 'train', seed: 5, index: 0 } },
      prompt: 'Describe the image.',
      scene,
    };
    const pieces = [
      ' A',
      ' large',
      ' red',
      ' circle',
      ' at',
      ' the',
      ' top',
      ' left',
      '.',
      ' A',
      ' small',
      ' blue',
      ' star',
      ' at',
      ' the',
      ' bottom',
      '.',
      '<end_of_utterance>',
    ];
    const text = pieces.slice(0, -1).join('').trim();
    const answer: SampledAnswer = {
      index: 0,
      seed: 0,
      text,
      finished: true,
      sumLogprob: 0,
      tokens: pieces.map((piece, i) => ({ tokenId: i, text: piece, logprob: 0, top: [] })),
    };
    const mentions = objectMentions(text, 'shapes');
    expect(mentions.map((m) => [m.object, isPresent(m.object, { scene })])).toEqual([
      ['red circle', true],
      ['blue star', false],
    ]);
    const [present, absent] = await shapes.clip
      .similarities(item.image, [...objectPrompts('red circle', 'shapes'), ...objectPrompts('blue star', 'shapes')])
      .then((s) => [Math.max(...s.slice(0, 18)), Math.max(...s.slice(18))]);

    const rewarded = rewardAnswer(
      answer,
      mentions,
      new Map([
        ['red circle', present!],
        ['blue star', absent!],
      ]),
      calibration,
    )!;
    const rewards = rewarded.tokens.map((token) => token.reward);
    expect(rewarded.tokens.map((token) => token.text)).toEqual(pieces.slice(0, -1));
    expect(rewards[2]).toBeGreaterThan(0);
    expect(rewards[3]).toBe(rewards[2]);
    expect(rewards[11]).toBeLessThan(0);
    expect(rewards[12]).toBe(rewards[11]);
    expect(rewards.filter((_, i) => ![2, 3, 11, 12].includes(i)).every((r) => r === 0)).toBe(true);
    expect(rewarded.mentions.map((m) => [m.object, m.r])).toEqual([
      ['red circle', rewards[2]],
      ['blue star', rewards[11]],
    ]);
    expect(rewarded.score).toBeCloseTo(rewards[2]! + rewards[11]!, 12);
    expect(tokenWeights(rewarded.tokens, 'chosen', 1)).toHaveLength(pieces.length);
  });

  it('scores every object the sampled answers name, the same for the same seed, alone or beside other items', async () => {
    const items = fisaoCalibrationItems(3, 3);
    const together = await sampleObjects(runtime, items, DEFAULT_FISAO_OPTIONS);
    expect(together).toHaveLength(3);
    for (const [i, sampled] of together.entries()) {
      expect(sampled.answers).toHaveLength(DEFAULT_FISAO_OPTIONS.k);
      expect([...sampled.scores.keys()].sort()).toEqual(
        [...new Set(sampled.mentions.flat().map((m) => m.object))].sort(),
      );
      expect(await sampleObjects(runtime, [items[i]!], DEFAULT_FISAO_OPTIONS)).toEqual([sampled]);
    }
    expect(new Set(together.map((sampled) => sampled.answers[0]!.text)).size).toBeGreaterThan(1);
  });
});
