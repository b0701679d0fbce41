import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { defaultModelId } from '../workers/runtime-client';
import type { Device, DtypeChoice, FileProgress, LoadedModelInfo } from '../runtime/types';

export type ModelStatus = 'idle' | 'loading' | 'ready' | 'error';

interface ModelState {
  /** The model picked in the panel (kept across reloads). */
  selectedId: string;
  deviceOverride: Device | '';
  dtypeOverride: Partial<DtypeChoice>;
  /** The adapter applied to the decoder ('' = the base model). */
  adapterId: string;
  status: ModelStatus;
  files: Record<string, FileProgress>;
  info?: LoadedModelInfo;
  error?: string;
  /**
   * The model and adapter ("id|adapter") whose load failed while another model stayed loaded: the
   * views run the loaded one instead of trying the failed one again, until the next Load.
   */
  failedSelection?: string;
  select(id: string): void;
  setDeviceOverride(device: Device | ''): void;
  setDtypeOverride(dtype: Partial<DtypeChoice>): void;
  setAdapter(id: string): void;
  loading(): void;
  progress(progress: FileProgress): void;
  ready(info: LoadedModelInfo): void;
  /** `kept`: the model loaded before is still loaded in the worker (the load failed, not cancelled). */
  failed(error: string, kept?: LoadedModelInfo): void;
}

export const useModelStore = create<ModelState>()(
  persist(
    (set) => ({
      selectedId: defaultModelId,
      deviceOverride: '',
      dtypeOverride: {},
      adapterId: '',
      status: 'idle',
      files: {},
      select: (selectedId) => set({ selectedId, adapterId: '' }),
      setAdapter: (adapterId) => set({ adapterId }),
      setDeviceOverride: (deviceOverride) => set({ deviceOverride }),
      setDtypeOverride: (dtypeOverride) => set({ dtypeOverride }),
      loading: () =>
        set({ status: 'loading', files: {}, error: undefined, info: undefined, failedSelection: undefined }),
      progress: (p) => set((s) => ({ files: { ...s.files, [p.file]: p } })),
      ready: (info) => set({ status: 'ready', info }),
      failed: (error, kept) =>
        set((s) =>
          kept
            ? { status: 'ready', info: kept, error, failedSelection: `${s.selectedId.trim()}|${s.adapterId}` }
            : { status: 'error', error },
        ),
    }),
    {
      name: 'selfalign.model',
      partialize: (s) => ({
        selectedId: s.selectedId,
        deviceOverride: s.deviceOverride,
        dtypeOverride: s.dtypeOverride,
        adapterId: s.adapterId,
      }),
    },
  ),
);
