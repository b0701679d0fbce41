// The columns of openbmb/RLAIF-V-Dataset. Its origin_split is a JSON string of metadata; ours holds
// the generator, the critic, the scores and the annotator's decision (see pair-metadata).
import type { EffectivePair } from '../pairs/effective-preference';
import { pairMetadata } from './pair-metadata';
import { imageColumn, stringColumn, type TableSchema } from './table-schema';

export const RLAIF_V_DS_NAME = 'selfalign';

export interface RlaifVRow<Image> {
  ds_name: string;
  image: Image;
  question: string;
  chosen: string;
  rejected: string;
  /** Where the image came from: shapes-world, or local-files. */
  origin_dataset: string;
  origin_split: string;
  /** The pair id (RLAIF-V's idx is a string too). */
  idx: string;
  image_path: string;
}

export function rlaifVRow<Image>(effective: EffectivePair, image: Image, imagePath: string): RlaifVRow<Image> {
  const { pair, chosen, rejected } = effective;
  return {
    ds_name: RLAIF_V_DS_NAME,
    image,
    question: pair.prompt,
    chosen,
    rejected,
    origin_dataset: 'scene' in pair.image ? 'shapes-world' : 'local-files',
    origin_split: JSON.stringify(pairMetadata(effective)),
    idx: pair.id,
    image_path: imagePath,
  };
}

export const RLAIF_V_COLUMNS: TableSchema = {
  ds_name: stringColumn,
  image: imageColumn,
  question: stringColumn,
  chosen: stringColumn,
  rejected: stringColumn,
  origin_dataset: stringColumn,
  origin_split: stringColumn,
  idx: stringColumn,
  image_path: stringColumn,
};
