// PNG scanline filters (type 0 None, 1 Sub, 2 Up, 3 Average, 4 Paeth).

export type FilterType = 0 | 1 | 2 | 3 | 4;

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

function predictor(type: FilterType, a: number, b: number, c: number): number {
  switch (type) {
    case 0:
      return 0;
    case 1:
      return a;
    case 2:
      return b;
    case 3:
      return (a + b) >>> 1;
    case 4:
      return paeth(a, b, c);
  }
}

/** Filters one row. `prev` is the unfiltered previous row (zeros for the first row). */
export function filterRow(type: FilterType, row: Uint8Array, prev: Uint8Array, bpp: number, out: Uint8Array): void {
  for (let i = 0; i < row.length; i++) {
    const a = i >= bpp ? row[i - bpp]! : 0;
    const c = i >= bpp ? prev[i - bpp]! : 0;
    out[i] = (row[i]! - predictor(type, a, prev[i]!, c)) & 0xff;
  }
}

/** Reverses filterRow in place: `row` holds filtered bytes on entry and raw bytes on return. */
export function unfilterRow(type: number, row: Uint8Array, prev: Uint8Array, bpp: number): void {
  if (type < 0 || type > 4) throw new Error(`Corrupt PNG: unknown filter type ${type}.`);
  for (let i = 0; i < row.length; i++) {
    const a = i >= bpp ? row[i - bpp]! : 0;
    const c = i >= bpp ? prev[i - bpp]! : 0;
    row[i] = (row[i]! + predictor(type as FilterType, a, prev[i]!, c)) & 0xff;
  }
}

/** The usual heuristic: the filter whose output has the smallest sum of absolute signed bytes. */
export function chooseFilter(row: Uint8Array, prev: Uint8Array, bpp: number, scratch: Uint8Array): FilterType {
  let best: FilterType = 0;
  let bestScore = Infinity;
  for (const type of [0, 1, 2, 3, 4] as const) {
    filterRow(type, row, prev, bpp, scratch);
    let score = 0;
    for (let i = 0; i < scratch.length; i++) score += scratch[i]! < 128 ? scratch[i]! : 256 - scratch[i]!;
    if (score < bestScore) {
      bestScore = score;
      best = type;
    }
  }
  return best;
}
