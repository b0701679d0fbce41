// The import button's path, end to end against a real (fake-IndexedDB) store: every bad import
// the issue lists is refused in one sentence and leaves the store exactly as it was, including an
// export whose last row is bad after good ones (nothing partial).
import 'fake-indexeddb/auto';
import { zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { SelfAlignDatabase } from '../database';
import { exportDataset, zipExport } from '../export';
import { PHOTO_PATH, reviewedPairs } from '../export/reviewed-pairs.testing';
import { savePairs } from '../pairs/pair-store';
import { importDataset, importFilesFrom } from './import-dataset';
import { fakePng, rawZip, zerosDeflate } from './import-fixtures.testing';
import { checkImportSize } from './limits';

/** A picked file as the browser gives it: the size is known before the bytes are read. */
interface Picked {
  path: string;
  size: number;
  read: () => Uint8Array;
}
const picked = (path: string, content: string | Uint8Array): Picked => {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return { path, size: bytes.length, read: () => bytes };
};

/** What the app's import button will do: check sizes, read, import, then store all in one transaction. */
async function importIntoStore(files: Picked[], db: SelfAlignDatabase): Promise<void> {
  for (const file of files) checkImportSize(file.size, file.path);
  const result = await importDataset(importFilesFrom(files.map((file) => ({ path: file.path, bytes: file.read() }))));
  if (result.kind === 'pairs') {
    await savePairs(result.pairs, { replaceSameId: true }, db);
    return;
  }
  await db.transaction('rw', db.images, () =>
    db.images.bulkAdd(
      result.items.map((item) => ({
        id: item.id,
        name: item.image.name,
        width: 1,
        height: 1,
        blob: new Blob([item.image.bytes as BlobPart], { type: item.image.type }),
        thumbnail: '',
        createdAt: 0,
      })),
    ),
  );
}

const llava = (image: string, extra = '') =>
  `[{"id":"a","image":"${image}","conversations":[{"from":"human","value":"<image>\\nQ?"},{"from":"gpt","value":"A."}]${extra}}]`;
const bomb = zerosDeflate(800_000);
const readImageFile = async (path: string) =>
  path.endsWith(PHOTO_PATH) ? fakePng(7) : Promise.reject(new Error(`No file ${path}.`));

let db: SelfAlignDatabase | undefined;
afterEach(async () => {
  await db?.delete();
});

describe('a bad import', () => {
  it.each<[string, () => Promise<Picked[]>, RegExp]>([
    [
      'invalid JSON',
      async () => [picked('llava.json', '[{"id": "a",'), picked('a.png', fakePng(1))],
      /^llava\.json is not valid JSON at line 1, column \d+\.$/,
    ],
    [
      'a missing image',
      async () => [picked('llava.json', llava('b.png')), picked('a.png', fakePng(1))],
      /^The image b\.png of record 1 \(id "a"\) of llava\.json is not in the import\.$/,
    ],
    [
      'an image path escaping the zip root',
      async () => [
        picked('llava.json', llava('x.png')),
        picked('images.zip', rawZip([{ name: 'ok/../../x.png', data: fakePng(1) }])),
      ],
      /^The entry "ok\/\.\.\/\.\.\/x\.png" in images\.zip climbs out of its folder/,
    ],
    [
      'a __proto__ key',
      async () => [picked('llava.json', llava('a.png', ',"__proto__":{"polluted":true}')), picked('a.png', fakePng(1))],
      /^llava\.json holds the key "__proto__" \(at \[0\]\.__proto__\)/,
    ],
    [
      'a 500 MB file',
      async () => [
        {
          path: 'huge.json',
          size: 500_000_000,
          read: () => {
            throw new Error('a refused file is never read');
          },
        },
      ],
      /^huge\.json is 500 MB, more than the 250 MB one import can hold/,
    ],
    [
      'a zip bomb',
      async () => [
        picked('llava.json', llava('a.png')),
        picked('images.zip', rawZip([{ name: 'a.png', data: bomb.data, method: 8, size: bomb.size, crc: 0 }])),
      ],
      /^The entry "a\.png" in images\.zip claims to inflate 159×/,
    ],
    [
      'an export whose last row is bad',
      async () => {
        const dataset = await exportDataset(reviewedPairs(), {
          format: 'rlaif-v',
          statuses: ['accepted', 'swapped', 'tie'],
          readImageFile,
        });
        const files = Object.fromEntries(dataset.files.map((file) => [file.path, file.bytes]));
        const lines = new TextDecoder().decode(files['train.jsonl']).trimEnd().split('\n');
        lines[lines.length - 1] = lines.at(-1)!.replace('"question":"', '"question":7,"x":"');
        files['train.jsonl'] = new TextEncoder().encode(lines.join('\n') + '\n');
        return [picked('export.zip', zipSync(files))];
      },
      /^Row 8 of train\.jsonl is not an RLAIF-V row of a SelfAlign export: "question" should be a string\.$/,
    ],
  ])('(%s) is refused in one sentence and leaves the store unchanged', async (_, files, sentence) => {
    db = new SelfAlignDatabase(`import-${crypto.randomUUID()}`);
    await savePairs(reviewedPairs().slice(0, 2), {}, db);
    await db.images.add({
      id: 'kept',
      name: 'kept.png',
      width: 1,
      height: 1,
      blob: new Blob([fakePng(0) as BlobPart]),
      thumbnail: '',
      createdAt: 0,
    });
    const before = { pairs: await db.pairs.toArray(), images: await db.images.toArray() };

    const error = await importIntoStore(await files(), db).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(sentence);
    expect(error!.message).not.toMatch(/\n|\.\s+[A-Z]/); // one sentence
    expect({ pairs: await db.pairs.toArray(), images: await db.images.toArray() }).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('while a good one stores everything it holds', async () => {
    db = new SelfAlignDatabase(`import-${crypto.randomUUID()}`);
    await importIntoStore([picked('llava.json', llava('a.png')), picked('a.png', fakePng(1))], db);
    expect(await db.images.count()).toBe(1);
    const dataset = await exportDataset(reviewedPairs(), {
      format: 'rlaif-v',
      parquet: true,
      statuses: ['accepted', 'swapped'],
      readImageFile,
    });
    await importIntoStore([picked('export.zip', zipExport(dataset.files))], db);
    expect(await db.pairs.count()).toBe(dataset.rows);
  });
});
