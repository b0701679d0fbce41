/**
 * What a round is asked to do, as plain data the page may know without loading the pipeline (the
 * round client re-exports it): the method's request on the pool scenes, the DPO settings of a
 * round and the evaluation's seed. `runRounds` and the round worker both take them from here.
 */
import { METHOD_SPLIT, type GalleryItem, type MethodRunRequest, type MethodSettings } from '../data/runs';
import { DEFAULT_DPO_SETTINGS, type DpoSettings } from '../engine/dpo/dpo-options';

/** The seed of the test scenes every round is evaluated on (the same scenes for base and each round: paired). */
export const ROUND_EVAL_SEED = 1234;

/**
 * The method's request of a round: n pool scenes from index 0, drawn with the method's seed, or,
 * when the round runs on the gallery, the gallery's items (`images`) instead.
 */
export function roundPairsRequest(settings: MethodSettings, n: number, images?: GalleryItem[]): MethodRunRequest {
  if (images) return { settings, images };
  return { settings, scenes: { split: METHOD_SPLIT, seed: settings.seed, start: 0, n } };
}

/** What a round may set of its DPO step besides the steps (the rest are the defaults). */
export type RoundTrainingOverrides = Partial<
  Pick<DpoSettings, 'peakLr' | 'beta' | 'sftWeight' | 'batchSize' | 'warmupSteps'>
>;

/** The DPO settings of a round: the defaults with its overrides, its steps and seed; FiSAO's token weights need the token-weighted loss. */
export function roundTrainingSettings(
  method: MethodSettings,
  steps: number,
  overrides: RoundTrainingOverrides = {},
): DpoSettings {
  return {
    ...DEFAULT_DPO_SETTINGS,
    ...overrides,
    totalSteps: steps,
    seed: method.seed,
    loss: method.method === 'fisao' ? 'token-weighted' : DEFAULT_DPO_SETTINGS.loss,
  };
}
