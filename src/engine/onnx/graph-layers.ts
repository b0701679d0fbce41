/**
 * Layers shared by the ONNX exporters, written as opset-17 nodes on a `GraphBuilder`, plus the
 * reading of engine parameters (jax Arrays) into host memory.
 *
 * Weight layout: engine (and Hugging Face) linear weights are torch `[out, in]`; in the exported
 * graphs they are stored transposed, `[in, out]`, under the same tensor name, so that a projection
 * is one `MatMul(x, W)` with no Transpose node.
 */
import type { Params } from '../init-weights';
import type { GraphBuilder } from './onnx-builder';

/** A parameter copied to host memory. */
export interface HostTensor {
  data: Float32Array;
  shape: number[];
}

/** Reads `params[name]` without consuming it; one clear sentence when it is missing. */
export function readParam(params: Params, name: string): HostTensor {
  const array = params[name];
  if (!array) throw new Error(`The model has no parameter named ${name}.`);
  return { data: Float32Array.from(array.ref.dataSync() as ArrayLike<number>), shape: [...array.shape] };
}

/** A row-major [rows, cols] matrix transposed to [cols, rows]. */
export function transpose2d(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c];
  }
  return out;
}

/** Adds the torch-layout [out, in] weight `name` as an initializer [in, out]; returns its name. */
export function linearWeight(g: GraphBuilder, params: Params, name: string): string {
  const { data, shape } = readParam(params, name);
  if (shape.length !== 2) throw new Error(`Parameter ${name} should be a matrix, but has shape [${shape}].`);
  const [out, inFeatures] = shape;
  return g.weight(name, transpose2d(data, out, inFeatures), [inFeatures, out]);
}

/** Adds a parameter as an initializer with its own shape; returns its name. */
export function plainWeight(g: GraphBuilder, params: Params, name: string): string {
  const { data, shape } = readParam(params, name);
  return g.weight(name, data, shape);
}

/** x @ W (+ bias) for a torch Linear `prefix.weight` ([out, in]) and optional `prefix.bias`. */
export function linear(g: GraphBuilder, params: Params, prefix: string, x: string, { bias = true } = {}): string {
  const y = g.op('MatMul', [x, linearWeight(g, params, `${prefix}.weight`)]);
  return bias ? g.op('Add', [y, plainWeight(g, params, `${prefix}.bias`)]) : y;
}

/** Llama's RMSNorm over the last axis: x / √(mean(x²) + eps) · weight. */
export function rmsNorm(g: GraphBuilder, x: string, weight: string, eps: number): string {
  const meanSquare = g.op('ReduceMean', [g.op('Mul', [x, x])], { axes: [-1], keepdims: 1 });
  const rms = g.op('Sqrt', [g.op('Add', [meanSquare, g.constFloat([eps], [])])]);
  return g.op('Mul', [g.op('Div', [x, rms]), weight]);
}

/** torch `nn.LayerNorm` over the last axis (opset 17's LayerNormalization). */
export function layerNorm(g: GraphBuilder, params: Params, prefix: string, x: string, eps: number): string {
  const scale = plainWeight(g, params, `${prefix}.weight`);
  const shift = plainWeight(g, params, `${prefix}.bias`);
  return g.op('LayerNormalization', [x, scale, shift], { axis: -1, epsilon: { float: eps } });
}

/** gelu_pytorch_tanh: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), in elementary ops. */
export function geluTanh(g: GraphBuilder, x: string): string {
  const cube = g.op('Mul', [g.op('Mul', [x, x]), x]);
  const inner = g.op('Mul', [
    g.op('Add', [x, g.op('Mul', [cube, g.constFloat([0.044715], [])])]),
    g.constFloat([Math.sqrt(2 / Math.PI)], []),
  ]);
  const gate = g.op('Add', [g.op('Tanh', [inner]), g.constFloat([1], [])]);
  return g.op('Mul', [g.op('Mul', [x, gate]), g.constFloat([0.5], [])]);
}

/** quick_gelu(x) = x · σ(1.702·x), OpenAI CLIP's activation. */
export function quickGelu(g: GraphBuilder, x: string): string {
  return g.op('Mul', [x, g.op('Sigmoid', [g.op('Mul', [x, g.constFloat([1.702], [])])])]);
}

/** silu(x) = x · σ(x). */
export function silu(g: GraphBuilder, x: string): string {
  return g.op('Mul', [x, g.op('Sigmoid', [x])]);
}

/** [B, S, heads·headDim] → [B, heads, S, headDim]. */
export function splitHeads(g: GraphBuilder, x: string, heads: number, headDim: number): string {
  return g.op('Transpose', [g.op('Reshape', [x, g.constInt64([0, 0, heads, headDim])])], { perm: [0, 2, 1, 3] });
}

/** [B, heads, S, headDim] → [B, S, heads·headDim]. */
export function mergeHeads(g: GraphBuilder, x: string, heads: number, headDim: number): string {
  return g.op('Reshape', [g.op('Transpose', [x], { perm: [0, 2, 1, 3] }), g.constInt64([0, 0, heads * headDim])]);
}
