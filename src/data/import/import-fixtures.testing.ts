// Fixtures for import tests: image-like bytes, zips written byte by byte (so a test can make any
// header lie), and a deflate stream of zeros that grows ~159× without allocating what it inflates to.
import { crc32 } from '../../world';

/** A PNG signature and a marker byte: enough for the import, which sniffs but does not decode. */
export const fakePng = (marker: number): Uint8Array =>
  new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, marker]);
export const fakeJpeg = (marker: number): Uint8Array => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, marker]);

export interface RawEntry {
  name: string;
  /** The bytes as stored (already deflated when method is 8). */
  data: Uint8Array;
  method?: 0 | 8;
  /** The inflated size the headers declare; default data.length. */
  size?: number;
  crc?: number;
  /** Point the central directory at another entry's local header (index into the entries). */
  sharesDataOf?: number;
  /** Write the central directory's sizes and offset as Zip64 (0xFFFFFFFF, the values in extra field 0x0001). */
  zip64?: boolean;
}

/** A zip written by hand: local headers, data, central directory, end record; no Zip64. */
export function rawZip(entries: readonly RawEntry[]): Uint8Array {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  const offsets: number[] = [];
  let at = 0;
  const push = (bytes: Uint8Array) => {
    parts.push(bytes);
    at += bytes.length;
  };
  const header = (length: number, fill: (view: DataView) => void) => {
    const bytes = new Uint8Array(length);
    fill(new DataView(bytes.buffer));
    return bytes;
  };
  const fields = (entry: RawEntry) => ({
    name: encoder.encode(entry.name),
    method: entry.method ?? 0,
    size: entry.size ?? entry.data.length,
    crc: entry.crc ?? crc32(entry.data),
  });
  for (const entry of entries) {
    const { name, method, size, crc } = fields(entry);
    offsets.push(at);
    push(
      header(30, (v) => {
        v.setUint32(0, 0x04034b50, true);
        v.setUint16(4, 20, true);
        v.setUint16(6, 0x800, true);
        v.setUint16(8, method, true);
        v.setUint32(14, crc, true);
        v.setUint32(18, entry.data.length, true);
        v.setUint32(22, size, true);
        v.setUint16(26, name.length, true);
      }),
    );
    push(name);
    push(entry.data);
  }
  const directoryStart = at;
  entries.forEach((entry, i) => {
    const { name, method, size, crc } = fields(entry);
    const data = entry.sharesDataOf === undefined ? entry : entries[entry.sharesDataOf]!;
    const offset = offsets[entry.sharesDataOf ?? i]!;
    const wide = entry.zip64 ? 0xffffffff : undefined;
    push(
      header(46, (v) => {
        v.setUint32(0, 0x02014b50, true);
        v.setUint16(4, 20, true);
        v.setUint16(6, 45, true);
        v.setUint16(8, 0x800, true);
        v.setUint16(10, method, true);
        v.setUint32(16, crc, true);
        v.setUint32(20, wide ?? data.data.length, true);
        v.setUint32(24, wide ?? size, true);
        v.setUint16(28, name.length, true);
        v.setUint16(30, entry.zip64 ? 28 : 0, true);
        v.setUint32(42, wide ?? offset, true);
      }),
    );
    push(name);
    if (entry.zip64) {
      push(
        header(28, (v) => {
          v.setUint16(0, 0x0001, true);
          v.setUint16(2, 24, true);
          v.setBigUint64(4, BigInt(size), true);
          v.setBigUint64(12, BigInt(data.data.length), true);
          v.setBigUint64(20, BigInt(offset), true);
        }),
      );
    }
  });
  push(
    header(22, (v) => {
      v.setUint32(0, 0x06054b50, true);
      v.setUint16(8, entries.length, true);
      v.setUint16(10, entries.length, true);
      v.setUint32(12, at - directoryStart, true);
      v.setUint32(16, directoryStart, true);
    }),
  );
  const zip = new Uint8Array(at);
  let offset = 0;
  for (const part of parts) {
    zip.set(part, offset);
    offset += part.length;
  }
  return zip;
}

/**
 * A raw deflate stream (fixed Huffman) that inflates to 1 + 258·matches zero bytes: a literal 0,
 * then `matches` copies of length 258 at distance 1, 13 bits each.
 */
export function zerosDeflate(matches: number): { data: Uint8Array; size: number } {
  const out = new Uint8Array(Math.ceil((3 + 8 + 13 * matches + 7) / 8) + 1);
  let bit = 0;
  const put = (b: number) => {
    if (b) out[bit >> 3]! |= 1 << (bit & 7);
    bit++;
  };
  const huffman = (code: number, length: number) => {
    for (let i = length - 1; i >= 0; i--) put((code >> i) & 1);
  };
  put(1); // BFINAL
  put(1); // BTYPE = 01, fixed Huffman
  put(0);
  huffman(0x30, 8); // literal 0
  for (let m = 0; m < matches; m++) {
    huffman(0xc5, 8); // length 258 (symbol 285)
    huffman(0, 5); // distance 1
  }
  huffman(0, 7); // end of block (256)
  return { data: out.subarray(0, Math.ceil(bit / 8)), size: 1 + 258 * matches };
}
