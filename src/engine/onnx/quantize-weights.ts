/**
 * The arithmetic of weight quantization for quantize.ts: symmetric int8 per channel (for
 * DequantizeLinear) and symmetric 4-bit blocks packed the way com.microsoft MatMulNBits reads them.
 * Rounding is to nearest, ties away from zero. Scales are float32 and quantization divides by the
 * stored float32 scale, so dequantizing gives the nearest representable value.
 */

/** An int8 matrix with one scale per channel along `axis`; zero point 0. */
export interface Int8Quantized {
  values: Int8Array;
  scales: Float32Array;
}

/** 4-bit blocks: `packed` is [N, kBlocks, blockSize / 2] bytes, `scales` is [N · kBlocks]. */
export interface Int4Packed {
  packed: Uint8Array;
  scales: Float32Array;
  kBlocks: number;
}

export const INT4_BLOCK_SIZE = 32;
/** MatMulNBits' zero point when no zero_points input is given: 2^(bits−1). */
const INT4_ZERO_POINT = 8;

function roundHalfAway(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

/** max|v| / levels as float32; 1 for an all-zero channel, whose values then all quantize to 0. */
function symmetricScale(maxAbs: number, levels: number): number {
  return maxAbs > 0 ? Math.fround(maxAbs / levels) : 1;
}

/**
 * Row-major [rows, cols] float weights → int8 in [−127, 127], one scale per column (`axis` 1, the
 * output channels of a MatMul B) or per row (`axis` 0, the rows of an embedding table).
 */
export function quantizeInt8(weights: Float32Array, rows: number, cols: number, axis: 0 | 1): Int8Quantized {
  if (weights.length !== rows * cols)
    throw new Error(`Expected ${rows * cols} weights for [${rows}, ${cols}], got ${weights.length}.`);
  const channels = axis === 1 ? cols : rows;
  const channelOf = (r: number, c: number) => (axis === 1 ? c : r);
  const maxAbs = new Float64Array(channels);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const ch = channelOf(r, c);
      maxAbs[ch] = Math.max(maxAbs[ch], Math.abs(weights[r * cols + c]));
    }
  }
  const scales = Float32Array.from(maxAbs, (m) => symmetricScale(m, 127));
  const values = new Int8Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const q = roundHalfAway(weights[r * cols + c] / scales[channelOf(r, c)]);
      values[r * cols + c] = Math.max(-127, Math.min(127, q));
    }
  }
  return { values, scales };
}

/**
 * A MatMul B, row-major [K, N], → MatMulNBits' 4-bit layout: for output column n and block b,
 * the 32 weights W[b·32 + i, n] as q = clamp(round(w / scale) + 8, 0, 15), scale = max|w| / 7,
 * two per byte with element 2j in the low nibble. K is padded with zeros up to a whole block.
 */
export function packInt4Blocks(weights: Float32Array, K: number, N: number): Int4Packed {
  if (weights.length !== K * N) throw new Error(`Expected ${K * N} weights for [${K}, ${N}], got ${weights.length}.`);
  const blockSize = INT4_BLOCK_SIZE;
  const kBlocks = Math.ceil(K / blockSize);
  const blobBytes = blockSize / 2;
  const packed = new Uint8Array(N * kBlocks * blobBytes);
  const scales = new Float32Array(N * kBlocks);
  const block = new Float32Array(blockSize);
  for (let n = 0; n < N; n++) {
    for (let b = 0; b < kBlocks; b++) {
      let maxAbs = 0;
      for (let i = 0; i < blockSize; i++) {
        const k = b * blockSize + i;
        block[i] = k < K ? weights[k * N + n] : 0;
        maxAbs = Math.max(maxAbs, Math.abs(block[i]));
      }
      const scale = symmetricScale(maxAbs, 7);
      scales[n * kBlocks + b] = scale;
      const blob = (n * kBlocks + b) * blobBytes;
      for (let j = 0; j < blobBytes; j++) {
        const low = Math.max(0, Math.min(15, roundHalfAway(block[2 * j] / scale) + INT4_ZERO_POINT));
        const high = Math.max(0, Math.min(15, roundHalfAway(block[2 * j + 1] / scale) + INT4_ZERO_POINT));
        packed[blob + j] = low | (high << 4);
      }
    }
  }
  return { packed, scales, kBlocks };
}
