import { describe, expect, it } from 'vitest';
import { liveAnswerStatuses } from './live-answer-status';

describe('liveAnswerStatuses', () => {
  it('shows every one of the K answers from the start: the first reading the image, the others waiting', () => {
    expect(liveAnswerStatuses([[], [], []], 64, false).map((s) => s.label)).toEqual([
      'reading the image…',
      'waiting for its first token',
      'waiting for its first token',
    ]);
  });

  it('decoded as one batch, each column counts its own tokens', () => {
    const statuses = liveAnswerStatuses(
      [
        [1, 2, 3, 4],
        [1, 2, 3],
        [1, 2, 3],
      ],
      16,
      true,
    );
    expect(statuses.map((s) => s.label)).toEqual(['4 / 16 tokens', '3 / 16 tokens', '3 / 16 tokens']);
    expect(statuses[0]!.fraction).toBe(0.25);
  });

  it('decoded one after another, the answers before the decoding one are done', () => {
    const statuses = liveAnswerStatuses([[1, 2, 3], [1, 2, 3, 4, 5, 6, 7, 8], []], 16, false);
    expect(statuses.map((s) => s.state)).toEqual(['done', 'decoding', 'waiting']);
    expect(statuses[0]!.label).toBe('done · 3 tokens');
    expect(statuses[1]).toEqual({ state: 'decoding', label: 'decoding · 8 / 16 tokens', fraction: 0.5 });
  });
});
