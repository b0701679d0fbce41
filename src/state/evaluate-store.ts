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
  /** The stored adapter Evaluate scores ('' = the base model, the default). */
  adapterId: string;
  running: boolean;
  done: number;
  total: number;
  startedAt: number;
  error?: string;
  selectedRunId?: string;
  metric?: MetricKey;
  /** The earlier result the shown one is compared with (paired), if any. */
  compareWithId?: string;
  setParams(params: Partial<Pick<EvaluateState, 'n' | 'seed' | 'adapterId'>>): void;
  start(): void;
  progress(done: number, total: number): void;
  finish(runId?: string, error?: string): void;
  selectRun(id: string | undefined): void;
  pickMetric(metric: MetricKey | undefined): void;
  compareWith(id: string | undefined): void;
}

export const useEvaluateStore = create<EvaluateState>()(
  persist(
    (set) => ({
      n: 100,
      seed: 1234,
      adapterId: '',
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
      compareWith: (compareWithId) => set({ compareWithId }),
    }),
    {
      name: 'selfalign.evaluate',
      partialize: (s) => ({
        n: s.n,
        seed: s.seed,
        adapterId: s.adapterId,
        selectedRunId: s.selectedRunId,
        metric: s.metric,
        compareWithId: s.compareWithId,
      }),
    },
  ),
);
