// Our own exports come back: export → import → export writes the same bytes, for TRL,
// LLaMA-Factory and RLAIF-V, as JSONL with images/ and as Parquet with the images inside, from a
// zip or from a folder. RLAIF-V gives back the very pairs (review, edits, evidence, scenes).
import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, exportDataset, zipExport, type ExportFormat, type ExportOptions } from '../export';
import { PHOTO_PATH, reviewedPairs } from '../export/reviewed-pairs.testing';
import { REVIEW_STATUSES, type PairRecord } from '../pairs/pair-records';
import { importDataset, importFilesFrom } from './import-dataset';
import { importExport } from './import-export';

const PHOTO = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 7]);
const readImageFile = async (path: string) => {
  if (path.replace(/^\.\//, '') !== PHOTO_PATH) throw new Error(`No file ${path}.`);
  return PHOTO;
};

async function roundTrip(format: ExportFormat, parquet: boolean, options: Partial<ExportOptions> = {}) {
  const first = await exportDataset(reviewedPairs(), { format, parquet, readImageFile, ...options });
  const result = await importDataset(
    importFilesFrom([{ path: `selfalign-${format}.zip`, bytes: zipExport(first.files) }]),
  );
  if (result.kind !== 'pairs') throw new Error('expected pairs');
  const again = await exportDataset(result.pairs, {
    format: result.format,
    parquet: result.parquet,
    readImageFile: result.readImageFile,
    ...options,
  });
  return { first, again, result };
}

describe('importing our exports', () => {
  for (const format of EXPORT_FORMATS) {
    for (const parquet of [false, true]) {
      it(`${format} ${parquet ? 'Parquet' : 'JSONL'}: export → import → export gives the same bytes`, async () => {
        const { first, again, result } = await roundTrip(format, parquet);
        expect(result).toMatchObject({ format, parquet, dataFile: parquet ? 'train.parquet' : 'train.jsonl' });
        expect(result.pairs).toHaveLength(first.rows);
        expect(again.files.map((f) => f.path)).toEqual(first.files.map((f) => f.path));
        for (const [i, file] of first.files.entries()) expect(again.files[i]!.bytes, file.path).toEqual(file.bytes);
        expect(zipExport(again.files)).toEqual(zipExport(first.files));
      });
    }
  }

  it('gives back the pairs themselves from RLAIF-V: every status, edits, swaps, evidence, scenes', async () => {
    const statuses = REVIEW_STATUSES;
    const { first, again, result } = await roundTrip('rlaif-v', true, { statuses });
    expect(again.files).toEqual(first.files);
    const asExported = (pair: PairRecord): PairRecord =>
      'path' in pair.image ? { ...pair, image: { path: 'images/cat.png' } } : pair;
    expect(result.pairs).toEqual(reviewedPairs().map(asExported));
  });

  it('rebuilds TRL and LLaMA-Factory rows as accepted pairs on image files, with ids stable per file', async () => {
    const { result } = await roundTrip('llama-factory', false);
    const [pair] = result.pairs;
    expect(pair).toMatchObject({
      method: 'imported',
      review: { status: 'accepted' },
      image: { path: 'images/train-9-0.png' },
    });
    expect(pair!.id).toMatch(/^llama-factory-[0-9a-f]{8}-1$/);
    expect((await roundTrip('llama-factory', false)).result.pairs.map((p) => p.id)).toEqual(
      result.pairs.map((p) => p.id),
    );
    expect([...result.images.keys()]).toEqual([
      'images/train-9-0.png',
      'images/train-9-1.png',
      'images/train-9-2.png',
      'images/train-9-3.png',
      'images/cat.png',
    ]);
  });

  it('reads an export from a folder (files under one top folder) as from its zip', async () => {
    const first = await exportDataset(reviewedPairs(), { format: 'trl', readImageFile });
    const folder = importFilesFrom(first.files.map((file) => ({ path: `my-export/${file.path}`, bytes: file.bytes })));
    const result = await importExport(folder);
    expect(result.dataFile).toBe('my-export/train.jsonl');
    expect((await exportDataset(result.pairs, { format: 'trl', readImageFile: result.readImageFile })).files).toEqual(
      first.files,
    );
  });

  it('refuses an export with a missing image, an escaping image path, or a row that is not ours, naming the row', async () => {
    const first = await exportDataset(reviewedPairs(), { format: 'trl', readImageFile });
    const files = new Map(first.files.map((file) => [file.path, file.bytes]));
    files.delete('images/cat.png');
    await expect(importExport(files)).rejects.toThrow(
      'Row 5 of train.jsonl shows the image images/cat.png, which is not in the import.',
    );

    const line = (row: object) => new TextEncoder().encode(JSON.stringify(row) + '\n');
    const trlRow = (image: string) => ({
      prompt: [{ role: 'user', content: [{ type: 'image' }, { type: 'text', text: 'Q?' }] }],
      chosen: [{ role: 'assistant', content: [{ type: 'text', text: 'A.' }] }],
      rejected: [{ role: 'assistant', content: [{ type: 'text', text: 'B.' }] }],
      images: [image],
    });
    await expect(importExport(new Map([['train.jsonl', line(trlRow('../../etc/passwd'))]]))).rejects.toThrow(
      'The image path "../../etc/passwd" of row 1 of train.jsonl climbs out of its folder with "..", so it could point outside the import; nothing was imported.',
    );
    await expect(
      importExport(
        new Map([
          ['train.jsonl', line({ ...trlRow('a.png'), chosen: 'A.' })],
          ['a.png', PHOTO],
        ]),
      ),
    ).rejects.toThrow(
      'Row 1 of train.jsonl is not a TRL row of a SelfAlign export: "chosen" and "rejected" should each be one assistant turn of a text.',
    );
    const bad = {
      ds_name: 'x',
      image: 'a.png',
      question: 'Q?',
      chosen: 'A.',
      rejected: 'B.',
      origin_dataset: 'x',
      origin_split: '{"pair_id":"p","__proto__":{}}',
      idx: 'p',
      image_path: 'a.png',
    };
    await expect(
      importExport(
        new Map([
          ['train.jsonl', line(bad)],
          ['a.png', PHOTO],
        ]),
      ),
    ).rejects.toThrow(
      'The origin_split of row 1 of train.jsonl holds the key "__proto__" (at __proto__), which imports refuse because it could tamper with the app.',
    );
  });
});
