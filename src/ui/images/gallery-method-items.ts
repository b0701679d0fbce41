import { database } from '../../data/database';
import { galleryItemPlans } from '../../data/gallery-items';
import type { GalleryItem } from '../../data/runs';
import { blobToPixels } from './decode-image';

/** What a run on the gallery's items says when the gallery has none. */
export const EMPTY_GALLERY = 'The gallery is empty; add or import images in the Images view first.';

/** The gallery as a method's items (MethodRunRequest.images): each image decoded once, each of its prompts an item. */
export async function galleryItems(): Promise<GalleryItem[]> {
  const images = await database.images.orderBy('createdAt').toArray();
  const pixels = new Map<string, GalleryItem['image']>();
  for (const image of images) pixels.set(image.id, await blobToPixels(image.blob));
  return galleryItemPlans(images).map(({ imageId, ...plan }) => ({ ...plan, image: pixels.get(imageId)! }));
}

/** How many items galleryItems gives, without decoding the images. */
export async function galleryItemCount(): Promise<number> {
  return galleryItemPlans(await database.images.toArray()).length;
}
