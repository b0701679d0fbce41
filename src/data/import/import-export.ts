// A SelfAlign export (a zip's or a folder's files: train.jsonl with images/, or train.parquet with
// the images inside; LLaMA-Factory's dataset_info.json beside it) → its pairs and their image
// files, all or nothing. The format is told by the files: dataset_info.json ⇒ LLaMA-Factory; else
// the columns (RLAIF-V's origin_split, or TRL's prompt/chosen/rejected/images). See export-rows
// for what comes back of each format. Exporting the result again with the same options gives the
// same bytes:
//   const imported = await importExport(files);
//   await exportDataset(imported.pairs, { format: imported.format, parquet: imported.parquet, readImageFile: imported.readImageFile });
import { parquetMetadata, parquetReadObjects, type SchemaElement } from 'hyparquet';
import type { PairRecord } from '../pairs/pair-records';
import { EXPORT_COLUMNS, EXPORT_FORMATS, type ExportFormat, type ImageFileReader } from '../export';
import { parquetSchema } from '../export/table-schema';
import { imageValueOf, pairOfRow } from './export-rows';
import { baseName, folderOf, joinPath, normaliseImportPath, type ImportFiles } from './import-paths';
import type { ImportLimits } from './limits';
import { parseJsonLinesSafely, parseJsonSafely } from './safe-json';

export interface ImportedExport {
  format: ExportFormat;
  parquet: boolean;
  /** Its path in the import, e.g. train.jsonl or my-export/train.parquet. */
  dataFile: string;
  pairs: PairRecord[];
  /** The image files the pairs name by {path}, by that path (scenes need none). */
  images: Map<string, Uint8Array>;
  /** Reads those images, for exportDataset. */
  readImageFile: ImageFileReader;
}

const DATA_FILES = ['train.jsonl', 'train.parquet'];

/** Where an export's data file is, or null when the files hold none; several is one sentence. */
export function findExportDataFile(files: ImportFiles): { dataFile: string; root: string; parquet: boolean } | null {
  const found = [...files.keys()].filter((path) => DATA_FILES.includes(baseName(path)));
  if (found.length === 0) return null;
  if (found.length > 1) {
    const roots = new Set(found.map(folderOf));
    throw new Error(
      roots.size === 1
        ? `The import holds both train.jsonl and train.parquet; import one of them.`
        : `The import holds several exports (${found.slice(0, 2).join(' and ')}); import one at a time.`,
    );
  }
  const dataFile = found[0]!;
  return { dataFile, root: folderOf(dataFile), parquet: dataFile.endsWith('.parquet') };
}

/** FNV-1a over the data file: ids of TRL and LLaMA-Factory rows, the same for the same file. */
function fileHash(bytes: Uint8Array): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** LLaMA-Factory's registry must name our data file, in sharegpt ranking form. */
function checkDatasetInfo(files: ImportFiles, root: string, dataFile: string, limits?: Partial<ImportLimits>): void {
  const path = joinPath(root, 'dataset_info.json');
  const info = parseJsonSafely(files.get(path)!, path, limits);
  const entry = isObject(info)
    ? Object.values(info).find((e) => isObject(e) && e.file_name === baseName(dataFile))
    : undefined;
  if (!isObject(entry) || entry.formatting !== 'sharegpt' || entry.ranking !== true) {
    throw new Error(
      `${path} registers no sharegpt ranking dataset in ${baseName(dataFile)}, so this is not a SelfAlign LLaMA-Factory export.`,
    );
  }
}

const schemaShape = (schema: readonly SchemaElement[]) =>
  schema.map((e) => `${e.name}/${e.num_children ?? 0}/${e.type ?? ''}`).join(',');

/** The export format whose Parquet schema the file has, or a sentence. */
function parquetFormat(schema: readonly SchemaElement[], dataFile: string, hasDatasetInfo: boolean): ExportFormat {
  const shape = schemaShape(schema);
  // The three formats' columns differ in names, so at most one matches.
  const format = EXPORT_FORMATS.find((f) => schemaShape(parquetSchema(EXPORT_COLUMNS[f])) === shape);
  if (!format)
    throw new Error(`${dataFile} does not have the columns of a SelfAlign export (TRL, LLaMA-Factory or RLAIF-V).`);
  if (format === 'llama-factory' && !hasDatasetInfo)
    throw new Error(`${dataFile} has LLaMA-Factory columns but no dataset_info.json beside it.`);
  if (format !== 'llama-factory' && hasDatasetInfo)
    throw new Error(`${dataFile} has a dataset_info.json beside it, but not LLaMA-Factory columns.`);
  return format;
}

function jsonlFormat(rows: unknown[], dataFile: string, hasDatasetInfo: boolean): ExportFormat {
  if (hasDatasetInfo) return 'llama-factory';
  const first = rows[0];
  if (isObject(first) && 'origin_split' in first) return 'rlaif-v';
  if (isObject(first) && 'prompt' in first && 'images' in first) return 'trl';
  throw new Error(`${dataFile} does not have the columns of a SelfAlign export (TRL, LLaMA-Factory or RLAIF-V).`);
}

export async function importExport(files: ImportFiles, limits?: Partial<ImportLimits>): Promise<ImportedExport> {
  const found = findExportDataFile(files);
  if (!found) throw new Error('The import holds no train.jsonl or train.parquet, so it is not a SelfAlign export.');
  const { dataFile, root, parquet } = found;
  const bytes = files.get(dataFile)!;
  const hasDatasetInfo = files.has(joinPath(root, 'dataset_info.json'));
  if (hasDatasetInfo) checkDatasetInfo(files, root, dataFile, limits);

  let rows: unknown[];
  let format: ExportFormat;
  if (parquet) {
    const whole =
      bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
    const file = whole
      ? (bytes.buffer as ArrayBuffer)
      : (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    let schema: SchemaElement[];
    try {
      schema = parquetMetadata(file).schema;
    } catch {
      throw new Error(`${dataFile} is not a readable Parquet file.`);
    }
    // The schema is checked first: its names become object keys when hyparquet builds rows.
    format = parquetFormat(schema, dataFile, hasDatasetInfo);
    try {
      rows = await parquetReadObjects({ file, utf8: false });
    } catch {
      throw new Error(`${dataFile} is damaged: its rows cannot be read.`);
    }
  } else {
    rows = parseJsonLinesSafely(bytes, dataFile, limits);
    format = jsonlFormat(rows, dataFile, hasDatasetInfo);
  }
  if (rows.length === 0) throw new Error(`${dataFile} holds no rows.`);

  const images = new Map<string, Uint8Array>();
  const hash = fileHash(bytes);
  const seen = new Set<string>();
  const pairs = rows.map((row, i) => {
    const where = `Row ${i + 1} of ${dataFile}`;
    const imageOf = () => {
      const value = imageValueOf(row, format);
      if (parquet) {
        if (
          !isObject(value) ||
          !(value.bytes instanceof Uint8Array) ||
          typeof value.path !== 'string' ||
          value.path === ''
        ) {
          throw new Error(`${where} has no embedded image with a path.`);
        }
        const path = normaliseImportPath(
          value.path,
          `The image path ${JSON.stringify(value.path)} of ${lowerFirst(where)}`,
        );
        const known = images.get(path);
        if (known && !sameBytes(known, value.bytes))
          throw new Error(`${where} embeds a different image under the path ${path} than an earlier row.`);
        images.set(path, value.bytes);
        return { path };
      }
      if (typeof value !== 'string' || value === '') throw new Error(`${where} names no image file.`);
      const path = normaliseImportPath(value, `The image path ${JSON.stringify(value)} of ${lowerFirst(where)}`);
      const file = files.get(joinPath(root, path));
      if (!file) throw new Error(`${where} shows the image ${path}, which is not in the import.`);
      images.set(path, file);
      return { path };
    };
    const pair = pairOfRow(row, imageOf, { format, where, fallbackId: `${format}-${hash}-${i + 1}` });
    if (seen.has(pair.id)) throw new Error(`${where} repeats the pair id ${JSON.stringify(pair.id)}.`);
    seen.add(pair.id);
    return pair;
  });
  const readImageFile: ImageFileReader = async (path, pairId) => {
    const file = images.get(path);
    if (!file) throw new Error(`Pair ${pairId} shows the file ${path}, which the import did not hold.`);
    return file;
  };
  return { format, parquet, dataFile, pairs, images, readImageFile };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
