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
  select(id: string): void;
  setDeviceOverride(device: Device | ''): void;
  setDtypeOverride(dtype: Partial<DtypeChoice>): void;
  setAdapter(id: string): void;
  loading(): void;
  progress(progress: FileProgress): void;
  ready(info: LoadedModelInfo): void;
  failed(error: string): void;
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
      loading: () => set({ status: 'loading', files: {}, error: undefined, info: undefined }),
      progress: (p) => set((s) => ({ files: { ...s.files, [p.file]: p } })),
      ready: (info) => set({ status: 'ready', info }),
      failed: (error) => set({ status: 'error', error }),
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
