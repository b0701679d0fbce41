// A zip from a user → its files {normalised path → bytes}, all or nothing. Before anything is
// inflated: every name is checked (nothing may point outside the zip's root), and the declared
// sizes against the limits (entries, total, ratio, entries sharing data). While inflating, each
// entry may not grow past the size its header declared (headers can lie) and must match its CRC.
// Stored and deflated entries, Zip64 included; folders and OS metadata files are left out.
import { Inflate } from 'fflate';
import { crc32 } from '../../world';
import { isSystemFile, normaliseImportPath } from './import-paths';
import { formatBytes, limitsWith, type ImportLimits } from './limits';

export interface ReadZipOptions {
  /** How sentences name the zip, e.g. "images.zip"; default "The zip". */
  name?: string;
  limits?: Partial<ImportLimits>;
}

interface ZipEntry {
  what: string;
  path: string;
  skip: boolean;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** Compressed bytes pushed to the inflater at a time: deflate grows at most ~1032×, so one push yields ≤ ~34 MB. */
const INFLATE_CHUNK = 32 * 1024;

class Reader {
  readonly view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    private readonly damaged: (why: string) => Error,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  private need(at: number, length: number) {
    if (at < 0 || at + length > this.bytes.length) throw this.damaged('it ends too soon');
  }
  u16(at: number) {
    this.need(at, 2);
    return this.view.getUint16(at, true);
  }
  u32(at: number) {
    this.need(at, 4);
    return this.view.getUint32(at, true);
  }
  u64(at: number) {
    this.need(at, 8);
    const value = this.view.getUint32(at, true) + this.view.getUint32(at + 4, true) * 2 ** 32;
    if (!Number.isSafeInteger(value)) throw this.damaged('a size is beyond any file');
    return value;
  }
  slice(at: number, length: number) {
    this.need(at, length);
    return this.bytes.subarray(at, at + length);
  }
}

function decodeName(raw: Uint8Array, utf8Flag: boolean): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    if (utf8Flag) return new TextDecoder('utf-8').decode(raw);
    return Array.from(raw, (b) => String.fromCharCode(b)).join(''); // old tools' code page, read as Latin-1
  }
}

function endOfCentralDirectory(reader: Reader, zipName: string) {
  const { bytes } = reader;
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let at = bytes.length - 22; at >= lowest; at--) {
    if (reader.view.getUint32(at, true) !== EOCD) continue;
    let entries = reader.u16(at + 10);
    let size = reader.u32(at + 12);
    let offset = reader.u32(at + 16);
    if (reader.u16(at + 4) !== 0 || reader.u16(at + 6) !== 0 || reader.u16(at + 8) !== entries) {
      throw new Error(`${zipName} is split across several disks; join it into one zip first.`);
    }
    if (at >= 20 && reader.view.getUint32(at - 20, true) === ZIP64_LOCATOR) {
      const z = reader.u64(at - 12);
      if (reader.u32(z) !== ZIP64_EOCD) throw new Error(`${zipName} is damaged (its Zip64 directory is missing).`);
      entries = reader.u64(z + 32);
      size = reader.u64(z + 40);
      offset = reader.u64(z + 48);
    }
    return { entries, size, offset, end: at };
  }
  throw new Error(`${zipName} is not a zip file (it has no central directory).`);
}

function centralEntries(reader: Reader, zipName: string, named: boolean, limits: ImportLimits): ZipEntry[] {
  const directory = endOfCentralDirectory(reader, zipName);
  if (directory.entries > limits.maxEntries) {
    throw new Error(
      `${zipName} holds ${directory.entries.toLocaleString('en-US')} entries, more than the ${limits.maxEntries.toLocaleString('en-US')} one import can hold.`,
    );
  }
  if (directory.offset + directory.size > directory.end)
    throw new Error(`${zipName} is damaged (its central directory overlaps its end record).`);
  const entries: ZipEntry[] = [];
  let at = directory.offset;
  for (let n = 0; n < directory.entries; n++) {
    if (reader.u32(at) !== CENTRAL)
      throw new Error(`${zipName} is damaged (entry ${n + 1} of its central directory is unreadable).`);
    const flags = reader.u16(at + 8);
    const nameLength = reader.u16(at + 28);
    const extraLength = reader.u16(at + 30);
    const commentLength = reader.u16(at + 32);
    const rawName = decodeName(reader.slice(at + 46, nameLength), (flags & 0x800) !== 0);
    const what = named
      ? `The entry ${JSON.stringify(rawName)} in ${zipName}`
      : `The zip entry ${JSON.stringify(rawName)}`;
    let compressedSize = reader.u32(at + 20);
    let size = reader.u32(at + 24);
    let localOffset = reader.u32(at + 42);
    // Zip64: the fields that overflowed are in extra field 0x0001, in this order.
    for (let e = at + 46 + nameLength; e + 4 <= at + 46 + nameLength + extraLength;) {
      const id = reader.u16(e);
      const length = reader.u16(e + 2);
      if (id === 0x0001) {
        let p = e + 4;
        if (size === 0xffffffff) {
          size = reader.u64(p);
          p += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = reader.u64(p);
          p += 8;
        }
        if (localOffset === 0xffffffff) localOffset = reader.u64(p);
      }
      e += 4 + length;
    }
    const unixMode = reader.u16(at + 4) >> 8 === 3 ? reader.u32(at + 38) >>> 16 : 0;
    const path = normaliseImportPath(rawName, what);
    if ((unixMode & 0o170000) === 0o120000) throw new Error(`${what} is a symbolic link, which imports refuse.`);
    const skip = rawName.endsWith('/') || path === '' || isSystemFile(path);
    entries.push({
      what,
      path,
      skip,
      flags,
      method: reader.u16(at + 10),
      crc: reader.u32(at + 16),
      compressedSize,
      size,
      localOffset,
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Every refusal that needs no inflating: duplicates, encryption, methods, sizes, ratios, shared data. */
function checkDeclared(
  entries: ZipEntry[],
  reader: Reader,
  zipName: string,
  limits: ImportLimits,
): Map<ZipEntry, number> {
  const seen = new Set<string>();
  let total = 0;
  for (const entry of entries) {
    if (entry.skip) continue;
    if (seen.has(entry.path)) throw new Error(`${zipName} holds two entries named ${JSON.stringify(entry.path)}.`);
    seen.add(entry.path);
    if (entry.flags & 0x1)
      throw new Error(`${entry.what} is encrypted; SelfAlign cannot read password-protected zips.`);
    if (entry.method !== 0 && entry.method !== 8)
      throw new Error(
        `${entry.what} uses compression method ${entry.method}, which SelfAlign cannot read (only stored and deflate).`,
      );
    if (entry.method === 0 && entry.size !== entry.compressedSize)
      throw new Error(`${entry.what} is damaged (stored, yet its two sizes differ).`);
    if (entry.size > limits.maxFileBytes)
      throw new Error(
        `${entry.what} inflates to ${formatBytes(entry.size)}, more than the ${formatBytes(limits.maxFileBytes)} one import can hold.`,
      );
    if (entry.size > limits.ratioFloorBytes && entry.size > entry.compressedSize * limits.maxRatio) {
      const ratio = Math.round(entry.size / Math.max(entry.compressedSize, 1));
      throw new Error(
        `${entry.what} claims to inflate ${ratio}× (${formatBytes(entry.compressedSize)} to ${formatBytes(entry.size)}), as only a zip bomb does; nothing was imported.`,
      );
    }
    total += entry.size;
    if (total > limits.maxTotalBytes)
      throw new Error(
        `${zipName} inflates to more than the ${formatBytes(limits.maxTotalBytes)} one import can hold, so it was refused before inflating (it may be a zip bomb).`,
      );
  }
  // Where each entry's data starts, and no two entries sharing bytes (the overlapping-entries bomb).
  const dataStart = new Map<ZipEntry, number>();
  const spans: [number, number][] = [];
  for (const entry of entries) {
    if (reader.u32(entry.localOffset) !== LOCAL)
      throw new Error(`${entry.what} is damaged (its local header is missing).`);
    const start = entry.localOffset + 30 + reader.u16(entry.localOffset + 26) + reader.u16(entry.localOffset + 28);
    if (start + entry.compressedSize > reader.bytes.length)
      throw new Error(`${entry.what} is damaged (its data runs past the end of the zip).`);
    dataStart.set(entry, start);
    spans.push([entry.localOffset, start + entry.compressedSize]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i]![0] < spans[i - 1]![1])
      throw new Error(`${zipName} has entries that share their data, as zip bombs do; nothing was imported.`);
  }
  return dataStart;
}

/** Inflates one entry, never past its declared size. */
function inflateEntry(data: Uint8Array, entry: ZipEntry): Uint8Array {
  if (entry.method === 0) return data.slice();
  const out = new Uint8Array(entry.size);
  let written = 0;
  const overrun = new Error(
    `${entry.what} inflates to more than the ${formatBytes(entry.size)} its header declares, as a zip bomb does; nothing was imported.`,
  );
  const inflater = new Inflate((chunk) => {
    if (written + chunk.length > entry.size) throw overrun;
    out.set(chunk, written);
    written += chunk.length;
  });
  try {
    if (data.length === 0) inflater.push(new Uint8Array(0), true);
    for (let at = 0; at < data.length; at += INFLATE_CHUNK)
      inflater.push(data.subarray(at, at + INFLATE_CHUNK), at + INFLATE_CHUNK >= data.length);
  } catch (error) {
    if (error === overrun) throw error;
    throw new Error(`${entry.what} is damaged (${error instanceof Error ? error.message : 'it does not inflate'}).`);
  }
  if (written !== entry.size)
    throw new Error(
      `${entry.what} is damaged (it inflates to ${formatBytes(written)}, not the ${formatBytes(entry.size)} its header declares).`,
    );
  return out;
}

/** The files of a zip by normalised path, in the zip's order; any problem refuses the whole zip in one sentence. */
export function readZip(bytes: Uint8Array, options: ReadZipOptions = {}): Map<string, Uint8Array> {
  const zipName = options.name ?? 'The zip';
  const limits = limitsWith(options.limits);
  if (bytes.length > limits.maxFileBytes) {
    throw new Error(
      `${zipName} is ${formatBytes(bytes.length)}, more than the ${formatBytes(limits.maxFileBytes)} one import can hold; split it into smaller files.`,
    );
  }
  const reader = new Reader(bytes, (why) => new Error(`${zipName} is damaged (${why}).`));
  const entries = centralEntries(reader, zipName, options.name !== undefined, limits);
  const dataStart = checkDeclared(entries, reader, zipName, limits);
  const files = new Map<string, Uint8Array>();
  for (const entry of entries) {
    if (entry.skip) continue;
    const content = inflateEntry(reader.slice(dataStart.get(entry)!, entry.compressedSize), entry);
    if (crc32(content) !== entry.crc) throw new Error(`${entry.what} is damaged (its checksum does not match).`);
    files.set(entry.path, content);
  }
  return files;
}
