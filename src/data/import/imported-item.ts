// What an import gives the Methods view: an image with a prompt, and where the data has them a
// reference answer (SIMA's critic needs one) and the ground-truth COCO objects (CHAIR and POPE).

export type ImageType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp' | 'image/bmp';

export interface ImportedImage {
  /** Its path inside the import (unique there), e.g. images/000000033471.jpg. */
  name: string;
  /** Items that show the same file share one array: store it once. */
  bytes: Uint8Array;
  type: ImageType;
}

export interface ImportedItem {
  id: string;
  image: ImportedImage;
  prompt: string;
  reference?: string;
  /** COCO-80 category names present in the image, in COCO order, each once. */
  objects?: string[];
}

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) =>
  signature.every((b, i) => bytes[at + i] === b);

/** The image type from the file's first bytes (not its name), or null when it is none we show. */
export function imageTypeOf(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'image/gif';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8))
    return 'image/webp';
  if (startsWith(bytes, [0x42, 0x4d])) return 'image/bmp';
  return null;
}

/** An image file of the import as an ImportedImage; not an image is one sentence (`shownBy` says who names it). */
export function importedImage(name: string, bytes: Uint8Array, shownBy?: string): ImportedImage {
  const type = imageTypeOf(bytes);
  if (!type)
    throw new Error(`The file ${name}${shownBy ? ` (${shownBy})` : ''} is not a PNG, JPEG, GIF, WebP or BMP image.`);
  return { name, bytes, type };
}

export const IMAGE_EXTENSIONS = /\.(png|jpe?g|gif|webp|bmp)$/i;
