import { database } from '../../data/database';
import type { ImageRecord } from '../../data/records';
import { describeStorageError } from '../../data/storage-errors';
import { bitmapToCanvas, checkImageFile, decodeBitmap, ImageImportError } from './decode-image';

const thumbnailEdge = 160;

async function blobToDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

/** Validates and decodes one file into a gallery record (not yet stored). */
export async function imageRecordFromFile(file: File): Promise<ImageRecord> {
  checkImageFile(file);
  const { bitmap, originalWidth, originalHeight } = await decodeBitmap(file, file.name);
  const { width, height } = bitmap;
  const downscaled = width !== originalWidth || height !== originalHeight;
  // GIFs are stored as their first frame; downscaled images as PNG; others as uploaded.
  const keepOriginal = !downscaled && file.type !== 'image/gif';
  const blob = keepOriginal ? file : await bitmapToCanvas(bitmap).convertToBlob({ type: 'image/png' });
  const scale = Math.min(1, thumbnailEdge / Math.max(width, height));
  const thumbCanvas = bitmapToCanvas(
    bitmap,
    Math.max(1, Math.round(width * scale)),
    Math.max(1, Math.round(height * scale)),
  );
  bitmap.close();
  const thumbnail = await blobToDataUrl(await thumbCanvas.convertToBlob({ type: 'image/png' }));
  return {
    id: crypto.randomUUID(),
    name: file.name,
    width,
    height,
    blob,
    thumbnail,
    note: downscaled
      ? `Downscaled from ${originalWidth}×${originalHeight} to ${width}×${height} on import.`
      : undefined,
    createdAt: Date.now(),
  };
}

export interface ImportOutcome {
  added: ImageRecord[];
  errors: string[];
}

/** Imports files one by one: a bad file is reported in one sentence and skipped; the gallery keeps the rest. */
export async function importImageFiles(files: File[]): Promise<ImportOutcome> {
  const outcome: ImportOutcome = { added: [], errors: [] };
  for (const file of files) {
    let record: ImageRecord;
    try {
      record = await imageRecordFromFile(file);
    } catch (error) {
      outcome.errors.push(
        error instanceof ImageImportError
          ? error.message
          : `"${file.name}" could not be read: ${(error as Error).message}`,
      );
      continue;
    }
    try {
      await database.images.add(record);
      outcome.added.push(record);
    } catch (error) {
      outcome.errors.push(describeStorageError(error, `"${file.name}"`));
      break;
    }
  }
  return outcome;
}
