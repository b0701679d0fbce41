import type { RgbaImage } from '../types';
import { readChunks } from './chunks';
import { unfilterRow } from './filters';
import { concatBytes, zlibInflateAsync } from './zlib';

interface Header {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  interlace: number;
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

function parseHeader(data: Uint8Array): Header {
  if (data.length !== 13) throw new Error('Corrupt PNG: the IHDR chunk has the wrong length.');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  return {
    width: view.getUint32(0),
    height: view.getUint32(4),
    bitDepth: data[8]!,
    colourType: data[9]!,
    interlace: data[12]!,
  };
}

function checkSupported(h: Header): void {
  if (h.width === 0 || h.height === 0) throw new Error('Corrupt PNG: zero width or height.');
  if (!(h.colourType in CHANNELS)) throw new Error(`Corrupt PNG: unknown colour type ${h.colourType}.`);
  const depthOk = h.colourType === 3 ? h.bitDepth === 8 : h.bitDepth === 8 || h.bitDepth === 16;
  if (!depthOk) {
    throw new Error(`Unsupported PNG: bit depth ${h.bitDepth} with colour type ${h.colourType} (only 8 and 16 bits).`);
  }
  if (h.interlace !== 0) throw new Error('Unsupported PNG: interlaced images are not supported.');
}

/**
 * Decodes a PNG (grey, grey+alpha, RGB, RGBA at 8 or 16 bits, or 8-bit palette; non-interlaced)
 * into 8-bit RGBA. Asynchronous because inflating uses the platform's DecompressionStream.
 * 16-bit samples keep their high byte; tRNS transparency is applied to palette images only.
 */
export async function decodePngAsync(bytes: Uint8Array): Promise<RgbaImage> {
  const chunks = readChunks(bytes);
  const ihdr = chunks[0];
  if (ihdr?.type !== 'IHDR') throw new Error('Corrupt PNG: the first chunk is not IHDR.');
  const h = parseHeader(ihdr.data);
  checkSupported(h);
  const palette = chunks.find((c) => c.type === 'PLTE')?.data;
  const transparency = chunks.find((c) => c.type === 'tRNS')?.data;
  if (h.colourType === 3 && !palette) throw new Error('Corrupt PNG: a palette image has no PLTE chunk.');
  const compressed = concatBytes(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data));
  if (compressed.length === 0) throw new Error('Corrupt PNG: no image data (IDAT).');
  const raw = await zlibInflateAsync(compressed);

  const bytesPerSample = h.bitDepth / 8;
  const bpp = CHANNELS[h.colourType]! * bytesPerSample;
  const stride = h.width * bpp;
  if (raw.length < (stride + 1) * h.height) throw new Error('Corrupt PNG: the image data is too short.');

  const out = new Uint8ClampedArray(h.width * h.height * 4);
  let prev: Uint8Array = new Uint8Array(stride);
  for (let y = 0; y < h.height; y++) {
    const start = y * (stride + 1);
    const row = raw.subarray(start + 1, start + 1 + stride);
    unfilterRow(raw[start]!, row, prev, bpp);
    for (let x = 0; x < h.width; x++) {
      writePixel(out, (y * h.width + x) * 4, row, x * bpp, bytesPerSample, h.colourType, palette, transparency);
    }
    prev = row;
  }
  return { width: h.width, height: h.height, data: out };
}

function writePixel(
  out: Uint8ClampedArray,
  o: number,
  row: Uint8Array,
  i: number,
  step: number,
  colourType: number,
  palette: Uint8Array | undefined,
  transparency: Uint8Array | undefined,
): void {
  const sample = (k: number) => row[i + k * step]!;
  switch (colourType) {
    case 0:
    case 4:
      out[o] = out[o + 1] = out[o + 2] = sample(0);
      out[o + 3] = colourType === 4 ? sample(1) : 255;
      return;
    case 2:
    case 6:
      out[o] = sample(0);
      out[o + 1] = sample(1);
      out[o + 2] = sample(2);
      out[o + 3] = colourType === 6 ? sample(3) : 255;
      return;
    case 3: {
      const index = row[i]!;
      if (3 * index + 2 >= palette!.length) throw new Error('Corrupt PNG: a pixel refers past the end of the palette.');
      out[o] = palette![3 * index]!;
      out[o + 1] = palette![3 * index + 1]!;
      out[o + 2] = palette![3 * index + 2]!;
      out[o + 3] = transparency && index < transparency.length ? transparency[index]! : 255;
      return;
    }
  }
}
