/**
 * Preference pairs as JSON Lines, one pair per line: what `selfalign pairs` writes and
 * `selfalign train --pairs` reads.
 *   {"id":"…","method":"sima","prompt":"Describe the image.","image":{"scene":{"split":"test","seed":1,"index":3}},
 *    "chosen":"…","rejected":"…"}
 * Optional: `chosenWeights` / `rejectedWeights` (one weight per answer token of the model's
 * tokenizer, for the token-weighted loss) and `reference` (log π_ref per answer token, computed
 * once with the adapter off, keyed by the model and the texts it was computed for; see
 * stored-reference.ts). Pairs a method made carry `model`, `item` and `evidence`.
 */
import { SPLITS, type Split } from '../../world';

/** An image of the shapes world (rendered from its scene), or a file relative to the pairs file. */
export type PairImage = { scene: { split: Split; seed: number; index: number } } | { path: string };

export interface PairRecord {
  id: string;
  method: string;
  /** The model that made the pair, and the item it came from (methods set both). */
  model?: string;
  item?: string;
  prompt: string;
  image: PairImage;
  chosen: string;
  rejected: string;
  chosenWeights?: number[];
  rejectedWeights?: number[];
  reference?: StoredReference;
  /** What the method saw when it made the pair: a critic's text, answers on an augmented image, scores. */
  evidence?: PairEvidence;
  /** An annotator's decision; absent = not reviewed yet ('pending'). */
  review?: PairReview;
}

/**
 * accepted = the method's chosen stays chosen; swapped = the annotator prefers the rejected answer;
 * tie and both-bad keep the pair out of training and export by default; skipped = looked at, undecided.
 */
/**
 * log π_ref per answer token of two texts: `chosen` is for `chosenText`, `rejected` for
 * `rejectedText`. Without a text (files written before texts were stored) it is the method's
 * original answer on that side.
 */
export interface StoredReference {
  model: string;
  chosen: number[];
  rejected: number[];
  chosenText?: string;
  rejectedText?: string;
}

export const REVIEW_STATUSES = ['pending', 'accepted', 'swapped', 'tie', 'both-bad', 'skipped'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
/** The statuses that say which answer is better. */
export const DECIDED_STATUSES: readonly ReviewStatus[] = ['accepted', 'swapped'];

export interface PairReview {
  status: ReviewStatus;
  /** An annotator's edits, kept beside the method's original texts. */
  editedChosen?: string;
  editedRejected?: string;
  rationale?: string;
  decidedAt?: number;
  /** Accepted in bulk ("Accept suggestions"), not one by one: left out of agreement and pace. */
  bulk?: boolean;
}

export const reviewStatusOf = (pair: Pick<PairRecord, 'review'>): ReviewStatus => pair.review?.status ?? 'pending';

/** Each method's evidence names the method; the rest is the method's own (see its module). */
export interface PairEvidence {
  method: string;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isOptionalString = (x: unknown) => x === undefined || typeof x === 'string';
const isNumbers = (x: unknown): x is number[] =>
  Array.isArray(x) && x.every((v) => typeof v === 'number' && Number.isFinite(v));

/** The problem with one parsed line, or null. */
function problemWith(value: unknown): string | null {
  if (!isObject(value)) return 'it is not a JSON object';
  for (const key of ['id', 'prompt', 'chosen', 'rejected'] as const) {
    if (typeof value[key] !== 'string' || value[key] === '') return `"${key}" must be a non-empty string`;
  }
  for (const key of ['method', 'model', 'item'] as const) {
    if (value[key] !== undefined && typeof value[key] !== 'string') return `"${key}" must be a string`;
  }
  if (value.evidence !== undefined && !isObject(value.evidence)) return '"evidence" must be a JSON object';
  const review = value.review;
  if (review !== undefined && (!isObject(review) || !REVIEW_STATUSES.includes(review.status as ReviewStatus))) {
    return `"review.status" must be one of ${REVIEW_STATUSES.join(', ')}`;
  }
  const image = value.image;
  if (!isObject(image)) return '"image" must be {"scene":{…}} or {"path":"…"}';
  if ('path' in image) {
    if (typeof image.path !== 'string' || image.path === '') return '"image.path" must be a non-empty string';
  } else {
    const scene = image.scene;
    if (
      !isObject(scene) ||
      !SPLITS.includes(scene.split as Split) ||
      !Number.isSafeInteger(scene.seed) ||
      !Number.isSafeInteger(scene.index) ||
      (scene.index as number) < 0
    ) {
      return '"image.scene" must be {"split":"train"|"test","seed":<integer>,"index":<integer ≥ 0>}';
    }
  }
  for (const key of ['chosenWeights', 'rejectedWeights'] as const) {
    if (value[key] !== undefined && !isNumbers(value[key])) return `"${key}" must be a list of numbers`;
  }
  const reference = value.reference;
  if (
    reference !== undefined &&
    (!isObject(reference) ||
      typeof reference.model !== 'string' ||
      !isNumbers(reference.chosen) ||
      !isNumbers(reference.rejected) ||
      !isOptionalString(reference.chosenText) ||
      !isOptionalString(reference.rejectedText))
  ) {
    return '"reference" must be {"model":"…","chosen":[numbers],"rejected":[numbers]} with optional "chosenText" and "rejectedText" strings';
  }
  return null;
}

/** Parses a JSONL file of pairs; any bad line refuses the whole file with one sentence naming the line. */
export function parsePairsJsonl(text: string): PairRecord[] {
  const pairs: PairRecord[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`Line ${i + 1} of the pairs file is not valid JSON.`);
    }
    const problem = problemWith(value);
    if (problem) throw new Error(`Line ${i + 1} of the pairs file is not a pair: ${problem}.`);
    const record = value as PairRecord;
    if (seen.has(record.id)) throw new Error(`Line ${i + 1} of the pairs file repeats the id "${record.id}".`);
    seen.add(record.id);
    pairs.push({ ...record, method: record.method ?? 'unknown' });
  });
  if (pairs.length === 0) throw new Error('The pairs file holds no pairs.');
  return pairs;
}

export function pairsToJsonl(pairs: PairRecord[]): string {
  return pairs.map((pair) => JSON.stringify(pair)).join('\n') + '\n';
}
