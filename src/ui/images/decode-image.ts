/** Images larger than this on either edge are downscaled on import. */
export const maxImageEdge = 2048;
import type { RgbaImage } from '../../common/rgba-image';

export class ImageImportError extends Error {}

const acceptedTypes = ['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/bmp'];
const acceptedExtensions = /\.(png|jpe?g|webp|gif|bmp)$/i;

export function checkImageFile(file: File): void {
  if (file.size === 0) throw new ImageImportError(`"${file.name}" is empty (0 bytes), so it was not added.`);
  if (!acceptedTypes.includes(file.type) && !acceptedExtensions.test(file.name)) {
    throw new ImageImportError(`"${file.name}" is not an image SelfAlign reads (PNG, JPEG, WebP, GIF or BMP).`);
  }
}

const rawPixels: ImageBitmapOptions = { colorSpaceConversion: 'none', premultiplyAlpha: 'none' };

/** Decodes a file (GIF: its first frame) into a bitmap no larger than maxImageEdge. */
export async function decodeBitmap(
  file: Blob,
  name: string,
): Promise<{ bitmap: ImageBitmap; originalWidth: number; originalHeight: number }> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, rawPixels);
  } catch {
    throw new ImageImportError(`"${name}" could not be decoded as an image; the file may be corrupt.`);
  }
  const { width, height } = bitmap;
  const scale = Math.min(1, maxImageEdge / Math.max(width, height));
  if (scale === 1) return { bitmap, originalWidth: width, originalHeight: height };
  bitmap.close();
  const resized = await createImageBitmap(file, {
    ...rawPixels,
    resizeWidth: Math.max(1, Math.round(width * scale)),
    resizeHeight: Math.max(1, Math.round(height * scale)),
    resizeQuality: 'high',
  });
  return { bitmap: resized, originalWidth: width, originalHeight: height };
}

export function bitmapToCanvas(bitmap: ImageBitmap, width = bitmap.width, height = bitmap.height): OffscreenCanvas {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  context.drawImage(bitmap, 0, 0, width, height);
  return canvas;
}

/** The stored image as RGBA pixels for the runtime. */
export async function blobToPixels(blob: Blob): Promise<RgbaImage> {
  const bitmap = await createImageBitmap(blob, rawPixels);
  const canvas = bitmapToCanvas(bitmap);
  bitmap.close();
  const { data, width, height } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
  return { data, width, height };
}
