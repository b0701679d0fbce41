// One row of a SelfAlign export (TRL, LLaMA-Factory or RLAIF-V) → the pair it came from. What an
// image is in the row (a relative path in JSONL, {bytes, path} in Parquet) is resolved by the
// caller's `image` function, which is called only for pairs that show a file.
//
// What comes back:
// - RLAIF-V rows carry the whole pair in origin_split (see export/pair-metadata): id, item, scene,
//   method, generator, review (status, rationale, time, the method's texts where the annotator
//   edited them) and evidence. The pair is rebuilt exactly: the decision is undone (a swap swapped
//   back, edits put beside the originals), and a scene image is a scene again.
// - TRL and LLaMA-Factory rows carry only their columns: a pair is rebuilt as the row says, status
//   accepted, its image the file {path}, its method "imported", its id <format>-<hash of the data
//   file>-<row number> (the same file gives the same ids; another file, others).
// Either way, exporting the pairs again with the same options writes the same bytes (for TRL and
// LLaMA-Factory: options whose statuses include accepted, as the default does). Token weights and
// reference log-probs are not in any export, so they do not come back.
import { SPLITS, type Split } from '../../world';
import { REVIEW_STATUSES, type PairRecord, type PairReview, type ReviewStatus } from '../pairs/pair-records';
import type { ExportFormat } from '../export';
import type { PairMetadata } from '../export/pair-metadata';
import { parseEmbeddedJson } from './safe-json';

const IMAGE_TOKEN = '<image>';
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isString = (x: unknown): x is string => typeof x === 'string';
const isNullableString = (x: unknown): x is string | null => x === null || typeof x === 'string';

export interface RowContext {
  format: ExportFormat;
  /** "Row 3 of train.jsonl" */
  where: string;
  /** The pair id for formats that do not carry one. */
  fallbackId: string;
}

/** The row's image as a file of the import; called only when the pair shows a file, not a scene. */
export type RowImage = () => { path: string };

/** What stands for the image in a row (a path in JSONL, {bytes, path} in Parquet); undefined when the row has not one. */
export function imageValueOf(row: unknown, format: ExportFormat): unknown {
  if (!isObject(row)) return undefined;
  if (format === 'rlaif-v') return row.image;
  return Array.isArray(row.images) && row.images.length === 1 ? row.images[0] : undefined;
}

const notA = (context: RowContext, problem: string) =>
  new Error(
    `${context.where} is not ${{ trl: 'a TRL', 'llama-factory': 'a LLaMA-Factory', 'rlaif-v': 'an RLAIF-V' }[context.format]} row of a SelfAlign export: ${problem}.`,
  );

/** The text of a one-turn chat list: [{role, content: [..., {type:'text', text}]}]. */
function trlTurnText(value: unknown, role: string, withImage: boolean): string | null {
  if (!Array.isArray(value) || value.length !== 1 || !isObject(value[0]) || value[0].role !== role) return null;
  const content = value[0].content;
  if (!Array.isArray(content) || content.length !== (withImage ? 2 : 1)) return null;
  if (withImage && !(isObject(content[0]) && content[0].type === 'image' && (content[0].text ?? null) === null))
    return null;
  const text = content.at(-1);
  return isObject(text) && text.type === 'text' && isString(text.text) ? text.text : null;
}

function trlPair(row: Record<string, unknown>, image: RowImage, context: RowContext): PairRecord {
  const prompt = trlTurnText(row.prompt, 'user', true);
  if (prompt === null) throw notA(context, '"prompt" should be one user turn of an image and a text');
  const chosen = trlTurnText(row.chosen, 'assistant', false);
  const rejected = trlTurnText(row.rejected, 'assistant', false);
  if (chosen === null || rejected === null)
    throw notA(context, '"chosen" and "rejected" should each be one assistant turn of a text');
  return {
    id: context.fallbackId,
    method: 'imported',
    prompt,
    image: image(),
    chosen,
    rejected,
    review: { status: 'accepted' },
  };
}

const turnValue = (value: unknown, from: string): string | null =>
  isObject(value) && value.from === from && isString(value.value) ? value.value : null;

function llamaFactoryPair(row: Record<string, unknown>, image: RowImage, context: RowContext): PairRecord {
  const question =
    Array.isArray(row.conversations) && row.conversations.length === 1
      ? turnValue(row.conversations[0], 'human')
      : null;
  if (question === null || !question.startsWith(IMAGE_TOKEN) || question.indexOf(IMAGE_TOKEN, 1) !== -1) {
    throw notA(context, `"conversations" should be one human turn that starts with its one ${IMAGE_TOKEN}`);
  }
  const chosen = turnValue(row.chosen, 'gpt');
  const rejected = turnValue(row.rejected, 'gpt');
  if (chosen === null || rejected === null) throw notA(context, '"chosen" and "rejected" should each be one gpt turn');
  return {
    id: context.fallbackId,
    method: 'imported',
    prompt: question.slice(IMAGE_TOKEN.length),
    image: image(),
    chosen,
    rejected,
    review: { status: 'accepted' },
  };
}

/** What an import reads of a row's metadata: the export's, with the scene's split checked. */
type Metadata = Pick<PairMetadata, 'pair_id' | 'item' | 'method' | 'generator' | 'decision' | 'evidence'> & {
  scene: { split: Split; seed: number; index: number } | null;
};

function metadataProblem(m: unknown): string | null {
  if (!isObject(m)) return 'it is not a JSON object';
  if (!isString(m.pair_id) || m.pair_id === '') return '"pair_id" must be a non-empty string';
  if (!isString(m.method)) return '"method" must be a string';
  if (!isNullableString(m.item) || !isNullableString(m.generator))
    return '"item" and "generator" must be strings or null';
  const scene = m.scene;
  if (
    scene !== null &&
    !(
      isObject(scene) &&
      SPLITS.includes(scene.split as Split) &&
      Number.isSafeInteger(scene.seed) &&
      Number.isSafeInteger(scene.index) &&
      (scene.index as number) >= 0
    )
  ) {
    return '"scene" must be null or {"split","seed","index"}';
  }
  const d = m.decision;
  if (!isObject(d) || !REVIEW_STATUSES.includes(d.status as ReviewStatus))
    return `"decision.status" must be one of ${REVIEW_STATUSES.join(', ')}`;
  if (!isNullableString(d.rationale) || !isNullableString(d.original_chosen) || !isNullableString(d.original_rejected))
    return "the decision's texts must be strings or null";
  if (d.decided_at !== null && !(typeof d.decided_at === 'number' && Number.isFinite(d.decided_at)))
    return '"decision.decided_at" must be a number or null';
  if (m.evidence !== null && !(isObject(m.evidence) && isString(m.evidence.method)))
    return '"evidence" must be null or an object naming its method';
  return null;
}

function rlaifVPair(row: Record<string, unknown>, image: RowImage, context: RowContext): PairRecord {
  for (const key of ['question', 'chosen', 'rejected', 'origin_split', 'idx'] as const) {
    if (!isString(row[key])) throw notA(context, `"${key}" should be a string`);
  }
  const metadata = parseEmbeddedJson(
    row.origin_split as string,
    `The origin_split of ${context.where.charAt(0).toLowerCase()}${context.where.slice(1)}`,
  );
  const problem = metadataProblem(metadata);
  if (problem) throw notA(context, `its origin_split is not SelfAlign metadata (${problem})`);
  const m = metadata as Metadata;
  if (m.pair_id !== row.idx)
    throw notA(context, `its idx ${JSON.stringify(row.idx)} differs from the pair id in origin_split`);
  const {
    status,
    rationale,
    decided_at: decidedAt,
    original_chosen: originalChosen,
    original_rejected: originalRejected,
  } = m.decision;
  // The row holds the decision applied: edits first, then the swap (see methods/pairs/effective-preference).
  const [chosenShown, rejectedShown] =
    status === 'swapped'
      ? [row.rejected as string, row.chosen as string]
      : [row.chosen as string, row.rejected as string];
  const review: PairReview = {
    status,
    ...(originalChosen !== null ? { editedChosen: chosenShown } : {}),
    ...(originalRejected !== null ? { editedRejected: rejectedShown } : {}),
    ...(rationale !== null ? { rationale } : {}),
    ...(decidedAt !== null ? { decidedAt } : {}),
  };
  return {
    id: m.pair_id,
    method: m.method,
    ...(m.generator !== null ? { model: m.generator } : {}),
    ...(m.item !== null ? { item: m.item } : {}),
    prompt: row.question as string,
    image: m.scene ? { scene: { split: m.scene.split, seed: m.scene.seed, index: m.scene.index } } : image(),
    chosen: originalChosen ?? chosenShown,
    rejected: originalRejected ?? rejectedShown,
    ...(m.evidence !== null ? { evidence: m.evidence } : {}),
    ...(Object.keys(review).length > 1 || status !== 'pending' ? { review } : {}),
  };
}

/** A row (already parsed) → its pair, or one sentence naming the row. */
export function pairOfRow(row: unknown, image: RowImage, context: RowContext): PairRecord {
  if (!isObject(row)) throw notA(context, 'it is not a JSON object');
  if (context.format === 'trl') return trlPair(row, image, context);
  if (context.format === 'llama-factory') return llamaFactoryPair(row, image, context);
  return rlaifVPair(row, image, context);
}
