// What an evaluation reports, as the eval command prints it and the app stores it.
import type { RgbaImage } from '../common/rgba-image';
import type { ChairDetail, CocoChairDetail, PopeQuestion, PopeSplit } from '../metrics';
import type { Question, Scene } from '../world';

export interface EvalItemResult {
  /** The test scene: its ground truth, and its image via the rasterizer. */
  scene: Scene;
  description: string;
  chair: ChairDetail;
  qa: { question: Question; response: string; correct: boolean }[];
  pope: { question: PopeQuestion; response: string; said: 'yes' | 'no'; correct: boolean }[];
  critic: { better: 1 | 2; response: string; verdict: 1 | 2 | null; correct: boolean };
}

export interface PopeFigures {
  acc: number;
  precision: number;
  recall: number;
  f1: number;
  yes_ratio: number;
}

/** The eval command's JSON: fractions in [0, 1]. */
export interface EvalSummary {
  model: string;
  adapter: string | null;
  n: number;
  seed: number;
  chair: { i: number; s: number };
  attr_error: number;
  pope: { random: PopeFigures; popular: PopeFigures; adversarial: PopeFigures };
  qa: { color: number; count: number; position: number; relation: number };
  critic: { accuracy: number };
}

export interface EvalReport {
  summary: EvalSummary;
  items: EvalItemResult[];
}

/** A gallery image with COCO-80 objects, as CHAIR and POPE on the user's images take it. */
export interface CocoEvalImage {
  id: string;
  image: RgbaImage;
  objects: string[];
}

export interface CocoEvalReport {
  model: string;
  n: number;
  seed: number;
  chair: { i: number; s: number };
  pope: Record<PopeSplit, PopeFigures>;
  items: (CocoChairDetail & { description: string })[];
}

export interface ComparedAnswer {
  text: string;
  /** Object mentions judged against the ground truth, when the image has one. */
  chair?: ChairDetail;
}
