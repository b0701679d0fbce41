// FiSAO's object mentions, rewards and token weights (on the model: pipeline/fisao.test.ts).
import { describe, expect, it } from 'vitest';
import { tokenWeights } from './answer-rewards';
import { fisaoReward } from './calibration';
import { objectMentions, objectPrompts } from './object-mentions';

describe('object mentions', () => {
  it('puts a shapes object on its colour and shape words, not its article or size; denied objects are not mentions', () => {
    const text = 'A large red circle at the top left. There is no green star. The square is blue.';
    expect(objectMentions(text, 'shapes')).toEqual([
      { object: 'red circle', text: 'red circle', start: 8, end: 18 },
      { object: 'blue square', text: 'square', start: 64, end: 70 },
    ]);
  });

  it('reads COCO objects with their synonyms for other images', () => {
    expect(objectMentions('Two puppies sleep on a sofa.', 'coco')).toEqual([
      { object: 'dog', text: 'puppies', start: 4, end: 11 },
      { object: 'couch', text: 'sofa', start: 23, end: 27 },
    ]);
    expect(objectPrompts('dog', 'coco')).toEqual(['a photo of a dog']);
  });

  it("writes a shapes object the way shapes-clip's captions are written, at every size and cell", () => {
    const prompts = objectPrompts('red circle', 'shapes');
    expect(prompts).toHaveLength(18);
    expect(prompts).toContain('A large red circle at the top left.');
    expect(objectPrompts('circle', 'shapes')).toHaveLength(7 * 18);
  });
});

describe('rewards and weights', () => {
  it('maps a score between the baselines to [−1, 1], 0 halfway', () => {
    const calibration = { muCorrect: 0.5, muHallucinated: 0.3 };
    expect([0.2, 0.3, 0.4, 0.5, 0.6].map((s) => fisaoReward(s, calibration))).toEqual([
      -1,
      -1,
      expect.closeTo(0, 9),
      1,
      1,
    ]);
  });

  it('weights correct objects up in the chosen answer and hallucinated ones up in the rejected one; the end-of-turn token counts 1', () => {
    const tokens = [
      { text: ' A', reward: 0 },
      { text: ' red', reward: 0.5 },
      { text: ' star', reward: -1 },
    ];
    expect(tokenWeights(tokens, 'chosen', 1)).toEqual([1, 1.5, 0, 1]);
    expect(tokenWeights(tokens, 'rejected', 1)).toEqual([1, 0.5, 2, 1]);
    expect(tokenWeights(tokens, 'rejected', 0.5)).toEqual([1, 0.75, 1.5, 1]);
  });
});
