import { describeScene, DESCRIBE_PROMPT } from '../world';
import type { SelfAlignDatabase } from './database';
import type { ImageRecord } from './records';

export interface GalleryItemPlan {
  id: string;
  imageId: string;
  /** How pairs refer to the image: its path in the import, or its name. */
  path: string;
  prompt: string;
  reference?: string;
}

/** The gallery image a pair names by path: an imported file (by its path in the import) or an uploaded one (by name). */
export async function galleryImageOf(db: SelfAlignDatabase, path: string): Promise<ImageRecord | undefined> {
  return (await db.images.get(`import:${path}`)) ?? (await db.images.filter((image) => image.name === path).first());
}

/**
 * The gallery as method items: each imported prompt with its reference answer, and every other image
 * with the describe prompt (a shapes-world image with its true description as the reference).
 */
export function galleryItemPlans(images: readonly ImageRecord[]): GalleryItemPlan[] {
  return images.flatMap((image) => {
    const path = image.importPath ?? image.name;
    if (image.prompts?.length)
      return image.prompts.map(({ id, prompt, reference }) => ({
        id: `${path}#${id}`,
        imageId: image.id,
        path,
        prompt,
        ...(reference ? { reference } : {}),
      }));
    const reference = image.scene && describeScene(image.scene);
    return [{ id: path, imageId: image.id, path, prompt: DESCRIBE_PROMPT, ...(reference ? { reference } : {}) }];
  });
}
