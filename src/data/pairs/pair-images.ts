import { rasterizeScene, sampleScene, type RgbaImage } from '../../world';
import type { PairRecord } from './pair-records';

/** The pixels of a pair's image when they can be made without files: a shapes-world scene. */
export function scenePairImage(record: PairRecord): RgbaImage {
  if (!('scene' in record.image))
    throw new Error(`Pair ${record.id} refers to the file ${record.image.path}, not to a shapes-world scene.`);
  const { split, seed, index } = record.image.scene;
  return rasterizeScene(sampleScene(split, seed, index));
}
