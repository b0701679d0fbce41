// `selfalign export` end to end: a pairs file with scene images and an image file → dataset
// folders whose relative image paths resolve; bad input is one sentence and writes nothing.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { llamaFactoryRowProblems, rlaifVRowProblems, trlRowProblems } from '../data/export/column-specs.testing';
import { PHOTO_PATH, reviewedPairs } from '../data/export/reviewed-pairs.testing';
import { pairsToJsonl, type PairRecord } from '../data/pairs/pair-records';
import { encodePngAsync, rasterizeScene, sampleScene } from '../world';
import { exportCommand } from './export-command';

const run = promisify(execFile);
const cli = (...args: string[]) => run('npx', ['tsx', 'src/cli/selfalign.ts', ...args], { cwd: process.cwd() });
const root = mkdtempSync(join(tmpdir(), 'selfalign-export-'));

/** A folder with pairs.jsonl and photos/cat.png; returns the pairs file. */
async function pairsFolder(name: string, pairs: PairRecord[] = reviewedPairs()): Promise<string> {
  const dir = join(root, name);
  mkdirSync(join(dir, 'photos'), { recursive: true });
  writeFileSync(join(dir, PHOTO_PATH), await encodePngAsync(rasterizeScene(sampleScene('test', 1, 0))));
  writeFileSync(join(dir, 'pairs.jsonl'), pairsToJsonl(pairs));
  return join(dir, 'pairs.jsonl');
}

const rowsIn = (dir: string) =>
  readFileSync(join(dir, 'train.jsonl'), 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));
const quietly = async (args: string[]) => {
  const lines: string[] = [];
  const summary = await exportCommand(args, (line) => lines.push(line));
  return { summary, lines };
};
/** Everything under the root that an export might have left: folders named like the outputs. */
const leftovers = (name: string) => readdirSync(root).filter((entry) => entry.startsWith(name));

describe('selfalign export', () => {
  it('writes TRL JSONL and images whose relative paths resolve, and --json prints the summary last', async () => {
    const pairsFile = await pairsFolder('trl');
    const out = join(root, 'trl-out');
    const { stdout } = await cli('export', '--pairs', pairsFile, '--format', 'trl', '--out', out, '--json');
    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(summary).toEqual({
      format: 'trl',
      parquet: false,
      out,
      pairs: 10,
      rows: 7,
      images: 5,
      statuses: { accepted: 4, swapped: 3 },
      files: ['train.jsonl'],
    });
    const rows = rowsIn(out);
    expect(rows).toHaveLength(7);
    for (const row of rows) {
      expect(trlRowProblems(row)).toEqual([]);
      for (const image of row.images) expect(existsSync(join(out, image))).toBe(true);
    }
    expect(readFileSync(join(out, 'images/cat.png'))).toEqual(readFileSync(join(root, 'trl', PHOTO_PATH)));
    expect(readdirSync(join(out, 'images'))).toHaveLength(5);
  });

  it('writes LLaMA-Factory with dataset_info.json, and RLAIF-V as Parquet with the images inside', async () => {
    const pairsFile = await pairsFolder('formats');
    const factory = join(root, 'formats-factory');
    const { lines } = await quietly(['--pairs', pairsFile, '--format', 'llama-factory', '--out', factory]);
    expect(lines).toEqual([
      `Wrote 7 of 10 pairs (4 accepted, 3 swapped) as LLaMA-Factory JSONL to ${factory}: train.jsonl, dataset_info.json, 5 images in images/.`,
    ]);
    const info = JSON.parse(readFileSync(join(factory, 'dataset_info.json'), 'utf8'));
    expect(info.selfalign).toMatchObject({ file_name: 'train.jsonl', formatting: 'sharegpt', ranking: true });
    for (const row of rowsIn(factory)) {
      expect(llamaFactoryRowProblems(row)).toEqual([]);
      for (const image of row.images) expect(existsSync(join(factory, image))).toBe(true);
    }

    const rlaif = join(root, 'formats-rlaif');
    await quietly([
      '--pairs',
      pairsFile,
      '--format',
      'rlaif-v',
      '--parquet',
      '--status',
      'accepted,swapped,tie',
      '--out',
      rlaif,
    ]);
    expect(readdirSync(rlaif)).toEqual(['train.parquet']);
    const bytes = readFileSync(join(rlaif, 'train.parquet'));
    const rows = (await parquetReadObjects({
      file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
      utf8: false,
    })) as Record<string, any>[];
    expect(rows.map((row) => row.idx)).toEqual([
      'oracle-0',
      'oracle-1',
      'oracle-2',
      'oracle-3',
      'oracle-4',
      'photo-a',
      'seva-again',
      'photo-b',
    ]);
    for (const row of rows) expect(rlaifVRowProblems({ ...row, image: row.image_path }, () => true)).toEqual([]);
    expect(rows.find((row) => row.idx === 'photo-a')!.image.bytes).toEqual(
      new Uint8Array(readFileSync(join(root, 'formats', PHOTO_PATH))),
    );
  });

  it('gives the same bytes when run twice', async () => {
    const pairsFile = await pairsFolder('twice');
    for (const name of ['twice-a', 'twice-b'])
      await quietly(['--pairs', pairsFile, '--format', 'llama-factory', '--out', join(root, name)]);
    const files = readdirSync(join(root, 'twice-a'), { recursive: true }) as string[];
    for (const file of files.filter((f) => f.includes('.')))
      expect(readFileSync(join(root, 'twice-b', file))).toEqual(readFileSync(join(root, 'twice-a', file)));
  });

  it('refuses a bad pairs file, a missing image, an image outside the folder and a used --out in one sentence, writing nothing', async () => {
    const bad = join(root, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'pairs.jsonl'), '{"id":"x"\n');
    await expect(
      quietly(['--pairs', join(bad, 'pairs.jsonl'), '--format', 'trl', '--out', join(root, 'bad-out')]),
    ).rejects.toThrow('Line 1 of the pairs file is not valid JSON.');

    const [first] = reviewedPairs();
    const missing = await pairsFolder('missing', [
      first!,
      { ...first!, id: 'gone', image: { path: 'photos/dog.png' } },
    ]);
    await expect(quietly(['--pairs', missing, '--format', 'trl', '--out', join(root, 'missing-out')])).rejects.toThrow(
      /^Pair gone names the image photos\/dog\.png, and .*dog\.png does not exist\.$/,
    );

    writeFileSync(join(root, 'secret.png'), 'not yours');
    const escaping = await pairsFolder('escaping', [
      first!,
      { ...first!, id: 'escape', image: { path: '../secret.png' } },
    ]);
    await expect(
      quietly(['--pairs', escaping, '--format', 'trl', '--out', join(root, 'escaping-out')]),
    ).rejects.toThrow(
      'Pair escape names the image ../secret.png, which is outside the folder of the pairs file; image paths must stay inside it.',
    );
    const linked = await pairsFolder('linked', [
      first!,
      { ...first!, id: 'link', image: { path: 'photos/secret.png' } },
    ]);
    symlinkSync(join(root, 'secret.png'), join(root, 'linked', 'photos', 'secret.png'));
    await expect(quietly(['--pairs', linked, '--format', 'trl', '--out', join(root, 'linked-out')])).rejects.toThrow(
      /which links outside the folder of the pairs file/,
    );

    const pending = await pairsFolder(
      'pending',
      reviewedPairs().map(({ review: _, ...pair }) => pair),
    );
    await expect(quietly(['--pairs', pending, '--format', 'trl', '--out', join(root, 'pending-out')])).rejects.toThrow(
      'No pair has the status accepted or swapped (the pairs are 10 pending): pass --status pending,accepted,swapped to include pending pairs.',
    );
    for (const name of ['bad-out', 'missing-out', 'escaping-out', 'linked-out', 'pending-out'])
      expect(leftovers(name)).toEqual([]);

    const used = join(root, 'used');
    mkdirSync(used);
    writeFileSync(join(used, 'keep.txt'), 'mine');
    await expect(
      quietly(['--pairs', await pairsFolder('used-pairs'), '--format', 'trl', '--out', used]),
    ).rejects.toThrow(
      `${used} already exists and is not an empty folder; choose a new --out so nothing is overwritten.`,
    );
    expect(readdirSync(used)).toEqual(['keep.txt']);
  });

  it('rejects a bad --format or --status with the usage and exit code 2', async () => {
    await expect(cli('export', '--pairs', 'p.jsonl', '--format', 'alpaca', '--out', 'x')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(
        /--format must be one of trl, llama-factory, rlaif-v, got "alpaca"\.\n.*export --pairs/,
      ),
    });
    await expect(
      quietly(['--pairs', 'p.jsonl', '--format', 'trl', '--status', 'accepted,maybe', '--out', 'x']),
    ).rejects.toThrow('--status takes statuses from pending, accepted, swapped, tie, both-bad, skipped, got "maybe".');
  });
});
