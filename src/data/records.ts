import type { EvalReport } from '../methods/evaluation';
import type { SampledAnswer, SamplingOptions } from '../runtime/types';
import type { Scene } from '../world';

/** An image in the gallery: the (possibly downscaled) image file, a thumbnail, and where it came from. */
export interface ImageRecord {
  id: string;
  name: string;
  width: number;
  height: number;
  /** The image as stored: the uploaded file, or a PNG when it had to be downscaled or decoded. */
  blob: Blob;
  /** A small JPEG/PNG data URL for the gallery. */
  thumbnail: string;
  /** A note shown to the user, e.g. that a huge image was downscaled on import. */
  note?: string;
  /** Ground truth, for images generated from the shapes world. */
  scene?: Scene;
  createdAt: number;
}

/** One Explore run: K answers sampled for one image and prompt. */
export interface SampleRunRecord {
  id: string;
  imageId: string;
  prompt: string;
  modelId: string;
  device: string;
  options: SamplingOptions;
  answers: SampledAnswer[];
  /** complete, or cancelled with the answers that were finished. */
  status: 'complete' | 'cancelled';
  createdAt: number;
}

/** One evaluation run, as shown in the Evaluate view (summary = the eval command's JSON). */
export interface EvalRunRecord extends EvalReport {
  id: string;
  device: string;
  createdAt: number;
}
