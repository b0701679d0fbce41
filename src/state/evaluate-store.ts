import { create } from 'zustand';
import { persist } from 'zustand/middleware';

/** Which metric's items are listed below the tables. */
export type MetricKey =
  | 'chair'
  | 'attr'
  | `pope:${'random' | 'popular' | 'adversarial'}`
  | `qa:${'colour' | 'count' | 'position' | 'relation'}`
  | 'critic';

interface EvaluateState {
  n: number;
  seed: number;
  running: boolean;
  done: number;
  total: number;
  startedAt: number;
  error?: string;
  selectedRunId?: string;
  metric?: MetricKey;
  setParams(params: Partial<Pick<EvaluateState, 'n' | 'seed'>>): void;
  start(): void;
  progress(done: number, total: number): void;
  finish(runId?: string, error?: string): void;
  selectRun(id: string | undefined): void;
  pickMetric(metric: MetricKey | undefined): void;
}

export const useEvaluateStore = create<EvaluateState>()(
  persist(
    (set) => ({
      n: 100,
      seed: 1234,
      running: false,
      done: 0,
      total: 0,
      startedAt: 0,
      setParams: (params) => set(params),
      start: () => set({ running: true, done: 0, total: 0, startedAt: Date.now(), error: undefined }),
      progress: (done, total) => set({ done, total }),
      finish: (runId, error) => set((s) => ({ running: false, error, selectedRunId: runId ?? s.selectedRunId })),
      selectRun: (selectedRunId) => set({ selectedRunId, metric: undefined }),
      pickMetric: (metric) => set({ metric }),
    }),
    {
      name: 'selfalign.evaluate',
      partialize: (s) => ({ n: s.n, seed: s.seed, selectedRunId: s.selectedRunId, metric: s.metric }),
    },
  ),
);
