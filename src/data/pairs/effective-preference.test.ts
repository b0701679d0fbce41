// The decision applied to what a pair trains on: texts and FiSAO token weights follow a swap, and
// an edited side loses its weights (they were for the tokens of the text it replaced).
import { describe, expect, test } from 'vitest';
import { effectivePreference, effectiveWeights } from './effective-preference';
import type { PairRecord } from './pair-records';

const pair: PairRecord = {
  id: 'p',
  method: 'fisao',
  prompt: 'Describe the image.',
  image: { scene: { split: 'train', seed: 9, index: 0 } },
  chosen: 'A red circle.',
  rejected: 'A red circle and a cat.',
  chosenWeights: [1, 1, 1],
  rejectedWeights: [1, 1, 1, 1, -2],
};

describe('a pair with its decision applied', () => {
  test("accepted and pending keep the method's texts and weights", () => {
    for (const review of [undefined, { status: 'accepted' as const }]) {
      expect(effectivePreference({ ...pair, review })).toMatchObject({ chosen: pair.chosen, rejected: pair.rejected });
      expect(effectiveWeights({ ...pair, review })).toEqual({
        chosenWeights: pair.chosenWeights,
        rejectedWeights: pair.rejectedWeights,
      });
    }
  });

  test('a swap exchanges the texts and carries the weights along', () => {
    const swapped = { ...pair, review: { status: 'swapped' as const } };
    expect(effectivePreference(swapped)).toMatchObject({ chosen: pair.rejected, rejected: pair.chosen });
    expect(effectiveWeights(swapped)).toEqual({
      chosenWeights: pair.rejectedWeights,
      rejectedWeights: pair.chosenWeights,
    });
  });

  test('an edited side has its new text and no weights; the other side keeps its weights, swapped or not', () => {
    const edited = { ...pair, review: { status: 'accepted' as const, editedChosen: 'A red circle on top.' } };
    expect(effectivePreference(edited)).toMatchObject({ chosen: 'A red circle on top.', rejected: pair.rejected });
    expect(effectiveWeights(edited)).toEqual({ chosenWeights: undefined, rejectedWeights: pair.rejectedWeights });

    const editedThenSwapped = { ...pair, review: { status: 'swapped' as const, editedRejected: 'A cat.' } };
    expect(effectivePreference(editedThenSwapped)).toMatchObject({ chosen: 'A cat.', rejected: pair.chosen });
    expect(effectiveWeights(editedThenSwapped)).toEqual({
      chosenWeights: undefined,
      rejectedWeights: pair.chosenWeights,
    });
  });

  test('an empty edit box is no edit', () => {
    const blank = { ...pair, review: { status: 'accepted' as const, editedChosen: '  ' } };
    expect(effectivePreference(blank).chosen).toBe(pair.chosen);
    expect(effectiveWeights(blank).chosenWeights).toEqual(pair.chosenWeights);
  });
});
