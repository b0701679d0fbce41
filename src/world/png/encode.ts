import type { RgbaImage } from '../types';
import { writeChunks } from './chunks';
import { chooseFilter, filterRow, type FilterType } from './filters';
import { zlibDeflateAsync, zlibStoredSync } from './zlib';

function header(image: RgbaImage): Uint8Array {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`PNG size must be positive integers, got ${width}×${height}.`);
  }
  if (data.length !== width * height * 4) {
    throw new Error(`RGBA buffer has ${data.length} bytes; ${width}×${height} needs ${width * height * 4}.`);
  }
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  // compression 0, filter method 0, no interlace
  return ihdr;
}

/** Each row prefixed with its filter-type byte. */
function filteredScanlines(image: RgbaImage, filter: FilterType | 'adaptive'): Uint8Array {
  const stride = image.width * 4;
  const raw = new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  const out = new Uint8Array((stride + 1) * image.height);
  let prev: Uint8Array = new Uint8Array(stride);
  const scratch = new Uint8Array(stride);
  for (let y = 0; y < image.height; y++) {
    const row = raw.subarray(y * stride, (y + 1) * stride);
    const type = filter === 'adaptive' ? chooseFilter(row, prev, 4, scratch) : filter;
    out[y * (stride + 1)] = type;
    filterRow(type, row, prev, 4, out.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    prev = row;
  }
  return out;
}

/** Synchronous, uncompressed (stored deflate blocks, no filtering): fast and simple, ~4 bytes a pixel. */
export function encodePngSync(image: RgbaImage): Uint8Array {
  const ihdr = header(image);
  const idat = zlibStoredSync(filteredScanlines(image, 0));
  return writeChunks([
    { type: 'IHDR', data: ihdr },
    { type: 'IDAT', data: idat },
    { type: 'IEND', data: new Uint8Array(0) },
  ]);
}

export interface EncodePngOptions {
  /** Scanline filter: one type for every row, or chosen per row (default 'adaptive'). */
  filter?: FilterType | 'adaptive';
}

/** Asynchronous, compressed with the platform's CompressionStream. */
export async function encodePngAsync(image: RgbaImage, options: EncodePngOptions = {}): Promise<Uint8Array> {
  const ihdr = header(image);
  const idat = await zlibDeflateAsync(filteredScanlines(image, options.filter ?? 'adaptive'));
  return writeChunks([
    { type: 'IHDR', data: ihdr },
    { type: 'IDAT', data: idat },
    { type: 'IEND', data: new Uint8Array(0) },
  ]);
}
