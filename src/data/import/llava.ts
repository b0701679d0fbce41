// LLaVA instruction data (a JSON list, or JSON Lines, of {id, image, conversations}) with its images
// → items with reference answers, the input SIMA needs. The prompt is the first human turn without
// its <image> token; the reference is the first gpt turn after it. Records without an image, or
// with several, are counted and left out (SelfAlign's items show one image each); every other
// problem refuses the whole file in one sentence.
import type { CocoGroundTruth } from './coco-annotations';
import { FileFinder, normaliseImportPath, type ImportFiles } from './import-paths';
import { importedImage, type ImportedImage, type ImportedItem } from './imported-item';
import type { ImportLimits } from './limits';
import { parseJsonLinesSafely, parseJsonSafely } from './safe-json';

export interface LlavaTurn {
  from: string;
  value: string;
}

export interface LlavaRecord {
  /** The record's id; a repeated id gets -2, -3… in file order. */
  id: string;
  /** Normalised relative path; null for a text-only record, or one with several images. */
  imagePath: string | null;
  /** How many images the record names. */
  imageCount: number;
  prompt: string;
  reference?: string;
  conversations: LlavaTurn[];
}

export interface LlavaImport {
  items: ImportedItem[];
  /** Records left out: no image, or several images. */
  skipped: { textOnly: number; multiImage: number };
}

const IMAGE_TOKEN = '<image>';
const HUMAN = new Set(['human', 'user']);
const ASSISTANT = new Set(['gpt', 'assistant']);
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A record is LLaVA data when it has conversations of {from, value} turns. */
export function looksLikeLlava(value: unknown): boolean {
  const first = Array.isArray(value) ? value[0] : undefined;
  return isObject(first) && Array.isArray(first.conversations) && !('chosen' in first);
}

/** The question of a human turn: the text without <image> tokens and the line breaks around them. */
export const promptOf = (value: string): string =>
  value
    .split(IMAGE_TOKEN)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join('\n');

function recordOf(value: unknown, index: number, name: string): LlavaRecord {
  const where = `Record ${index + 1} of ${name}`;
  if (!isObject(value)) throw new Error(`${where} is not a JSON object.`);
  if (typeof value.id !== 'string' && !(typeof value.id === 'number' && Number.isFinite(value.id)))
    throw new Error(`${where} needs an "id".`);
  const id = String(value.id);
  const named = `Record ${index + 1} (id ${JSON.stringify(id)}) of ${name}`;
  const turns = value.conversations;
  if (
    !Array.isArray(turns) ||
    turns.length === 0 ||
    !turns.every((t) => isObject(t) && typeof t.from === 'string' && typeof t.value === 'string')
  ) {
    throw new Error(`${named} needs "conversations", a list of {"from", "value"} turns.`);
  }
  const conversations = (turns as LlavaTurn[]).map(({ from, value: text }) => ({ from, value: text }));
  const images =
    value.image === undefined || value.image === null ? [] : Array.isArray(value.image) ? value.image : [value.image];
  if (!images.every((image): image is string => typeof image === 'string' && image !== ''))
    throw new Error(`${named} has an "image" that is not a file path.`);
  const paths = images.map((image) =>
    normaliseImportPath(
      image,
      `The image path ${JSON.stringify(image)} of ${named.charAt(0).toLowerCase()}${named.slice(1)}`,
    ),
  );
  const human = conversations.findIndex((turn) => HUMAN.has(turn.from));
  if (human === -1) throw new Error(`${named} has no human turn to ask.`);
  const prompt = promptOf(conversations[human]!.value);
  if (prompt === '') throw new Error(`${named} asks nothing once ${IMAGE_TOKEN} is taken out of its first human turn.`);
  const reference = conversations.slice(human + 1).find((turn) => ASSISTANT.has(turn.from))?.value;
  return {
    id,
    imagePath: paths.length === 1 ? paths[0]! : null,
    imageCount: paths.length,
    prompt,
    ...(reference !== undefined ? { reference } : {}),
    conversations,
  };
}

/** Parsed LLaVA data → records (ids made unique); any bad record refuses the file, naming the record. */
export function llavaRecords(value: unknown, name: string): LlavaRecord[] {
  if (!Array.isArray(value) || value.length === 0)
    throw new Error(
      `${name} is not LLaVA instruction data: it should be a list of {"id", "image", "conversations"} records.`,
    );
  const taken = new Set<string>();
  return value.map((raw, i) => {
    const record = recordOf(raw, i, name);
    let id = record.id;
    for (let n = 2; taken.has(id); n++) id = `${record.id}-${n}`;
    taken.add(id);
    return { ...record, id };
  });
}

/** A LLaVA file's text or bytes → records: JSON Lines when the name ends in .jsonl, else one JSON list. */
export function parseLlava(input: string | Uint8Array, name: string, limits?: Partial<ImportLimits>): LlavaRecord[] {
  return llavaRecords(
    /\.jsonl$/i.test(name) ? parseJsonLinesSafely(input, name, limits) : parseJsonSafely(input, name, limits),
    name,
  );
}

export interface LlavaItemsOptions {
  /** Ground-truth objects for the images (COCO annotations), matched by file name. */
  groundTruth?: CocoGroundTruth;
}

/**
 * Records + the import's files (a zip's or a folder's) → items. An image path is found as written,
 * under extra folders of the import, or without the data's own leading folders (LLaVA-1.5 names
 * coco/train2017/x.jpg where the user has train2017/x.jpg); the first record whose image is not
 * there refuses the file, and so do two paths that would land on one file.
 */
export function llavaItems(
  records: readonly LlavaRecord[],
  files: ImportFiles,
  name: string,
  options: LlavaItemsOptions = {},
): LlavaImport {
  const finder = new FileFinder(files);
  const images = new Map<string, ImportedImage>();
  /** Which path of the data found each file, so two paths never share one file by accident. */
  const foundBy = new Map<string, string>();
  const items: ImportedItem[] = [];
  const skipped = { textOnly: 0, multiImage: 0 };
  records.forEach((record, i) => {
    if (record.imagePath === null) {
      if (record.imageCount === 0) skipped.textOnly++;
      else skipped.multiImage++;
      return;
    }
    const where = `record ${i + 1} (id ${JSON.stringify(record.id)}) of ${name}`;
    const path = finder.find(record.imagePath, `The image ${record.imagePath} of ${where}`);
    if (path === undefined) throw new Error(`The image ${record.imagePath} of ${where} is not in the import.`);
    const other = foundBy.get(path);
    if (other !== undefined && other !== record.imagePath) {
      throw new Error(
        `${name} names both ${other} and ${record.imagePath}, which both match the file ${path}; keep the image folders as ${name} names them.`,
      );
    }
    foundBy.set(path, record.imagePath);
    let image = images.get(path);
    if (!image) images.set(path, (image = importedImage(path, files.get(path)!, where)));
    const objects =
      options.groundTruth && (options.groundTruth.find(path) ?? options.groundTruth.find(record.imagePath))?.objects;
    items.push({
      id: record.id,
      image,
      prompt: record.prompt,
      ...(record.reference !== undefined ? { reference: record.reference } : {}),
      ...(objects ? { objects } : {}),
    });
  });
  if (items.length === 0) throw new Error(`${name} has no record with one image, so it gives no items.`);
  return { items, skipped };
}

/** parseLlava + llavaItems. */
export function importLlava(
  input: string | Uint8Array,
  name: string,
  files: ImportFiles,
  options: LlavaItemsOptions & { limits?: Partial<ImportLimits> } = {},
): LlavaImport {
  return llavaItems(parseLlava(input, name, options.limits), files, name, options);
}
