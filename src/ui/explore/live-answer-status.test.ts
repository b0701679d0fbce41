import { describe, expect, it } from 'vitest';
import { liveAnswerStatuses } from './live-answer-status';

describe('liveAnswerStatuses', () => {
  it('shows every one of the K answers from the start: the first reading the image, the others queued', () => {
    expect(liveAnswerStatuses([[], [], []], 64).map((s) => s.label)).toEqual([
      'reading the image…',
      'queued · starts after #1',
      'queued · starts after #2',
    ]);
  });

  it('marks the answers before the decoding one done, with its own progress', () => {
    const statuses = liveAnswerStatuses([[1, 2, 3], [1, 2, 3, 4, 5, 6, 7, 8], []], 16);
    expect(statuses.map((s) => s.state)).toEqual(['done', 'decoding', 'queued']);
    expect(statuses[0]!.label).toBe('done · 3 tokens');
    expect(statuses[1]).toEqual({ state: 'decoding', label: 'decoding · 8 / 16 tokens', fraction: 0.5 });
  });
});
