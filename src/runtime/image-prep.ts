import type { RgbaImage } from '../common/rgba-image';

/** RGB bytes (3 channels) with their size: what the processor receives. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** Drops alpha by compositing over white, so transparent PNGs look as they do on screen. */
export function rgbOverWhite(image: RgbaImage): RgbImage {
  const { width, height, data } = image;
  const out = new Uint8ClampedArray(width * height * 3);
  for (let i = 0, j = 0; i < data.length; i += 4, j += 3) {
    const a = data[i + 3] / 255;
    out[j] = Math.round(data[i] * a + 255 * (1 - a));
    out[j + 1] = Math.round(data[i + 1] * a + 255 * (1 - a));
    out[j + 2] = Math.round(data[i + 2] * a + 255 * (1 - a));
  }
  return { width, height, data: out };
}

/** Triangle-filter weights for one axis (antialiased when shrinking, bilinear when growing). */
function axisWeights(src: number, dst: number): { start: number[]; weights: number[][] } {
  const scale = src / dst;
  const support = Math.max(1, scale);
  const start: number[] = [];
  const weights: number[][] = [];
  for (let o = 0; o < dst; o++) {
    const center = (o + 0.5) * scale;
    const lo = Math.max(0, Math.floor(center - support));
    const hi = Math.min(src - 1, Math.ceil(center + support));
    const w: number[] = [];
    let total = 0;
    for (let i = lo; i <= hi; i++) {
      const x = Math.max(0, 1 - Math.abs((i + 0.5 - center) / support));
      w.push(x);
      total += x;
    }
    start.push(lo);
    weights.push(w.map((x) => x / total));
  }
  return { start, weights };
}

/**
 * Resizes RGB pixels with plain JavaScript arithmetic, so Node and every browser produce the same
 * bytes (the platform resizers — sharp and canvas — do not agree with each other).
 */
export function resizeRgb(image: RgbImage, width: number, height: number): RgbImage {
  if (image.width === width && image.height === height) return image;
  const xs = axisWeights(image.width, width);
  const ys = axisWeights(image.height, height);
  const rows = new Float64Array(image.height * width * 3);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < width; x++) {
      const w = xs.weights[x];
      for (let c = 0; c < 3; c++) {
        let acc = 0;
        for (let k = 0; k < w.length; k++) acc += w[k] * image.data[(y * image.width + xs.start[x] + k) * 3 + c];
        rows[(y * width + x) * 3 + c] = acc;
      }
    }
  }
  const out = new Uint8ClampedArray(width * height * 3);
  for (let y = 0; y < height; y++) {
    const w = ys.weights[y];
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        let acc = 0;
        for (let k = 0; k < w.length; k++) acc += w[k] * rows[((ys.start[y] + k) * width + x) * 3 + c];
        out[(y * width + x) * 3 + c] = Math.round(acc);
      }
    }
  }
  return { width, height, data: out };
}
