// What an evaluation reports, as the eval command prints it and the app stores it.
import type { RgbaImage } from '../common/rgba-image';
import { sha256Hex } from '../common/sha256';
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

/** The adapter an evaluation ran with: how the host names it, and the SHA-256 of its two PEFT files. */
export interface EvalAdapterRef {
  name: string;
  /** Hex SHA-256 of adapter_config.json's bytes followed by adapter_model.safetensors' (adapterContentHash). */
  sha256: string;
}

/** The QA types the summary scores (existence is POPE's). */
export const EVAL_QA_TYPES = ['color', 'count', 'position', 'relation'] as const;
export type EvalQaType = (typeof EVAL_QA_TYPES)[number];

/**
 * One scene's counts, what a paired comparison of two results on the same scenes resamples: every
 * figure of the summary is a ratio of sums of these over the scenes.
 */
export interface EvalSceneCounts {
  /** CHAIR: object mentions and those hallucinated (CHAIR_i's terms; CHAIR_s counts hallucinated > 0). */
  mentions: number;
  hallucinated: number;
  /** Attribute-error mentions and mentions of objects that are there. */
  attr_errors: number;
  present: number;
  /** POPE confusion counts per split ("yes" is positive); a split is absent when the scene had no questions. */
  pope: Partial<Record<PopeSplit, { tp: number; fp: number; tn: number; fn: number }>>;
  /** QA per type: right answers and questions asked. */
  qa: Record<EvalQaType, { correct: number; total: number }>;
}

/** The eval command's JSON: fractions in [0, 1]. */
export interface EvalSummary {
  model: string;
  /** The adapter applied, or null for the base model. */
  adapter: EvalAdapterRef | null;
  /** The weights' dtype as loaded (e.g. 'fp32', or 'fp32/q8' when the files differ); null when not known. */
  dtype: string | null;
  /** Where the model ran ('cpu', 'wasm', 'webgpu'); null when not known. */
  device: string | null;
  /**
   * Hex SHA-256 of an embedded model's fp32 graphs (runtime embeddedWeightsHash), so a retrained
   * model's results are told from the old one's; null for Hub models, absent in older results.
   */
  modelSha256?: string | null;
  n: number;
  seed: number;
  chair: { i: number; s: number };
  attr_error: number;
  pope: { random: PopeFigures; popular: PopeFigures; adversarial: PopeFigures };
  qa: { color: number; count: number; position: number; relation: number };
  critic: { accuracy: number };
  /** Per-scene counts keyed by scene id (results stored before they existed lack them). */
  scenes?: Record<string, EvalSceneCounts>;
}

/** The loaded weights' dtype in one word, or the distinct ones of its files joined ('fp32/q8'). */
export function dtypeName(dtype: Readonly<Record<string, string>>): string {
  return [...new Set(Object.values(dtype))].join('/');
}

/** The content hash of an adapter's PEFT files (Web Crypto, so Node and browsers agree). */
export async function adapterContentHash(files: { config: string; weights: Uint8Array }): Promise<string> {
  const config = new TextEncoder().encode(files.config);
  const bytes = new Uint8Array(config.length + files.weights.length);
  bytes.set(config, 0);
  bytes.set(files.weights, config.length);
  return sha256Hex(bytes);
}

/** An adapter's reference for an eval result: its name and content hash. */
export async function adapterRef(
  name: string,
  files: { config: string; weights: Uint8Array },
): Promise<EvalAdapterRef> {
  return { name, sha256: await adapterContentHash(files) };
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

/** What a base-model evaluation on the debiased test scenes is of: the model and its weights as loaded, and the scenes. */
export interface BaseEvaluationKey {
  model: string;
  modelSha256: string;
  dtype: string;
  device: string;
  n: number;
  seed: number;
}

/**
 * The newest stored result an evaluation of `key` would repeat (greedy answers are deterministic):
 * the base model with the same weights, dtype and device on the same scenes. Results without a
 * weights hash (Hub models, older results) never match.
 */
export function repeatedBaseEvaluation<T extends { summary: EvalSummary; createdAt: number }>(
  records: readonly T[],
  key: BaseEvaluationKey,
): T | undefined {
  const matches = records.filter(
    ({ summary }) =>
      summary.adapter === null &&
      summary.model === key.model &&
      summary.modelSha256 === key.modelSha256 &&
      summary.dtype === key.dtype &&
      summary.device === key.device &&
      summary.n === key.n &&
      summary.seed === key.seed,
  );
  return matches.reduce<T | undefined>(
    (newest, r) => (!newest || r.createdAt > newest.createdAt ? r : newest),
    undefined,
  );
}
