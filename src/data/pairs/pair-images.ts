import { rasterizeScene, sampleScene, type RgbaImage } from '../../world';
import type { PairRecord } from './pair-records';

/** The pixels of a pair's image when they can be made without files: a shapes-world scene. */
export function scenePairImage(record: PairRecord): RgbaImage {
  if (!('scene' in record.image))
    throw new Error(`Pair ${record.id} refers to the file ${record.image.path}, not to a shapes-world scene.`);
  const { split, seed, index } = record.image.scene;
  return rasterizeScene(sampleScene(split, seed, index));
}

/**
 * A pair's pixels where the page sent the gallery images along (by the path the pairs name): a
 * shapes-world scene is drawn, a gallery image is looked up; a missing one is one sentence.
 */
export function pairImageFrom(images: Readonly<Record<string, RgbaImage>>): (record: PairRecord) => RgbaImage {
  return (record) => {
    if ('scene' in record.image) return scenePairImage(record);
    const image = images[record.image.path];
    if (!image)
      throw new Error(
        `The image ${record.image.path} of pair ${record.id} is not in the gallery; import its dataset first.`,
      );
    return image;
  };
}
