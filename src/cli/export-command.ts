// `selfalign export`: a pairs file → a preference dataset folder for TRL, LLaMA-Factory or RLAIF-V
// (JSONL + images/, or Parquet with the images inside). Everything is read and checked before
// anything is written, and the folder appears whole (written beside it, then renamed).
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { EXPORT_FORMATS, exportDataset, IMAGES_FOLDER, type ExportFormat, type ImageFileReader } from '../data/export';
import { parsePairsJsonl, type PairRecord } from '../data/pairs/pair-records';
import { reviewStatuses, UsageError } from './usage';

export const exportUsage =
  'npm run selfalign -- export --pairs <pairs.jsonl> --format trl|llama-factory|rlaif-v [--parquet] [--status accepted,swapped] --out <dir> [--json]';

const FORMAT_NAMES: Record<ExportFormat, string> = {
  trl: 'TRL',
  'llama-factory': 'LLaMA-Factory',
  'rlaif-v': 'RLAIF-V',
};

export function parseExportArgs(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      pairs: { type: 'string' },
      format: { type: 'string' },
      parquet: { type: 'boolean', default: false },
      status: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.pairs) throw new UsageError('--pairs <pairs.jsonl> is required.');
  if (!EXPORT_FORMATS.includes(values.format as ExportFormat))
    throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, got "${values.format ?? ''}".`);
  if (!values.out) throw new UsageError('--out <dir> is required.');
  const statuses = reviewStatuses(values.status, '--status');
  return {
    pairsFile: values.pairs,
    format: values.format as ExportFormat,
    parquet: values.parquet!,
    statuses,
    out: values.out,
    json: values.json!,
  };
}

const within = (folder: string, path: string) => {
  const rel = relative(folder, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
};

/** Image files relative to the pairs file's folder, and never outside it (not even through a link). */
export function imageFileReader(pairsFile: string): ImageFileReader {
  const folder = resolve(dirname(pairsFile));
  return async (path, pairId) => {
    const full = resolve(folder, path);
    if (isAbsolute(path) || !within(folder, full))
      throw new Error(
        `Pair ${pairId} names the image ${path}, which is outside the folder of the pairs file; image paths must stay inside it.`,
      );
    if (!existsSync(full) || !statSync(full).isFile())
      throw new Error(`Pair ${pairId} names the image ${path}, and ${full} does not exist.`);
    if (!within(realpathSync(folder), realpathSync(full)))
      throw new Error(
        `Pair ${pairId} names the image ${path}, which links outside the folder of the pairs file; image paths must stay inside it.`,
      );
    return new Uint8Array(readFileSync(full));
  };
}

function readPairs(pairsFile: string): PairRecord[] {
  try {
    return parsePairsJsonl(readFileSync(pairsFile, 'utf8'));
  } catch (error) {
    throw new Error(
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? `The pairs file ${pairsFile} does not exist.`
        : (error as Error).message,
    );
  }
}

/** Writes the files into a sibling folder, then renames it to `out`: a failure leaves no half dataset. */
function writeFolder(out: string, files: { path: string; bytes: Uint8Array }[]): void {
  const target = resolve(out);
  const partial = `${target}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  try {
    for (const { path, bytes } of files) {
      mkdirSync(dirname(join(partial, path)), { recursive: true });
      writeFileSync(join(partial, path), bytes);
    }
    if (existsSync(target)) rmdirSync(target); // an empty folder (checked before); rmdir refuses any other
    renameSync(partial, target);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

export async function exportCommand(args: string[], report = (line: string) => console.log(line)) {
  const { pairsFile, format, parquet, statuses, out, json } = parseExportArgs(args);
  if (existsSync(out) && (!statSync(out).isDirectory() || readdirSync(out).length > 0)) {
    throw new Error(`${out} already exists and is not an empty folder; choose a new --out so nothing is overwritten.`);
  }
  const pairs = readPairs(pairsFile);
  const dataset = await exportDataset(pairs, {
    format,
    parquet,
    statuses,
    readImageFile: imageFileReader(pairsFile),
    includeHint: 'pass --status pending,accepted,swapped to include pending pairs',
  });
  writeFolder(out, dataset.files);

  const summary = {
    format,
    parquet,
    out,
    pairs: pairs.length,
    rows: dataset.rows,
    images: dataset.images,
    statuses: dataset.statuses,
    files: dataset.files.map((file) => file.path).filter((path) => !path.startsWith(`${IMAGES_FOLDER}/`)),
  };
  const counts = Object.entries(dataset.statuses)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  const imagesNote = parquet ? `the ${dataset.images} images inside` : `${dataset.images} images in images/`;
  report(
    json
      ? JSON.stringify(summary)
      : `Wrote ${dataset.rows} of ${pairs.length} pairs (${counts}) as ${FORMAT_NAMES[format]} ${parquet ? 'Parquet' : 'JSONL'} to ${out}: ${summary.files.join(', ')}, ${imagesNote}.`,
  );
  return summary;
}
