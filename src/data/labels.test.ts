import { describe, expect, it } from 'vitest';
import { formatCounts, methodName } from './labels';

describe('labels the views show', () => {
  it('names the methods as their papers do', () => {
    expect(['sima', 'seva', 'csr', 'fisao'].map(methodName)).toEqual(['SIMA', 'SeVa', 'CSR', 'FiSAO']);
    expect(methodName('other')).toBe('other');
  });

  it('shows counts in words, items and pairs first, and only the reasons that happened', () => {
    expect(formatCounts({ items: 5, pairs: 2, noReference: 0, identical: 3, noVerdict: 0, disagreed: 0 })).toBe(
      'items 5 · pairs 2 · both answers the same 3',
    );
    expect(formatCounts({ noMentions: 1, items: 2, pairs: 0, tied: 0, unalignedAnswers: 4 })).toBe(
      'items 2 · pairs 0 · no objects named 1 · answers whose tokens could not be matched to words 4',
    );
    expect(formatCounts({ items: 1, pairs: 1, noReference: 0 })).not.toMatch(/noReference|unaligned|0 ·/);
  });
});
