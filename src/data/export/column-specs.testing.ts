// The column specs of the three export formats as checks for tests: each returns the problems
// with one row (none = valid). Written from the formats' documentation, not from our row builders.
import { REVIEW_STATUSES } from '../pairs/pair-records';

type Problems = string[];
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const keysAre = (x: unknown, keys: string[], where: string, problems: Problems): x is Record<string, unknown> => {
  if (!isObject(x)) return (problems.push(`${where} is not an object`), false);
  if (JSON.stringify(Object.keys(x)) !== JSON.stringify(keys))
    problems.push(`${where} has keys ${Object.keys(x).join(',')}, expected ${keys.join(',')}`);
  return true;
};
const isText = (x: unknown) => typeof x === 'string' && x.trim() !== '';

/** A relative image path inside the export (JSONL), e.g. images/train-1-3.png. */
export const isRelativeImagePath = (x: unknown) => typeof x === 'string' && /^images\/[A-Za-z0-9._-]+$/.test(x);

/** TRL conversational vision: prompt [user: image part(s) + text], chosen/rejected [assistant: text], images. */
export function trlRowProblems(row: unknown, isImage = isRelativeImagePath): Problems {
  const problems: Problems = [];
  if (!keysAre(row, ['prompt', 'chosen', 'rejected', 'images'], 'row', problems)) return problems;
  const images = row.images;
  if (!Array.isArray(images) || !images.every(isImage)) problems.push('images is not a list of images');
  const prompt = row.prompt;
  if (!Array.isArray(prompt) || prompt.length !== 1) return [...problems, 'prompt is not one turn'];
  if (keysAre(prompt[0], ['role', 'content'], 'prompt[0]', problems)) {
    if (prompt[0].role !== 'user') problems.push("the prompt turn is not the user's");
    const parts = prompt[0].content;
    if (!Array.isArray(parts)) return [...problems, 'prompt content is not a list'];
    let imageParts = 0;
    for (const part of parts) {
      if (isObject(part) && part.type === 'image') {
        imageParts++;
        keysAre(part, ['type'], 'image part', problems);
      } else if (keysAre(part, ['type', 'text'], 'text part', problems) && (part.type !== 'text' || !isText(part.text)))
        problems.push('a prompt part is neither an image nor text');
    }
    if (Array.isArray(images) && imageParts !== images.length)
      problems.push(`${imageParts} image parts for ${images.length} images`);
  }
  for (const side of ['chosen', 'rejected'] as const) {
    const turns = row[side];
    if (!Array.isArray(turns) || turns.length !== 1) {
      problems.push(`${side} is not one turn`);
      continue;
    }
    if (keysAre(turns[0], ['role', 'content'], `${side}[0]`, problems)) {
      if (turns[0].role !== 'assistant') problems.push(`${side} is not the assistant's`);
      const parts = turns[0].content;
      if (
        !Array.isArray(parts) ||
        parts.length !== 1 ||
        !keysAre(parts[0], ['type', 'text'], `${side} part`, problems) ||
        parts[0].type !== 'text' ||
        !isText(parts[0].text)
      ) {
        problems.push(`${side} is not one text part`);
      }
    }
  }
  return problems;
}

/** LLaMA-Factory sharegpt ranking: conversations end on a human turn; as many <image> tokens as images. */
export function llamaFactoryRowProblems(row: unknown, isImage = isRelativeImagePath): Problems {
  const problems: Problems = [];
  if (!keysAre(row, ['conversations', 'chosen', 'rejected', 'images'], 'row', problems)) return problems;
  const turns = row.conversations;
  if (!Array.isArray(turns) || turns.length % 2 !== 1)
    return [...problems, 'conversations must be an odd number of turns'];
  const values: unknown[] = [];
  turns.forEach((turn, i) => {
    if (keysAre(turn, ['from', 'value'], `conversations[${i}]`, problems)) {
      if (turn.from !== (i % 2 === 0 ? 'human' : 'gpt'))
        problems.push(`conversations[${i}] is from ${String(turn.from)}`);
      values.push(turn.value);
    }
  });
  for (const side of ['chosen', 'rejected'] as const) {
    if (keysAre(row[side], ['from', 'value'], side, problems)) {
      if (row[side].from !== 'gpt' || !isText(row[side].value)) problems.push(`${side} is not a gpt turn with text`);
      values.push(row[side].value);
    }
  }
  const images = row.images;
  if (!Array.isArray(images) || !images.every(isImage)) return [...problems, 'images is not a list of images'];
  const tokens = values.reduce<number>(
    (n, value) => n + (typeof value === 'string' ? value.split('<image>').length - 1 : 0),
    0,
  );
  if (tokens !== images.length) problems.push(`${tokens} <image> tokens for ${images.length} images`);
  return problems;
}

export const RLAIF_V_KEYS = [
  'ds_name',
  'image',
  'question',
  'chosen',
  'rejected',
  'origin_dataset',
  'origin_split',
  'idx',
  'image_path',
];

/** RLAIF-V: nine columns, strings but the image; origin_split is JSON metadata with the decision. */
export function rlaifVRowProblems(row: unknown, isImage = isRelativeImagePath): Problems {
  const problems: Problems = [];
  if (!keysAre(row, RLAIF_V_KEYS, 'row', problems)) return problems;
  for (const key of RLAIF_V_KEYS.filter((k) => k !== 'image'))
    if (typeof row[key] !== 'string') problems.push(`${key} is not a string`);
  for (const key of ['question', 'chosen', 'rejected', 'idx']) if (!isText(row[key])) problems.push(`${key} is empty`);
  if (!isImage(row.image)) problems.push('image is not an image');
  if (!isRelativeImagePath(row.image_path)) problems.push('image_path is not a relative image path');
  let metadata: unknown;
  try {
    metadata = JSON.parse(row.origin_split as string);
  } catch {
    return [...problems, 'origin_split is not JSON'];
  }
  if (
    !keysAre(
      metadata,
      ['pair_id', 'item', 'scene', 'method', 'generator', 'critic', 'scores', 'decision', 'evidence'],
      'origin_split',
      problems,
    )
  )
    return problems;
  if (metadata.pair_id !== row.idx) problems.push('origin_split.pair_id is not idx');
  if (!isObject(metadata.scores) || !Object.values(metadata.scores).every((v) => typeof v === 'number'))
    problems.push('scores are not numbers');
  if (
    keysAre(
      metadata.decision,
      ['status', 'rationale', 'decided_at', 'original_chosen', 'original_rejected'],
      'decision',
      problems,
    )
  ) {
    if (!REVIEW_STATUSES.includes(metadata.decision.status as never))
      problems.push('decision.status is not a review status');
  }
  return problems;
}
