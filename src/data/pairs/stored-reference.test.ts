// Stored reference log-probs are reused only for the texts they were computed for.
import { describe, expect, test } from 'vitest';
import { effectivePreference } from './effective-preference';
import type { PairRecord, PairReview } from './pair-records';
import { referenceToStore, reusableReference } from './stored-reference';

const original: PairRecord = {
  id: 'p',
  method: 'sima',
  prompt: 'Describe the image.',
  image: { scene: { split: 'train', seed: 9, index: 0 } },
  chosen: 'A red circle.',
  rejected: 'A red circle and a cat.',
};
/** Written before references kept their texts: they are for the method's original answers. */
const oldFormat = { model: 'shapes-vlm', chosen: [-1, -2], rejected: [-3, -4, -5] };

const withReview = (review: PairReview | undefined, reference = oldFormat): PairRecord => ({
  ...original,
  review,
  reference,
});
const reuse = (pair: PairRecord, model = 'shapes-vlm') => {
  const { chosen, rejected } = effectivePreference(pair);
  return reusableReference(pair, model, { chosen, rejected });
};

describe('reference log-probs reused by text', () => {
  test('an old-format reference serves the unedited originals, for its model only', () => {
    expect(reuse(withReview(undefined))).toEqual({ chosen: [-1, -2], rejected: [-3, -4, -5] });
    expect(reuse(withReview({ status: 'accepted' }))).toEqual({ chosen: [-1, -2], rejected: [-3, -4, -5] });
    expect(reuse(withReview(undefined), 'tiny-hub-smolvlm')).toBeUndefined();
    expect(reuse({ ...original })).toBeUndefined();
  });

  test('a swap reuses both sides, exchanged', () => {
    expect(reuse(withReview({ status: 'swapped' }))).toEqual({ chosen: [-3, -4, -5], rejected: [-1, -2] });
  });

  test('an edited side is not reused', () => {
    expect(reuse(withReview({ status: 'accepted', editedChosen: 'A red circle on top.' }))).toBeUndefined();
    expect(reuse(withReview({ status: 'swapped', editedRejected: 'A cat.' }))).toBeUndefined();
  });

  test('a reference stored for edited, swapped texts serves exactly those texts, and not the originals', () => {
    const review: PairReview = { status: 'swapped', editedRejected: 'A cat.' };
    const texts = effectivePreference({ ...original, review });
    const stored = referenceToStore('shapes-vlm', texts, { chosen: [-7], rejected: [-1, -2] });
    expect(stored).toEqual({
      model: 'shapes-vlm',
      chosen: [-7],
      rejected: [-1, -2],
      chosenText: 'A cat.',
      rejectedText: original.chosen,
    });
    expect(reuse(withReview(review, stored))).toEqual({ chosen: [-7], rejected: [-1, -2] });
    // The edit undone and the swap kept: the original rejected text was never computed.
    expect(reuse(withReview({ status: 'swapped' }, stored))).toBeUndefined();
    // The edit kept, the swap undone: the same two texts, on the other sides.
    expect(reuse(withReview({ status: 'accepted', editedRejected: 'A cat.' }, stored))).toEqual({
      chosen: [-1, -2],
      rejected: [-7],
    });
  });
});
