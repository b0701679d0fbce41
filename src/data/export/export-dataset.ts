// A preference dataset from pairs, as files {relative path → bytes}: the data file (train.jsonl or
// train.parquet), LLaMA-Factory's dataset_info.json, and for JSONL the images under images/.
// Rows keep the pairs' input order, so the same pairs give the same bytes.
import type { PairRecord, ReviewStatus } from '../pairs/pair-records';
import { datasetRows, EXPORT_COLUMNS, type ExportFormat } from './dataset-rows';
import { selectPairs, type SelectOptions } from '../pairs/select-pairs';
import { imageBytes, planImages, type ImageFileReader } from './export-images';
import { llamaFactoryDatasetInfo } from './llama-factory-rows';
import { jsonlBytes } from './write-jsonl';
import { parquetBytes, type EmbeddedImage } from './write-parquet';

export interface ExportFile {
  path: string;
  bytes: Uint8Array;
}

export interface ExportOptions extends SelectOptions {
  format: ExportFormat;
  /** Parquet with the images embedded, instead of JSONL with image files. */
  parquet?: boolean;
  /** Reads images that pairs name by path; scenes need no reader. */
  readImageFile?: ImageFileReader;
}

export interface ExportedDataset {
  format: ExportFormat;
  parquet: boolean;
  dataFile: string;
  /** The data file, dataset_info.json (LLaMA-Factory), then the images (JSONL), in that order. */
  files: ExportFile[];
  rows: number;
  images: number;
  /** How many exported rows had each status. */
  statuses: Partial<Record<ReviewStatus, number>>;
}

export async function exportDataset(pairs: readonly PairRecord[], options: ExportOptions): Promise<ExportedDataset> {
  const { format, parquet = false } = options;
  const selected = selectPairs(pairs, options);
  const plan = planImages(selected.map(({ pair }) => pair));
  const pixels = await imageBytes(plan.images, options.readImageFile);
  const dataFile = parquet ? 'train.parquet' : 'train.jsonl';
  const files: ExportFile[] = [];
  if (parquet) {
    const bytesOf = new Map(plan.images.map((image, i) => [image.path, pixels[i]!]));
    const rows = datasetRows<EmbeddedImage>(format, selected, (pair) => {
      const path = plan.pathOf(pair.image);
      return { path, value: { bytes: bytesOf.get(path)!, path } };
    });
    files.push({ path: dataFile, bytes: parquetBytes(EXPORT_COLUMNS[format], rows) });
  } else {
    const rows = datasetRows<string>(format, selected, (pair) => ({
      path: plan.pathOf(pair.image),
      value: plan.pathOf(pair.image),
    }));
    files.push({ path: dataFile, bytes: jsonlBytes(rows) });
  }
  if (format === 'llama-factory')
    files.push({
      path: 'dataset_info.json',
      bytes: new TextEncoder().encode(JSON.stringify(llamaFactoryDatasetInfo(dataFile), null, 2) + '\n'),
    });
  if (!parquet) plan.images.forEach((image, i) => files.push({ path: image.path, bytes: pixels[i]! }));
  const statuses: Partial<Record<ReviewStatus, number>> = {};
  for (const { status } of selected) statuses[status] = (statuses[status] ?? 0) + 1;
  return { format, parquet, dataFile, files, rows: selected.length, images: plan.images.length, statuses };
}
