/** An image as every layer passes it around: 8-bit RGBA pixels, row by row, no DOM. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}
