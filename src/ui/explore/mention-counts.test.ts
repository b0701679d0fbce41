import { describe, expect, it } from 'vitest';
import { mentionCounts } from './mention-counts';

const mention = (verdict: 'correct' | 'hallucinated' | 'attribute-error') => ({ verdict }) as never;

describe('mentionCounts', () => {
  it('counts the wrong attributes beside the hallucinated objects', () => {
    const chair = {
      mentions: [mention('correct'), mention('hallucinated'), mention('attribute-error'), mention('attribute-error')],
    };
    expect(mentionCounts(chair)).toBe('1 hallucinated object · 2 wrong attributes');
  });

  it('says none of either when every object is right', () => {
    expect(mentionCounts({ mentions: [mention('correct')] })).toBe('0 hallucinated objects · 0 wrong attributes');
  });
});
