import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { SampledToken, SamplingOptions } from '../runtime/types';
import { defaultSamplingOptions } from '../workers/runtime-client';

/** Answers as they stream in: one token list per answer index. */
export interface LiveRun {
  imageId: string;
  prompt: string;
  options: SamplingOptions;
  tokens: SampledToken[][];
  /** The answers' tokens interleave: the runtime decodes the K answers as one batch. */
  parallel: boolean;
}

interface ExploreState {
  selectedImageId?: string;
  prompt: string;
  options: SamplingOptions;
  live?: LiveRun;
  error?: string;
  /** The notice that the embedded models know only the shapes world, shown on the first photo until dismissed. */
  photoNoticeDismissed: boolean;
  dismissPhotoNotice(): void;
  selectImage(id: string | undefined): void;
  setPrompt(prompt: string): void;
  setOptions(options: Partial<SamplingOptions>): void;
  startLive(run: Omit<LiveRun, 'tokens' | 'parallel'>): void;
  pushToken(answerIndex: number, token: SampledToken): void;
  endLive(error?: string): void;
}

export const useExploreStore = create<ExploreState>()(
  persist(
    (set) => ({
      prompt: 'Describe the image.',
      options: defaultSamplingOptions,
      photoNoticeDismissed: false,
      dismissPhotoNotice: () => set({ photoNoticeDismissed: true }),
      selectImage: (selectedImageId) => set({ selectedImageId }),
      setPrompt: (prompt) => set({ prompt }),
      setOptions: (options) => set((s) => ({ options: { ...s.options, ...options } })),
      startLive: (run) =>
        set({
          live: { ...run, tokens: Array.from({ length: run.options.k }, () => []), parallel: false },
          error: undefined,
        }),
      pushToken: (answerIndex, token) =>
        set((s) => {
          if (!s.live) return {};
          const tokens = s.live.tokens.slice();
          tokens[answerIndex] = [...tokens[answerIndex], token];
          // A token for an answer before one that has started: the answers decode together.
          const parallel = s.live.parallel || tokens.slice(answerIndex + 1).some((later) => later.length > 0);
          return { live: { ...s.live, tokens, parallel } };
        }),
      endLive: (error) => set({ live: undefined, error }),
    }),
    {
      name: 'selfalign.explore',
      partialize: (s) => ({
        selectedImageId: s.selectedImageId,
        prompt: s.prompt,
        options: s.options,
        photoNoticeDismissed: s.photoNoticeDismissed,
      }),
      // Options stored by an older version lack the newer fields: the defaults fill them in.
      merge: (stored, current) => {
        const saved = stored as Partial<ExploreState> | undefined;
        return { ...current, ...saved, options: { ...defaultSamplingOptions, ...saved?.options } };
      },
    },
  ),
);
