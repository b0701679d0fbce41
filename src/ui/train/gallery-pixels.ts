import { database } from '../../data/database';
import { galleryImageOf } from '../../data/gallery-items';
import type { PairRecord } from '../../data/pairs/pair-records';
import { blobToPixels } from '../images/decode-image';
import type { RgbaImage } from '../../common/rgba-image';

/** The decoded pixels of the pairs' gallery images (imported datasets), each path once; a missing one is one sentence. */
export async function galleryPixelsOf(pairs: readonly PairRecord[]): Promise<Record<string, RgbaImage>> {
  const paths = [...new Set(pairs.flatMap((pair) => ('path' in pair.image ? [pair.image.path] : [])))];
  const pixels: Record<string, RgbaImage> = {};
  for (const path of paths) {
    const stored = await galleryImageOf(database, path);
    if (!stored)
      throw new Error(
        `The image ${path} is not in the gallery, so its pairs cannot be trained on; import its dataset again.`,
      );
    pixels[path] = await blobToPixels(stored.blob);
  }
  return pixels;
}
