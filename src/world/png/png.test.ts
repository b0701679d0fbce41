import { describe, expect, it } from 'vitest';
import { rasterizeScene } from '../rasterize';
import type { RgbaImage, Scene } from '../types';
import { writeChunks } from './chunks';
import { crc32 } from './crc32';
import { decodePngAsync } from './decode';
import { encodePngAsync, encodePngSync } from './encode';
import { adler32, zlibInflateAsync, zlibStoredSync } from './zlib';

const ascii = (s: string) => new TextEncoder().encode(s);

const scene: Scene = {
  id: 'test-0-0',
  split: 'test',
  seed: 0,
  index: 0,
  background: { rgb: [220, 230, 240], texture: 'speckle', textureSeed: 99 },
  objects: [
    { shape: 'star', colour: 'orange', size: 'large', cell: 'top' },
    { shape: 'diamond', colour: 'purple', size: 'small', cell: 'bottom left' },
  ],
};

/** An image whose alpha varies too, so a decoder that ignores alpha is caught. */
function gradient(width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    data.set([(i * 7) & 255, (i * 13) & 255, (i * 29) & 255, 255 - ((i * 3) & 127)], i * 4);
  }
  return { width, height, data };
}

/** Byte equality without vitest's slow element-by-element diff of large typed arrays. */
function sameBytes(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function expectSameImage(actual: RgbaImage, expected: RgbaImage): void {
  expect([actual.width, actual.height]).toEqual([expected.width, expected.height]);
  expect(sameBytes(actual.data, expected.data)).toBe(true);
}

/** Builds a PNG by hand in another colour type, for decoder coverage. */
function handMadePng(
  colourType: number,
  width: number,
  height: number,
  rows: number[][],
  extra: { type: string; data: Uint8Array }[] = [],
) {
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr[8] = 8;
  ihdr[9] = colourType;
  const raw = new Uint8Array(rows.flatMap((row) => [0, ...row]));
  return writeChunks([
    { type: 'IHDR', data: ihdr },
    ...extra,
    { type: 'IDAT', data: zlibStoredSync(raw) },
    { type: 'IEND', data: new Uint8Array(0) },
  ]);
}

describe('checksums', () => {
  it('crc32 and adler32 match their published check values', () => {
    expect(crc32(ascii('123456789'))).toBe(0xcbf43926);
    expect(crc32(ascii('IEND'))).toBe(0xae426082);
    expect(adler32(ascii('Wikipedia'))).toBe(0x11e60398);
  });

  it('stored zlib streams inflate with the platform decompressor, across block boundaries', async () => {
    const data = new Uint8Array(150_000).map((_, i) => (i * 31) & 255);
    expect(sameBytes(await zlibInflateAsync(zlibStoredSync(data)), data)).toBe(true);
    expect(await zlibInflateAsync(zlibStoredSync(new Uint8Array(0)))).toEqual(new Uint8Array(0));
  });
});

describe('PNG round trip', () => {
  it('sync encoding decodes to the same pixels', async () => {
    const image = rasterizeScene(scene);
    const png = encodePngSync(image);
    expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    expectSameImage(await decodePngAsync(png), image);
  });

  it('async encoding round-trips with every filter type and compresses', async () => {
    const image = gradient(37, 23);
    for (const filter of [0, 1, 2, 3, 4, 'adaptive'] as const) {
      expectSameImage(await decodePngAsync(await encodePngAsync(image, { filter })), image);
    }
    const rendered = rasterizeScene(scene);
    const compressed = await encodePngAsync(rendered);
    expect(compressed.length).toBeLessThan(encodePngSync(rendered).length / 2);
    expectSameImage(await decodePngAsync(compressed), rendered);
  });

  it('decodes grey, grey+alpha, RGB and palette images to RGBA', async () => {
    const grey = await decodePngAsync(handMadePng(0, 2, 1, [[10, 200]]));
    expect(Array.from(grey.data)).toEqual([10, 10, 10, 255, 200, 200, 200, 255]);
    const greyAlpha = await decodePngAsync(handMadePng(4, 1, 1, [[50, 60]]));
    expect(Array.from(greyAlpha.data)).toEqual([50, 50, 50, 60]);
    const rgb = await decodePngAsync(
      handMadePng(2, 1, 2, [
        [1, 2, 3],
        [4, 5, 6],
      ]),
    );
    expect(Array.from(rgb.data)).toEqual([1, 2, 3, 255, 4, 5, 6, 255]);
    const palette = await decodePngAsync(
      handMadePng(
        3,
        3,
        1,
        [[1, 0, 1]],
        [
          { type: 'PLTE', data: new Uint8Array([9, 8, 7, 100, 110, 120]) },
          { type: 'tRNS', data: new Uint8Array([0]) },
        ],
      ),
    );
    expect(Array.from(palette.data)).toEqual([100, 110, 120, 255, 9, 8, 7, 0, 100, 110, 120, 255]);
  });

  it('reports broken files with a clear sentence', async () => {
    const png = encodePngSync(gradient(4, 4));
    await expect(decodePngAsync(ascii('GIF89a, not a png'))).rejects.toThrow(/Not a PNG file/);
    const flipped = png.slice();
    flipped[45] = flipped[45]! ^ 0xff; // inside the IDAT data (IDAT starts at byte 33)
    await expect(decodePngAsync(flipped)).rejects.toThrow(/checksum mismatch in the IDAT chunk/);
    await expect(decodePngAsync(png.subarray(0, png.length - 12))).rejects.toThrow(/truncated/);
    const interlaced = handMadePng(2, 1, 1, [[1, 2, 3]]);
    // Set the interlace byte and refresh the IHDR checksum.
    interlaced[8 + 8 + 12] = 1;
    new DataView(interlaced.buffer).setUint32(8 + 8 + 13, crc32(interlaced.subarray(12, 12 + 4 + 13)));
    await expect(decodePngAsync(interlaced)).rejects.toThrow(/interlaced/);
  });

  it('refuses to encode a buffer of the wrong length', () => {
    expect(() => encodePngSync({ width: 2, height: 2, data: new Uint8ClampedArray(3) })).toThrow(/needs 16/);
  });
});
