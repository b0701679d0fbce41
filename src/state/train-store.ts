import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { DpoSettings } from '../engine/dpo/dpo-options';
import type { DpoStepLog } from '../engine/dpo/dpo-trainer';
import { DEFAULT_DPO_SETTINGS } from '../workers/training-client';
import { DEFAULT_TRAINING_STATUSES, type TrainingChoice } from '../data/pairs/training-choice';
import type { TrainingPhase } from '../workers/training-api';

/** What the Train view shows of the run in progress. */
export interface LiveTraining {
  runId: string;
  phase: TrainingPhase | 'training';
  phaseDone: number;
  phaseTotal: number;
  logs: DpoStepLog[];
  device?: string;
  memoryMiB?: number | null;
  startedAt: number;
  /** Steps already done when this session of the run started (a resumed run starts above 0). */
  firstStep: number;
  stopping?: 'pause' | 'cancel';
  /** Shown with the progress, e.g. why the run moved from WebGPU to WebAssembly. */
  note?: string;
}

/** Where to train: 'auto' = the page's short probe decides; 'webgpu' or 'wasm' force it. */
export type TrainingDevicePick = 'auto' | 'webgpu' | 'wasm';

interface TrainState {
  settings: DpoSettings;
  device: TrainingDevicePick;
  setDevice(device: TrainingDevicePick): void;
  checkpointEvery: number;
  /** '' = every pair, else one method's pairs. */
  methodFilter: string;
  /** The review statuses of the pairs to train on (default: accepted and swapped). */
  statusFilter: TrainingChoice['statuses'];
  selectedRunId?: string;
  live?: LiveTraining;
  error?: string;
  setSettings(settings: Partial<DpoSettings>): void;
  setLora(lora: Partial<DpoSettings['lora']>): void;
  setCheckpointEvery(steps: number): void;
  setMethodFilter(method: string): void;
  setStatusFilter(statuses: TrainingChoice['statuses']): void;
  selectRun(id: string | undefined): void;
  startLive(
    live: Omit<LiveTraining, 'phase' | 'phaseDone' | 'phaseTotal' | 'logs' | 'startedAt'> & { logs: DpoStepLog[] },
  ): void;
  updateLive(patch: Partial<LiveTraining>): void;
  pushLog(log: DpoStepLog, device: string, memoryMiB: number | null): void;
  endLive(error?: string): void;
  setError(error?: string): void;
}

export const useTrainStore = create<TrainState>()(
  persist(
    (set) => ({
      settings: DEFAULT_DPO_SETTINGS,
      device: 'auto',
      setDevice: (device) => set({ device }),
      checkpointEvery: 10,
      methodFilter: '',
      statusFilter: DEFAULT_TRAINING_STATUSES,
      setSettings: (settings) => set((s) => ({ settings: { ...s.settings, ...settings } })),
      setLora: (lora) => set((s) => ({ settings: { ...s.settings, lora: { ...s.settings.lora, ...lora } } })),
      setCheckpointEvery: (checkpointEvery) => set({ checkpointEvery }),
      setMethodFilter: (methodFilter) => set({ methodFilter }),
      setStatusFilter: (statusFilter) => set({ statusFilter }),
      selectRun: (selectedRunId) => set({ selectedRunId }),
      startLive: (live) =>
        set({
          live: { ...live, phase: 'loading', phaseDone: 0, phaseTotal: 1, startedAt: Date.now() },
          error: undefined,
          selectedRunId: live.runId,
        }),
      updateLive: (patch) => set((s) => (s.live ? { live: { ...s.live, ...patch } } : {})),
      pushLog: (log, device, memoryMiB) =>
        set((s) =>
          s.live ? { live: { ...s.live, phase: 'training', logs: [...s.live.logs, log], device, memoryMiB } } : {},
        ),
      endLive: (error) => set({ live: undefined, error }),
      setError: (error) => set({ error }),
    }),
    {
      name: 'selfalign.train',
      partialize: (s) => ({
        settings: s.settings,
        device: s.device,
        checkpointEvery: s.checkpointEvery,
        methodFilter: s.methodFilter,
        statusFilter: s.statusFilter,
        selectedRunId: s.selectedRunId,
      }),
    },
  ),
);
