/**
 * Test helpers for quantize.test.ts: reading quantized graphs back, and the fp32 model a quantized
 * one should compute exactly.
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** The graph of a model, decoded. */
export function decodeGraph(bytes: Uint8Array): onnxProto.onnx.IGraphProto {
  return onnx.ModelProto.decode(bytes).graph!;
}

/** How many nodes of each op type. */
export function opCounts(bytes: Uint8Array): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const node of decodeGraph(bytes).node ?? []) counts[node.opType!] = (counts[node.opType!] ?? 0) + 1;
  return counts;
}

/** rms(q − fp) / rms(fp): the error relative to the output's scale. */
export function relativeError(quantized: Float32Array, reference: Float32Array): number {
  let [error, scale] = [0, 0];
  for (let i = 0; i < reference.length; i++) {
    error += (quantized[i] - reference[i]) ** 2;
    scale += reference[i] ** 2;
  }
  return Math.sqrt(error / scale);
}

/** Bytes of the initializers `quantized` added over bytes of those it removed. */
export function weightBytesRatio(fp32: Uint8Array, quantized: Uint8Array): number {
  const sizes = (bytes: Uint8Array) =>
    new Map((decodeGraph(bytes).initializer ?? []).map((t) => [t.name!, t.rawData!.byteLength]));
  const [before, after] = [sizes(fp32), sizes(quantized)];
  const sum = (from: Map<string, number>, other: Map<string, number>) =>
    [...from].filter(([name]) => !other.has(name)).reduce((total, [, size]) => total + size, 0);
  return sum(after, before) / sum(before, after);
}

/**
 * The fp32 model with every weight that `quantized` replaced set to its dequantized values, decoded
 * here independently of quantize-weights.ts: what the quantized model should compute exactly.
 */
export function dequantizedTwin(fp32: Uint8Array, quantized: Uint8Array): Uint8Array {
  const model = onnx.ModelProto.decode(fp32);
  const q = new Map((decodeGraph(quantized).initializer ?? []).map((t) => [t.name!, t]));
  const dequantizeAxis = new Map(
    (decodeGraph(quantized).node ?? [])
      .filter((n) => n.opType === 'DequantizeLinear')
      .map((n) => [n.input![0], Number(n.attribute![0].i)]),
  );
  const floats = (t: onnxProto.onnx.ITensorProto) => new Float32Array(new Uint8Array(t.rawData!).buffer);
  for (const t of model.graph!.initializer ?? []) {
    if (q.has(t.name!)) continue;
    const [K, N] = t.dims!.map(Number);
    const w = new Float32Array(K * N);
    const int8 = q.get(`${t.name}_quantized`);
    if (int8) {
      const scales = floats(q.get(`${t.name}_scale`)!);
      const values = new Int8Array(new Uint8Array(int8.rawData!).buffer);
      const axis = dequantizeAxis.get(int8.name!);
      values.forEach((v, i) => (w[i] = v * scales[axis === 1 ? i % N : Math.floor(i / N)]));
    } else {
      const packed = q.get(`${t.name}_q4`)!.rawData!;
      const scales = floats(q.get(`${t.name}_scales`)!);
      const blocks = Math.ceil(K / 32);
      for (let n = 0; n < N; n++) {
        for (let k = 0; k < K; k++) {
          const byte = packed[(n * blocks + Math.floor(k / 32)) * 16 + ((k % 32) >> 1)];
          w[k * N + n] = ((k % 2 ? byte >> 4 : byte & 15) - 8) * scales[n * blocks + Math.floor(k / 32)];
        }
      }
    }
    t.rawData = new Uint8Array(w.buffer);
  }
  return onnx.ModelProto.encode(model).finish();
}
