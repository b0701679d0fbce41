/**
 * One entry point for every method, so the app's worker and the CLI run a method the same way:
 * the method's name, its few user-facing settings, and the method's own defaults for the rest.
 */
import { DEFAULT_CSR_OPTIONS, runCsr } from './csr/csr';
import { DEFAULT_FISAO_OPTIONS, runFisao, type FisaoResult } from './fisao/fisao';
import type { FisaoCalibration } from './fisao/calibration';
import type { MethodControl, MethodItem, MethodResult, MethodRuntime } from './method-runtime';
import type { MethodName, MethodSettings } from '../data/runs';
import { DEFAULT_SEVA_OPTIONS, runSeva } from './seva/seva';
import { DEFAULT_SIMA_OPTIONS, runSima } from './sima/sima';

/** Methods that score text against the image with a CLIP model. */
export const CLIP_METHODS: readonly MethodName[] = ['csr', 'fisao'];

export function runMethod(
  runtime: MethodRuntime,
  items: MethodItem[],
  settings: MethodSettings,
  control: MethodControl = {},
  /** FiSAO's calibration made before for this model and these settings: the run reuses it. */
  fisaoCalibration?: FisaoCalibration,
): Promise<MethodResult | FisaoResult> {
  const { seed } = settings;
  switch (settings.method) {
    case 'sima':
      return runSima(
        runtime,
        items,
        { ...DEFAULT_SIMA_OPTIONS, seed, bothOrders: settings.bothOrders ?? false },
        control,
      );
    case 'seva':
      return runSeva(
        runtime,
        items,
        {
          ...DEFAULT_SEVA_OPTIONS,
          seed,
          t: settings.t ?? DEFAULT_SEVA_OPTIONS.t,
          augmentation: settings.augmentation ?? DEFAULT_SEVA_OPTIONS.augmentation,
        },
        control,
      );
    case 'csr':
      return runCsr(runtime, items, { ...DEFAULT_CSR_OPTIONS, seed }, control);
    case 'fisao':
      return runFisao(
        runtime,
        items,
        {
          ...DEFAULT_FISAO_OPTIONS,
          seed,
          calibrationItems: settings.calibrationItems ?? DEFAULT_FISAO_OPTIONS.calibrationItems,
          calibration: fisaoCalibration,
        },
        control,
      );
  }
}
