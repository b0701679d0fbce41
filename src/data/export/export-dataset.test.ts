// Whole exports: JSONL with image files, Parquet with the images inside (read back with hyparquet),
// the zip, and the same pairs giving the same bytes.
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, exportDataset, zipExport, type ExportedDataset, type ExportFormat } from '.';
import { decodePngAsync } from '../../world';
import { llamaFactoryRowProblems, rlaifVRowProblems, trlRowProblems } from './column-specs.testing';
import { PHOTO_PATH, reviewedPairs } from './reviewed-pairs.testing';

const PHOTO = new Uint8Array([137, 80, 78, 71, 1, 2, 3]); // the bytes are copied, not decoded
const readImageFile = async (path: string) => {
  if (path.replace(/^\.\//, '') !== PHOTO_PATH) throw new Error(`No file ${path}.`);
  return PHOTO;
};
const exportOf = (format: ExportFormat, parquet = false) =>
  exportDataset(reviewedPairs(), { format, parquet, readImageFile });
const fileOf = (dataset: ExportedDataset, path: string) => dataset.files.find((file) => file.path === path)!.bytes;
const jsonlRows = (dataset: ExportedDataset) =>
  new TextDecoder()
    .decode(fileOf(dataset, 'train.jsonl'))
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));

/** Parquet rows as JSONL holds them: an embedded image as its path, absent fields (null) dropped. */
function asJsonlRow(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asJsonlRow);
  if (typeof value !== 'object' || value === null) return value;
  if ('bytes' in value && 'path' in value) return value.path;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => [k, asJsonlRow(v)]),
  );
}

const embeddedImages = (rows: Record<string, unknown>[]) =>
  rows.flatMap((row) => (Array.isArray(row.images) ? row.images : [row.image])) as {
    bytes: Uint8Array;
    path: string;
  }[];

describe('exportDataset', () => {
  it("writes train.jsonl and each image once under images/, with LLaMA-Factory's dataset_info.json", async () => {
    const trl = await exportOf('trl');
    expect(trl.files.map((file) => file.path)).toEqual([
      'train.jsonl',
      'images/train-9-0.png',
      'images/train-9-1.png',
      'images/train-9-2.png',
      'images/train-9-3.png',
      'images/cat.png',
    ]);
    expect(trl).toMatchObject({ rows: 7, images: 5, statuses: { accepted: 4, swapped: 3 } });
    expect(fileOf(trl, 'images/cat.png')).toEqual(PHOTO);
    expect((await decodePngAsync(fileOf(trl, 'images/train-9-0.png'))).width).toBeGreaterThan(0);
    for (const row of jsonlRows(trl)) expect(trlRowProblems(row)).toEqual([]);

    const factory = await exportOf('llama-factory');
    expect(factory.files.slice(0, 2).map((file) => file.path)).toEqual(['train.jsonl', 'dataset_info.json']);
    for (const row of jsonlRows(factory)) expect(llamaFactoryRowProblems(row)).toEqual([]);
    expect(JSON.parse(new TextDecoder().decode(fileOf(factory, 'dataset_info.json')))).toEqual({
      selfalign: {
        file_name: 'train.jsonl',
        formatting: 'sharegpt',
        ranking: true,
        columns: { messages: 'conversations', chosen: 'chosen', rejected: 'rejected', images: 'images' },
        tags: { role_tag: 'from', content_tag: 'value', user_tag: 'human', assistant_tag: 'gpt' },
      },
    });
  });

  it.each(EXPORT_FORMATS)(
    '%s Parquet reads back with hyparquet as the JSONL rows, the images inside as bytes',
    async (format) => {
      const [jsonl, parquet] = await Promise.all([exportOf(format), exportOf(format, true)]);
      expect(parquet.files.map((file) => file.path)).toEqual(
        format === 'llama-factory' ? ['train.parquet', 'dataset_info.json'] : ['train.parquet'],
      );
      const file = fileOf(parquet, 'train.parquet');
      const buffer = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
      const rows = (await parquetReadObjects({ file: buffer, utf8: false })) as Record<string, unknown>[];
      expect(rows.map(asJsonlRow)).toEqual(jsonlRows(jsonl));
      for (const image of embeddedImages(rows)) expect(image.bytes).toEqual(fileOf(jsonl, image.path));
      const check = { trl: trlRowProblems, 'llama-factory': llamaFactoryRowProblems, 'rlaif-v': rlaifVRowProblems }[
        format
      ];
      const isEmbedded = (x: unknown) =>
        typeof x === 'object' && x !== null && (x as { bytes?: unknown }).bytes instanceof Uint8Array;
      for (const row of rows) expect(check(asJsonlRowKeepingImages(row), isEmbedded)).toEqual([]);

      // load_dataset reads these features from the file and decodes image columns to PIL images.
      const metadata = parquetMetadata(buffer).key_value_metadata!.find((kv) => kv.key === 'huggingface')!;
      const features = JSON.parse(metadata.value!).info.features;
      expect(format === 'rlaif-v' ? features.image : features.images).toEqual(
        format === 'rlaif-v' ? { _type: 'Image' } : [{ _type: 'Image' }],
      );
    },
  );

  it('gives the same bytes for the same pairs, in JSONL, Parquet and the zip', async () => {
    for (const format of EXPORT_FORMATS) {
      for (const parquet of [false, true]) {
        const [first, second] = [await exportOf(format, parquet), await exportOf(format, parquet)];
        expect(second.files).toEqual(first.files);
        expect(zipExport(second.files)).toEqual(zipExport(first.files));
      }
    }
  });

  it('packs the files into a zip that unzips to the same paths and bytes', async () => {
    const dataset = await exportOf('llama-factory');
    const unzipped = unzipSync(zipExport(dataset.files));
    expect(Object.keys(unzipped)).toEqual(dataset.files.map((file) => file.path));
    for (const file of dataset.files) expect(unzipped[file.path]).toEqual(file.bytes);
  });

  it("stops with the reader's sentence when an image file cannot be read", async () => {
    const pairs = reviewedPairs();
    await expect(
      exportDataset(pairs, {
        format: 'trl',
        readImageFile: async () => {
          throw new Error('No such file.');
        },
      }),
    ).rejects.toThrow('No such file.');
    await expect(exportDataset(pairs, { format: 'trl' })).rejects.toThrow(
      `Pair photo-a shows the file ${PHOTO_PATH}, and this export cannot read files.`,
    );
  });
});

/** Like asJsonlRow, but embedded images stay as they are (for the spec checks with an image test). */
function asJsonlRowKeepingImages(row: Record<string, unknown>): unknown {
  const images = row.images ?? row.image;
  const plain = asJsonlRow(row) as Record<string, unknown>;
  return 'images' in row ? { ...plain, images } : { ...plain, image: images };
}
