// An export's files as one zip (the browser's download). The same files give the same bytes: a
// fixed timestamp, entries in the export's order, PNGs stored as they are (already compressed).
import { zipSync, type Zippable } from 'fflate';
import type { ExportFile } from './export-dataset';

/** 1980-01-01 00:00 local time, the earliest DOS date: zip stores local time fields, so this is the same everywhere. */
const FIXED_TIME = new Date(1980, 0, 1, 0, 0, 0);

export function zipExport(files: readonly ExportFile[]): Uint8Array {
  const entries: Zippable = {};
  for (const { path, bytes } of files)
    entries[path] = [bytes, { level: /\.(png|jpe?g|webp|gif|parquet)$/i.test(path) ? 0 : 6, mtime: FIXED_TIME }];
  return zipSync(entries);
}
