// Draws a scene into an RGBA buffer. Anti-aliasing is exact coverage counting on a supersample
// grid and blending is integer arithmetic, so the bytes are identical on every JS engine.
import { shapeContains } from './geometry';
import { COLOUR_RGB } from './palette';
import { CELLS, IMAGE_SIZE, type Background, type RgbaImage, type Scene, type SceneObject } from './types';

export interface RasterizeOptions {
  /** Width and height in pixels (default IMAGE_SIZE). */
  size?: number;
  /** Samples per pixel along each axis (default 4, i.e. 16 samples per pixel). */
  supersample?: number;
}

/** Half-extent of a shape as a fraction of the cell size. */
const RADIUS_FRACTION = { small: 0.24, large: 0.42 } as const;

export function rasterizeScene(scene: Scene, options: RasterizeOptions = {}): RgbaImage {
  const size = options.size ?? IMAGE_SIZE;
  const supersample = options.supersample ?? 4;
  if (!Number.isInteger(size) || size < 3) throw new Error(`Image size must be an integer ≥ 3, got ${size}.`);
  if (!Number.isInteger(supersample) || supersample < 1) {
    throw new Error(`Supersample must be a positive integer, got ${supersample}.`);
  }
  const data = new Uint8ClampedArray(size * size * 4);
  paintBackground(data, size, scene.background);
  for (const object of scene.objects) paintObject(data, size, supersample, object);
  return { width: size, height: size, data };
}

function paintBackground(data: Uint8ClampedArray, size: number, background: Background): void {
  const [r, g, b] = background.rgb;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const shade = textureShade(background, x, y);
      const o = (y * size + x) * 4;
      data[o] = r + shade;
      data[o + 1] = g + shade;
      data[o + 2] = b + shade;
      data[o + 3] = 255;
    }
  }
}

/** A brightness offset in −6…6; mild enough never to be mistaken for an object. */
function textureShade(background: Background, x: number, y: number): number {
  switch (background.texture) {
    case 'plain':
      return 0;
    case 'stripes':
      return ((x + y) >> 2) & 1 ? -6 : 0;
    case 'speckle': {
      let h = Math.imul(x, 0x27d4eb2d) ^ Math.imul(y, 0x165667b1) ^ background.textureSeed;
      h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
      h ^= h >>> 13;
      return ((h >>> 0) % 13) - 6;
    }
  }
}

function paintObject(data: Uint8ClampedArray, size: number, supersample: number, object: SceneObject): void {
  const cellIndex = CELLS.indexOf(object.cell);
  const cellSize = size / 3;
  const cx = ((cellIndex % 3) + 0.5) * cellSize;
  const cy = (Math.floor(cellIndex / 3) + 0.5) * cellSize;
  const radius = RADIUS_FRACTION[object.size] * cellSize;
  const [cr, cg, cb] = COLOUR_RGB[object.colour];
  const samples = supersample * supersample;
  const x0 = Math.max(0, Math.floor(cx - radius));
  const x1 = Math.min(size - 1, Math.ceil(cx + radius));
  const y0 = Math.max(0, Math.floor(cy - radius));
  const y1 = Math.min(size - 1, Math.ceil(cy + radius));
  for (let py = y0; py <= y1; py++) {
    for (let px = x0; px <= x1; px++) {
      let covered = 0;
      for (let j = 0; j < supersample; j++) {
        const v = (py + (2 * j + 1) / (2 * supersample) - cy) / radius;
        for (let i = 0; i < supersample; i++) {
          const u = (px + (2 * i + 1) / (2 * supersample) - cx) / radius;
          if (shapeContains(object.shape, u, v)) covered++;
        }
      }
      if (covered === 0) continue;
      const o = (py * size + px) * 4;
      const rest = samples - covered;
      const half = samples >> 1;
      data[o] = Math.floor((data[o]! * rest + cr * covered + half) / samples);
      data[o + 1] = Math.floor((data[o + 1]! * rest + cg * covered + half) / samples);
      data[o + 2] = Math.floor((data[o + 2]! * rest + cb * covered + half) / samples);
    }
  }
}
