import { describe, expect, it } from 'vitest';
import { wordDiff } from './word-diff';

describe('wordDiff', () => {
  it('marks the words only one answer has', () => {
    expect(wordDiff('A red circle and a blue star.', 'A red square and a blue star.')).toEqual([
      { text: 'A red', kind: 'same' },
      { text: 'circle', kind: 'removed' },
      { text: 'square', kind: 'added' },
      { text: 'and a blue star.', kind: 'same' },
    ]);
  });

  it('handles empty and identical texts', () => {
    expect(wordDiff('', 'Two stars.')).toEqual([{ text: 'Two stars.', kind: 'added' }]);
    expect(wordDiff('Two stars.', 'Two stars.')).toEqual([{ text: 'Two stars.', kind: 'same' }]);
  });
});
