import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { MethodName, MethodSettings } from '../data/runs';
import type { RoundItems, RoundReviewMode } from '../data/round-records';
import type { RoundStage, StageTimings } from '../data/round-stages';
import { DEFAULT_DPO_SETTINGS } from '../workers/training-client';

/** The Round view's form: the method and its items, training's settings (the Train view's defaults), the evaluation and the rounds. */
export interface RoundForm {
  method: MethodSettings;
  /** More methods to run after `method`, each its own run with the same settings (absent in older forms: none). */
  alsoMethods?: MethodName[];
  /** Absent in a form persisted before the choice: shapes scenes. */
  items?: RoundItems;
  n: number;
  review: RoundReviewMode;
  steps: number;
  batchSize: number;
  peakLr: number;
  beta: number;
  /** DPO's SFT term (TRL's rpo_alpha). */
  sftWeight: number;
  warmupSteps: number;
  checkpointEvery: number;
  evalN: number;
  rounds: number;
}

/** What the view shows of the stage in progress. */
export interface LiveRound {
  runId: string;
  stage: RoundStage;
  done: number;
  total: number;
  /** Units of this stage already done when this session of it started (training resumed from a checkpoint). */
  firstUnit: number;
  stageStartedAt: number;
  /** Units done and time taken by the stages finished in this session, per kind (for the ETA). */
  timings: StageTimings;
  /** e.g. training's phase before its steps, or that the stage resumed after a reload. */
  note?: string;
}

export const DEFAULT_ROUND_FORM: RoundForm = {
  method: { method: 'seva', seed: 1, bothOrders: false, augmentation: 'diffusion', t: 500 },
  items: 'scenes',
  n: 20,
  review: 'accept',
  steps: 20,
  batchSize: DEFAULT_DPO_SETTINGS.batchSize,
  peakLr: DEFAULT_DPO_SETTINGS.peakLr,
  beta: DEFAULT_DPO_SETTINGS.beta,
  sftWeight: DEFAULT_DPO_SETTINGS.sftWeight ?? 0,
  warmupSteps: DEFAULT_DPO_SETTINGS.warmupSteps,
  checkpointEvery: 5,
  evalN: 20,
  rounds: 2,
};

interface RoundState {
  form: RoundForm;
  selectedRunId?: string;
  /** The round (1-based) whose changed scenes are listed, and the scene opened. */
  shownRound?: number;
  openScene?: string;
  live?: LiveRound;
  error?: string;
  setForm(form: Partial<RoundForm>): void;
  setMethod(method: Partial<MethodSettings>): void;
  selectRun(id: string | undefined): void;
  showRound(round: number | undefined): void;
  openSceneOf(id: string | undefined): void;
  startStage(runId: string, stage: RoundStage, total: number, firstUnit?: number, note?: string): void;
  progress(done: number, total: number, note?: string): void;
  /** Closes the stage in progress, adding its units and time to the timings. */
  endStage(): void;
  endLive(error?: string): void;
  setError(error?: string): void;
}

const timingKind = (stage: RoundStage) => (stage.kind === 'base-eval' ? 'eval' : stage.kind);

export const useRoundStore = create<RoundState>()(
  persist(
    (set) => ({
      form: DEFAULT_ROUND_FORM,
      setForm: (form) => set((s) => ({ form: { ...s.form, ...form } })),
      setMethod: (method) => set((s) => ({ form: { ...s.form, method: { ...s.form.method, ...method } } })),
      selectRun: (selectedRunId) => set({ selectedRunId, shownRound: undefined, openScene: undefined }),
      showRound: (shownRound) => set({ shownRound, openScene: undefined }),
      openSceneOf: (openScene) => set({ openScene }),
      startStage: (runId, stage, total, firstUnit = 0, note) =>
        set((s) => ({
          selectedRunId: runId,
          error: undefined,
          live: {
            runId,
            stage,
            done: firstUnit,
            total,
            firstUnit,
            stageStartedAt: Date.now(),
            timings: s.live?.runId === runId ? s.live.timings : {},
            note,
          },
        })),
      progress: (done, total, note) =>
        set((s) => (s.live ? { live: { ...s.live, done, total, note: note ?? s.live.note } } : {})),
      endStage: () =>
        set((s) => {
          if (!s.live) return {};
          const kind = timingKind(s.live.stage);
          const seen = s.live.timings[kind] ?? { units: 0, ms: 0 };
          const units = s.live.done - s.live.firstUnit;
          const timings = {
            ...s.live.timings,
            [kind]: { units: seen.units + units, ms: seen.ms + (Date.now() - s.live.stageStartedAt) },
          };
          return { live: { ...s.live, timings } };
        }),
      endLive: (error) => set({ live: undefined, error }),
      setError: (error) => set({ error }),
    }),
    {
      name: 'selfalign.round',
      partialize: (s) => ({ form: s.form, selectedRunId: s.selectedRunId, shownRound: s.shownRound }),
      // A form persisted before a field existed gets that field's default.
      merge: (persisted, current) => {
        const saved = persisted as Partial<RoundState> | undefined;
        return { ...current, ...saved, form: { ...DEFAULT_ROUND_FORM, ...saved?.form } };
      },
    },
  ),
);
