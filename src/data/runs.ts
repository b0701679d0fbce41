// What a run is asked to do, and what it leaves to resume from: the records the app stores with its
// method and training runs, and the requests the workers and the CLI run.
import type { RgbaImage } from '../common/rgba-image';
import type { PixelAugmentation, Split } from '../world';

export { METHOD_SPLIT } from '../world';
export type { Split };

export const METHODS = ['sima', 'seva', 'csr', 'fisao'] as const;
export type MethodName = (typeof METHODS)[number];

/** SeVa's augmentation: diffusion noise on the normalised pixels, or a pixel-space one. */
export type SevaAugmentation = 'diffusion' | PixelAugmentation;

export interface MethodSettings {
  method: MethodName;
  seed: number;
  /** SIMA: also judge with the answers swapped and keep only agreeing verdicts. */
  bothOrders?: boolean;
  /** SeVa: the augmentation and the diffusion step. */
  augmentation?: SevaAugmentation;
  t?: number;
  /** FiSAO: the scenes (of the run's split, disjoint from its items) whose objects calibrate the rewards. */
  calibrationItems?: number;
  /**
   * Shapes-world runs: the share of scenes asked a POPE-style existence question instead of the
   * description (default 0), so the pairs reach yes/no answers too (methods/items.ts).
   */
  existenceShare?: number;
}

export interface SceneRef {
  split: Split;
  seed: number;
  index: number;
}

/** A gallery image as a method item: its pixels, a prompt and, from an imported dataset, a reference answer. */
export interface GalleryItem {
  id: string;
  image: RgbaImage;
  /** How pairs refer to the image: its path in the import, or its name. */
  path: string;
  prompt: string;
  reference?: string;
}

export interface MethodRunRequest {
  settings: MethodSettings;
  /** n scenes of the split from index `start`, or gallery images with their prompts (the run's items). */
  scenes?: { split: Split; seed: number; start: number; n: number };
  images?: GalleryItem[];
}

/** A training run's resumable state: the adapter and AdamW moments after `step` updates, as safetensors. */
export interface TrainingCheckpoint {
  step: number;
  factors: Uint8Array;
  optimizer: Uint8Array;
}
