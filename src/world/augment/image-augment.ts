// SeVa's other augmentations, on RGBA pixel buffers, seeded: what a rejected answer sees instead
// of the clean image. Flip is flagged: it turns left into right in the image but not in the words.
import { createRng, type Rng } from '../../common/random';
import type { RgbaImage } from '../types';

export const PIXEL_AUGMENTATIONS = ['crop', 'jitter', 'grayscale', 'blur', 'flip', 'moco'] as const;
export type PixelAugmentation = (typeof PIXEL_AUGMENTATIONS)[number];

const blank = (width: number, height: number): RgbaImage => ({
  width,
  height,
  data: new Uint8ClampedArray(width * height * 4),
});

/** A random crop of 20–100% of the area (aspect 3/4–4/3), resized back to full size (bilinear). */
function randomResizedCrop(image: RgbaImage, rng: Rng, minArea = 0.2): RgbaImage {
  const { width, height } = image;
  const area = width * height * (minArea + (1 - minArea) * rng.next());
  const aspect = Math.exp(Math.log(3 / 4) + (Math.log(4 / 3) - Math.log(3 / 4)) * rng.next());
  const w = Math.min(width, Math.max(1, Math.round(Math.sqrt(area * aspect))));
  const h = Math.min(height, Math.max(1, Math.round(Math.sqrt(area / aspect))));
  const x0 = rng.int(width - w + 1);
  const y0 = rng.int(height - h + 1);
  const out = blank(width, height);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(h - 1, Math.max(0, ((y + 0.5) * h) / height - 0.5));
    const yA = Math.floor(sy);
    const yB = Math.min(h - 1, yA + 1);
    for (let x = 0; x < width; x++) {
      const sx = Math.min(w - 1, Math.max(0, ((x + 0.5) * w) / width - 0.5));
      const xA = Math.floor(sx);
      const xB = Math.min(w - 1, xA + 1);
      for (let c = 0; c < 4; c++) {
        const at = (xx: number, yy: number) => image.data[((y0 + yy) * width + x0 + xx) * 4 + c]!;
        const top = at(xA, yA) + (at(xB, yA) - at(xA, yA)) * (sx - xA);
        const bottom = at(xA, yB) + (at(xB, yB) - at(xA, yB)) * (sx - xA);
        out.data[(y * width + x) * 4 + c] = top + (bottom - top) * (sy - yA);
      }
    }
  }
  return out;
}

/** Brightness, contrast and saturation each scaled by a factor in [1 − s, 1 + s], in that order. */
function colourJitter(image: RgbaImage, rng: Rng, strength = 0.4): RgbaImage {
  const factor = () => 1 - strength + 2 * strength * rng.next();
  const [brightness, contrast, saturation] = [factor(), factor(), factor()];
  const out = blank(image.width, image.height);
  const d = image.data;
  let mean = 0;
  for (let i = 0; i < d.length; i += 4) mean += (0.299 * d[i]! + 0.587 * d[i + 1]! + 0.114 * d[i + 2]!) * brightness;
  mean /= d.length / 4;
  for (let i = 0; i < d.length; i += 4) {
    const rgb = [d[i]! * brightness, d[i + 1]! * brightness, d[i + 2]! * brightness].map(
      (v) => mean + (v - mean) * contrast,
    );
    const grey = 0.299 * rgb[0]! + 0.587 * rgb[1]! + 0.114 * rgb[2]!;
    for (let c = 0; c < 3; c++) out.data[i + c] = grey + (rgb[c]! - grey) * saturation;
    out.data[i + 3] = d[i + 3]!;
  }
  return out;
}

function grayscale(image: RgbaImage): RgbaImage {
  const out = blank(image.width, image.height);
  const d = image.data;
  for (let i = 0; i < d.length; i += 4) {
    const grey = 0.299 * d[i]! + 0.587 * d[i + 1]! + 0.114 * d[i + 2]!;
    out.data.set([grey, grey, grey, d[i + 3]!], i);
  }
  return out;
}

/** A box blur of radius 1–2 (seeded), edges clamped. */
function blur(image: RgbaImage, rng: Rng): RgbaImage {
  const radius = 1 + rng.int(2);
  const { width, height, data } = image;
  const out = blank(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sum = [0, 0, 0, 0];
      let n = 0;
      for (let dy = -radius; dy <= radius; dy++) {
        for (let dx = -radius; dx <= radius; dx++) {
          const xx = Math.min(width - 1, Math.max(0, x + dx));
          const yy = Math.min(height - 1, Math.max(0, y + dy));
          for (let c = 0; c < 4; c++) sum[c]! += data[(yy * width + xx) * 4 + c]!;
          n++;
        }
      }
      for (let c = 0; c < 4; c++) out.data[(y * width + x) * 4 + c] = sum[c]! / n;
    }
  }
  return out;
}

function horizontalFlip(image: RgbaImage): RgbaImage {
  const { width, height, data } = image;
  const out = blank(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++)
      out.data.set(data.subarray((y * width + x) * 4, (y * width + x) * 4 + 4), (y * width + width - 1 - x) * 4);
  }
  return out;
}

/** MoCo v2's recipe: a random resized crop, colour jitter (p 0.8), grayscale (p 0.2), blur (p 0.5), flip (p 0.5). */
function mocoComposite(image: RgbaImage, rng: Rng): RgbaImage {
  let out = randomResizedCrop(image, rng);
  if (rng.chance(0.8)) out = colourJitter(out, rng);
  if (rng.chance(0.2)) out = grayscale(out);
  if (rng.chance(0.5)) out = blur(out, rng);
  if (rng.chance(0.5)) out = horizontalFlip(out);
  return out;
}

/** The augmented image; the same (image, kind, seed) always gives the same pixels. */
export function augmentImage(image: RgbaImage, kind: PixelAugmentation, seed: number): RgbaImage {
  const rng = createRng(seed);
  switch (kind) {
    case 'crop':
      return randomResizedCrop(image, rng);
    case 'jitter':
      return colourJitter(image, rng);
    case 'grayscale':
      return grayscale(image);
    case 'blur':
      return blur(image, rng);
    case 'flip':
      return horizontalFlip(image);
    case 'moco':
      return mocoComposite(image, rng);
  }
}
