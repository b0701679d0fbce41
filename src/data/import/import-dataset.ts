// One entry point for the import button: the files the user picked (single files, a folder, zips)
// → either items (LLaVA instruction data and/or COCO annotations with their images) or pairs (a
// SelfAlign export). All or nothing: it returns a complete result or throws one sentence, and
// stores nothing itself, so a refused import leaves the project as it was.
import { cocoGroundTruth, cocoItems, looksLikeCoco, type CocoGroundTruth } from './coco-annotations';
import { findExportDataFile, importExport, type ImportedExport } from './import-export';
import { baseName, folderOf, isSystemFile, joinPath, normaliseImportPath, type ImportFiles } from './import-paths';
import type { ImportedItem } from './imported-item';
import { checkImportSize, formatBytes, limitsWith, type ImportLimits } from './limits';
import { llavaItems, llavaRecords, looksLikeLlava } from './llava';
import { parseJsonLinesSafely, parseJsonSafely } from './safe-json';
import { readZip } from './zip-reader';

/** A file as picked: its name, or its path in a picked folder (webkitRelativePath), and its bytes. */
export interface PickedFile {
  path: string;
  bytes: Uint8Array;
}

/**
 * Picked files → the import's files by normalised path; a zip is opened in place (its entries sit
 * in the folder the zip was in). Sizes are checked again here (callers check File.size before
 * reading), paths that could escape are refused, and so is one path given twice.
 */
export function importFilesFrom(
  picked: Iterable<PickedFile>,
  limits: Partial<ImportLimits> = {},
): Map<string, Uint8Array> {
  const { maxTotalBytes } = limitsWith(limits);
  const files = new Map<string, Uint8Array>();
  let total = 0;
  const add = (path: string, bytes: Uint8Array) => {
    if (files.has(path)) throw new Error(`The import holds two files at ${path}; keep one.`);
    total += bytes.length;
    if (total > maxTotalBytes)
      throw new Error(
        `The import holds more than the ${formatBytes(maxTotalBytes)} one import can hold; split it into smaller imports.`,
      );
    files.set(path, bytes);
  };
  for (const { path: raw, bytes } of picked) {
    const path = normaliseImportPath(raw, `The file ${JSON.stringify(raw)}`);
    if (path === '' || isSystemFile(path)) continue;
    checkImportSize(bytes.length, path, limits);
    if (/\.zip$/i.test(path)) {
      for (const [entry, content] of readZip(bytes, { name: path, limits }))
        add(joinPath(folderOf(path), entry), content);
    } else add(path, bytes);
  }
  if (files.size === 0) throw new Error('The import holds no files.');
  return files;
}

export type ImportResult =
  | {
      kind: 'items';
      /** llava: instruction data (with COCO objects where annotations came along); coco: annotated images. */
      source: 'llava' | 'coco';
      items: ImportedItem[];
      /** LLaVA records left out (no image, or several). */
      skipped: { textOnly: number; multiImage: number };
      /** The JSON files it read. */
      read: string[];
    }
  | ({ kind: 'pairs' } & ImportedExport);

export interface ImportOptions {
  /** The prompt of items made from COCO-annotated images alone (default: the describe prompt). */
  prompt?: string;
  limits?: Partial<ImportLimits>;
}

/** A train.jsonl is an export when its first row has chosen and rejected (LLaVA data can be called train.jsonl too). */
function isExportJsonl(bytes: Uint8Array): boolean {
  const head = new TextDecoder().decode(bytes.subarray(0, Math.min(bytes.length, 1 << 20)));
  const line = head.split('\n').find((l) => l.trim() !== '');
  try {
    const row = JSON.parse(line ?? '') as unknown;
    return typeof row === 'object' && row !== null && 'chosen' in row && 'rejected' in row;
  } catch {
    return true; // let the export reader say what is wrong with it
  }
}

/** Tells what the files are and imports them: a SelfAlign export, LLaVA data, or COCO annotations. */
export async function importDataset(files: ImportFiles, options: ImportOptions = {}): Promise<ImportResult> {
  const found = findExportDataFile(files);
  if (
    found &&
    (found.parquet || files.has(joinPath(found.root, 'dataset_info.json')) || isExportJsonl(files.get(found.dataFile)!))
  ) {
    return { kind: 'pairs', ...(await importExport(files, options.limits)) };
  }
  const llava: { path: string; value: unknown }[] = [];
  const coco: { path: string; truth: CocoGroundTruth }[] = [];
  for (const [path, bytes] of files) {
    if (!/\.jsonl?$/i.test(path) || baseName(path) === 'dataset_info.json') continue;
    const value = path.toLowerCase().endsWith('.jsonl')
      ? parseJsonLinesSafely(bytes, path, options.limits)
      : parseJsonSafely(bytes, path, options.limits);
    if (looksLikeCoco(value)) coco.push({ path, truth: cocoGroundTruth(value, path) });
    else if (looksLikeLlava(value)) llava.push({ path, value });
  }
  if (llava.length > 1)
    throw new Error(
      `The import holds two LLaVA files (${llava[0]!.path} and ${llava[1]!.path}); import one at a time.`,
    );
  if (coco.length > 1)
    throw new Error(
      `The import holds two COCO annotation files (${coco[0]!.path} and ${coco[1]!.path}); import one at a time.`,
    );
  const annotations = coco[0];
  if (llava[0]) {
    const { path, value } = llava[0];
    const result = llavaItems(
      llavaRecords(value, path),
      files,
      path,
      annotations ? { groundTruth: annotations.truth } : {},
    );
    return { kind: 'items', source: 'llava', ...result, read: annotations ? [path, annotations.path] : [path] };
  }
  if (annotations) {
    const items = cocoItems(
      annotations.truth,
      files,
      annotations.path,
      options.prompt !== undefined ? { prompt: options.prompt } : {},
    );
    return { kind: 'items', source: 'coco', items, skipped: { textOnly: 0, multiImage: 0 }, read: [annotations.path] };
  }
  throw new Error(
    'The import holds no LLaVA instruction JSON, COCO annotations or SelfAlign export (train.jsonl or train.parquet).',
  );
}
