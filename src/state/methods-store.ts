import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { MethodSettings } from '../data/runs';

interface MethodsState {
  settings: MethodSettings;
  /** The run's items: shapes-world pool scenes, or the gallery's images with their prompts. */
  source: 'scenes' | 'gallery';
  /** Pool-split scenes from `start`, n of them, drawn with `sceneSeed`. */
  n: number;
  start: number;
  sceneSeed: number;
  running: boolean;
  done: number;
  total: number;
  startedAt: number;
  /** FiSAO's calibration in progress (images done of its images), before the items. */
  calibration?: { done: number; total: number };
  error?: string;
  selectedRunId?: string;
  selectedPairId?: string;
  setSettings(settings: Partial<MethodSettings>): void;
  setScenes(scenes: Partial<Pick<MethodsState, 'n' | 'start' | 'sceneSeed' | 'source'>>): void;
  begin(runId: string): void;
  progress(done: number, total: number): void;
  calibrating(done: number, total: number): void;
  finish(error?: string): void;
  selectRun(id: string | undefined): void;
  selectPair(id: string | undefined): void;
}

export const useMethodsStore = create<MethodsState>()(
  persist(
    (set) => ({
      settings: { method: 'sima', seed: 1, bothOrders: false, augmentation: 'diffusion', t: 500 },
      source: 'scenes',
      n: 20,
      start: 0,
      sceneSeed: 1,
      running: false,
      done: 0,
      total: 0,
      startedAt: 0,
      setSettings: (settings) => set((s) => ({ settings: { ...s.settings, ...settings } })),
      setScenes: (scenes) => set(scenes),
      begin: (selectedRunId) =>
        set({
          running: true,
          done: 0,
          total: 0,
          startedAt: Date.now(),
          calibration: undefined,
          error: undefined,
          selectedRunId,
          selectedPairId: undefined,
        }),
      progress: (done, total) => set({ done, total, calibration: undefined }),
      calibrating: (done, total) => set({ calibration: { done, total }, startedAt: Date.now() }),
      finish: (error) => set({ running: false, calibration: undefined, error }),
      selectRun: (selectedRunId) => set({ selectedRunId, selectedPairId: undefined }),
      selectPair: (selectedPairId) => set({ selectedPairId }),
    }),
    {
      name: 'selfalign.methods',
      partialize: (s) => ({
        settings: s.settings,
        source: s.source,
        n: s.n,
        start: s.start,
        sceneSeed: s.sceneSeed,
        selectedRunId: s.selectedRunId,
        selectedPairId: s.selectedPairId,
      }),
    },
  ),
);
