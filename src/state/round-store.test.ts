import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useRoundStore } from './round-store';

describe('the round store', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => {
    vi.useRealTimers();
    useRoundStore.getState().endLive();
  });

  it('adds each finished stage’s units and time to its kind, counting a resumed stage from where it resumed', () => {
    const store = useRoundStore.getState();
    store.startStage('run-1', { round: 1, kind: 'pairs' }, 4);
    vi.setSystemTime(4000);
    store.progress(4, 4);
    useRoundStore.getState().endStage();
    // Training resumed from a checkpoint at step 6: only the 4 steps of this session count.
    useRoundStore.getState().startStage('run-1', { round: 1, kind: 'train' }, 10, 6, 'resumed');
    expect(useRoundStore.getState().live).toMatchObject({ done: 6, firstUnit: 6, note: 'resumed' });
    vi.setSystemTime(6000);
    useRoundStore.getState().progress(10, 10);
    useRoundStore.getState().endStage();
    // The base model's evaluation and the adapted ones are one kind.
    useRoundStore.getState().startStage('run-1', { round: 1, kind: 'base-eval' }, 6);
    vi.setSystemTime(9000);
    useRoundStore.getState().progress(6, 6);
    useRoundStore.getState().endStage();
    expect(useRoundStore.getState().live?.timings).toEqual({
      pairs: { units: 4, ms: 4000 },
      train: { units: 4, ms: 2000 },
      eval: { units: 6, ms: 3000 },
    });
    // Another run starts with no timings.
    useRoundStore.getState().startStage('run-2', { round: 1, kind: 'pairs' }, 4);
    expect(useRoundStore.getState().live?.timings).toEqual({});
    expect(useRoundStore.getState().selectedRunId).toBe('run-2');
  });
});
