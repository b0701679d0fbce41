import { database } from '../../data/database';
import { checkImportSize, imageTypeOf, importDataset, importFilesFrom } from '../../data/import';
import { storePairs } from '../../data/pairs/pair-store';
import type { ImageRecord } from '../../data/records';
import { describeStorageError } from '../../data/storage-errors';
import { imageRecordFromFile } from './import-images';

/** An imported image as a gallery record, keyed by its path in the import so a second import replaces it. */
async function galleryRecord(path: string, bytes: Uint8Array, extra: Partial<ImageRecord> = {}): Promise<ImageRecord> {
  const file = new File([bytes as Uint8Array<ArrayBuffer>], path.split('/').at(-1)!, {
    type: imageTypeOf(bytes) ?? '',
  });
  const record = await imageRecordFromFile(file);
  return { ...record, id: `import:${path}`, name: path, importPath: path, ...extra };
}

/**
 * A dataset (LLaVA instruction JSON with its images, COCO instance annotations, or a SelfAlign
 * export; files, a folder or a zip) into the project: everything is read and checked first, then
 * stored in one transaction, so a bad input stores nothing and says why in one sentence.
 */
export async function importDatasetFiles(files: File[]): Promise<string> {
  for (const file of files) checkImportSize(file.size, file.name);
  const picked = await Promise.all(
    files.map(async (file) => ({
      path: file.webkitRelativePath || file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
    })),
  );
  const result = await importDataset(importFilesFrom(picked));
  let records: ImageRecord[];
  if (result.kind === 'pairs') {
    records = await Promise.all([...result.images].map(([path, bytes]) => galleryRecord(path, bytes)));
  } else {
    const byImage = new Map<string, typeof result.items>();
    for (const item of result.items) byImage.set(item.image.name, [...(byImage.get(item.image.name) ?? []), item]);
    records = await Promise.all(
      [...byImage].map(([path, items]) =>
        galleryRecord(path, items[0]!.image.bytes, {
          prompts: items.map(({ id, prompt, reference }) => ({ id, prompt, ...(reference ? { reference } : {}) })),
          ...(items[0]!.objects ? { objects: items[0]!.objects } : {}),
        }),
      ),
    );
  }
  try {
    return await database.transaction('rw', database.images, database.pairs, async () => {
      await database.images.bulkPut(records);
      if (result.kind === 'items')
        return `Imported ${result.items.length} ${result.source === 'llava' ? 'LLaVA prompts' : 'annotated images'} on ${records.length} images.`;
      const saved = await storePairs(database, result.pairs, { replaceSameId: true });
      return `Imported ${saved.added + saved.replaced} pairs (${result.format}${result.parquet ? ', Parquet' : ''}) and ${records.length} images${saved.duplicates ? `; ${saved.duplicates} were stored already` : ''}.`;
    });
  } catch (error) {
    throw new Error(describeStorageError(error, 'the import'));
  }
}
