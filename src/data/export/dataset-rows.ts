// Pairs → rows of one export format (pure). What stands for an image depends on the file: its
// relative path in JSONL, {bytes, path} in Parquet.
import type { PairRecord } from '../pairs/pair-records';
import type { EffectivePair } from '../pairs/effective-preference';
import { LLAMA_FACTORY_COLUMNS, llamaFactoryRow } from './llama-factory-rows';
import { RLAIF_V_COLUMNS, rlaifVRow } from './rlaif-v-rows';
import type { TableSchema } from './table-schema';
import { TRL_COLUMNS, trlRow } from './trl-rows';

export const EXPORT_FORMATS = ['trl', 'llama-factory', 'rlaif-v'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_COLUMNS: Record<ExportFormat, TableSchema> = {
  trl: TRL_COLUMNS,
  'llama-factory': LLAMA_FACTORY_COLUMNS,
  'rlaif-v': RLAIF_V_COLUMNS,
};

/** A pair's image in the export: its relative path, and the value the file holds for it. */
export type ImageInRow<Image> = (pair: PairRecord) => { path: string; value: Image };

export function datasetRows<Image>(
  format: ExportFormat,
  pairs: readonly EffectivePair[],
  imageOf: ImageInRow<Image>,
): object[] {
  return pairs.map((effective) => {
    const image = imageOf(effective.pair);
    if (format === 'trl') return trlRow(effective, image.value);
    if (format === 'llama-factory') return llamaFactoryRow(effective, image.value);
    return rlaifVRow(effective, image.value, image.path);
  });
}
