import { crc32 } from './crc32';

export const PNG_SIGNATURE = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);

export interface PngChunk {
  type: string;
  data: Uint8Array;
}

export function writeChunks(chunks: readonly PngChunk[]): Uint8Array {
  const total = PNG_SIGNATURE.length + chunks.reduce((n, c) => n + 12 + c.data.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(PNG_SIGNATURE, 0);
  let o = PNG_SIGNATURE.length;
  for (const { type, data } of chunks) {
    view.setUint32(o, data.length);
    const typeAndData = out.subarray(o + 4, o + 8 + data.length);
    for (let i = 0; i < 4; i++) typeAndData[i] = type.charCodeAt(i);
    typeAndData.set(data, 4);
    view.setUint32(o + 8 + data.length, crc32(typeAndData));
    o += 12 + data.length;
  }
  return out;
}

/** Splits a PNG file into chunks, checking the signature and every CRC; stops after IEND. */
export function readChunks(bytes: Uint8Array): PngChunk[] {
  if (bytes.length < 8 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) {
    throw new Error('Not a PNG file: the signature is missing.');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: PngChunk[] = [];
  let o = 8;
  while (o + 12 <= bytes.length) {
    const length = view.getUint32(o);
    if (o + 12 + length > bytes.length) throw new Error('Corrupt PNG: a chunk runs past the end of the file.');
    const typeAndData = bytes.subarray(o + 4, o + 8 + length);
    const type = String.fromCharCode(...typeAndData.subarray(0, 4));
    if (crc32(typeAndData) !== view.getUint32(o + 8 + length)) {
      throw new Error(`Corrupt PNG: checksum mismatch in the ${type} chunk.`);
    }
    chunks.push({ type, data: typeAndData.subarray(4) });
    o += 12 + length;
    if (type === 'IEND') return chunks;
  }
  throw new Error('Corrupt PNG: the file is truncated (no IEND chunk).');
}
