// The Train view's and `selfalign train`'s choice of pairs: by method and review status, as stored (each
// decision is applied when the pairs are tokenised), and one sentence when a choice gives none.
import { describe, expect, test } from 'vitest';
import { reviewedPairs } from '../export/reviewed-pairs.testing';
import { DEFAULT_TRAINING_STATUSES, pairsForTraining } from './training-choice';

const pairs = reviewedPairs();
const hint = 'tick their status to train on them';
const ids = (method: string, statuses = DEFAULT_TRAINING_STATUSES) =>
  pairsForTraining(pairs, { method, statuses }, hint).map((pair) => pair.id);

describe('choosing pairs to train on', () => {
  test('by default the decided pairs (accepted and swapped), in order', () => {
    expect(ids('')).toEqual(['oracle-0', 'oracle-1', 'oracle-2', 'oracle-3', 'photo-a', 'seva-again', 'photo-b']);
  });

  test("other statuses and one method's pairs when asked", () => {
    expect(ids('', ['pending', 'tie'])).toEqual(['oracle-4', 'oracle-6']);
    expect(ids('seva')).toEqual(['oracle-1']);
    expect(ids('oracle', ['accepted'])).toEqual(['oracle-2', 'seva-again']);
  });

  test('as they are stored: the decision is applied when they are tokenised', () => {
    const [swapped] = pairsForTraining(pairs, { method: 'seva', statuses: ['swapped'] }, hint);
    expect(swapped).toBe(pairs[1]);
  });

  test('a choice that gives no pair is one sentence', () => {
    expect(() => pairsForTraining([], { method: '', statuses: DEFAULT_TRAINING_STATUSES }, hint)).toThrow(
      'There are no pairs to train on; import a pairs file first.',
    );
    expect(() => ids('', [])).toThrow('Choose at least one review status to train on.');
    expect(() => ids('fisao')).toThrow('There are no fisao pairs to train on.');
    expect(() => ids('seva', ['both-bad'])).toThrow(
      'No pair has the status both-bad (the pairs are 1 swapped): tick their status to train on them.',
    );
  });
});
