// How much one import may hold, and the sentence that refuses more. An import is read into the
// tab's memory whole (so that it lands all or nothing), so the limits are about memory:
// - a file: 250 MB. V8 cannot hold a string over ~512 MiB at all, and JSON.parse of a 250 MB text
//   already builds a graph several times that size; LLaVA-Instruct-150K's JSON (229 MB) still fits.
// - a zip: 500 MB once inflated, all entries together (they are held at once); at most 50,000
//   entries; an entry over 1 MB may not claim to inflate more than 100× (real JSON is ~5–20×,
//   images ~1×; a zip bomb is ~1000×).

export interface ImportLimits {
  /** The largest file read into memory (a zip, a JSON text, an entry inside a zip). */
  maxFileBytes: number;
  /** All entries of a zip together, inflated. */
  maxTotalBytes: number;
  maxEntries: number;
  /** Inflated ÷ compressed size allowed for an entry larger than ratioFloorBytes. */
  maxRatio: number;
  ratioFloorBytes: number;
}

export const IMPORT_LIMITS: Readonly<ImportLimits> = {
  maxFileBytes: 250_000_000,
  maxTotalBytes: 500_000_000,
  maxEntries: 50_000,
  maxRatio: 100,
  ratioFloorBytes: 1_000_000,
};

export const limitsWith = (overrides: Partial<ImportLimits> = {}): ImportLimits => ({ ...IMPORT_LIMITS, ...overrides });

/** "500 MB", "1.5 MB", "812 bytes": decimal units, as browsers and file managers show sizes. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = -1;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const shown = value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
  return `${shown} ${units[unit]}`;
}

/**
 * Call with File.size (browser) or stat().size (Node) before reading a file: one sentence when it
 * is too big to import, so nothing is read.
 */
export function checkImportSize(bytes: number, name = 'The file', limits: Partial<ImportLimits> = {}): void {
  const { maxFileBytes } = limitsWith(limits);
  if (!Number.isFinite(bytes) || bytes < 0) throw new Error(`${name} has no readable size.`);
  if (bytes > maxFileBytes) {
    throw new Error(
      `${name} is ${formatBytes(bytes)}, more than the ${formatBytes(maxFileBytes)} one import can hold; split it into smaller files.`,
    );
  }
}
