/**
 * Test support: plain-JavaScript float64 versions of the vision encoder, the connector and the
 * CLIP towers, written from the Hugging Face PyTorch code with loops (a real strided conv, explicit
 * softmax attention, HF's literal view/permute chain for the pixel shuffle) and sharing no code with
 * the jax-js modules, so agreement checks the jax-js modules.
 */
import type { Params } from '../init-weights';

export type Matrix = number[][];
export interface Tensor64 {
  data: Float64Array;
  shape: number[];
}
export type Weights64 = Record<string, Tensor64>;

/** Copies every parameter to float64 (borrowing each array). */
export function toFloat64(params: Params): Weights64 {
  const out: Weights64 = {};
  for (const [name, value] of Object.entries(params)) {
    out[name] = { data: Float64Array.from(value.ref.dataSync() as Float32Array), shape: value.shape };
  }
  return out;
}

function get(w: Weights64, name: string): Tensor64 {
  const t = w[name];
  if (!t) throw new Error(`reference: missing ${name}`);
  return t;
}

export function linear64(w: Weights64, prefix: string, x: Matrix, bias = true): Matrix {
  const { data, shape } = get(w, `${prefix}.weight`);
  const [out, inp] = shape as [number, number];
  const b = bias ? get(w, `${prefix}.bias`).data : undefined;
  return x.map((row) =>
    Array.from({ length: out }, (_, o) => {
      let s = b ? b[o]! : 0;
      for (let i = 0; i < inp; i++) s += data[o * inp + i]! * row[i]!;
      return s;
    }),
  );
}

export function layerNorm64(w: Weights64, prefix: string, x: Matrix, eps: number): Matrix {
  const g = get(w, `${prefix}.weight`).data;
  const b = get(w, `${prefix}.bias`).data;
  return x.map((row) => {
    const mean = row.reduce((a, v) => a + v, 0) / row.length;
    const variance = row.reduce((a, v) => a + (v - mean) ** 2, 0) / row.length;
    return row.map((v, i) => ((v - mean) / Math.sqrt(variance + eps)) * g[i]! + b[i]!);
  });
}

const geluTanh = (x: number) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
const quickGelu = (x: number) => x / (1 + Math.exp(-1.702 * x));

function attention64(w: Weights64, prefix: string, x: Matrix, heads: number, causal: boolean): Matrix {
  const q = linear64(w, `${prefix}.q_proj`, x);
  const k = linear64(w, `${prefix}.k_proj`, x);
  const v = linear64(w, `${prefix}.v_proj`, x);
  const d = x[0]!.length;
  const hd = d / heads;
  const out: Matrix = x.map(() => new Array<number>(d).fill(0));
  for (let h = 0; h < heads; h++) {
    for (let i = 0; i < x.length; i++) {
      const last = causal ? i : x.length - 1;
      const scores: number[] = [];
      for (let j = 0; j <= last; j++) {
        let s = 0;
        for (let c = h * hd; c < (h + 1) * hd; c++) s += q[i]![c]! * k[j]![c]!;
        scores.push(s / Math.sqrt(hd));
      }
      const max = Math.max(...scores);
      const e = scores.map((s) => Math.exp(s - max));
      const z = e.reduce((a, b) => a + b, 0);
      for (let j = 0; j <= last; j++)
        for (let c = h * hd; c < (h + 1) * hd; c++) out[i]![c]! += (e[j]! / z) * v[j]![c]!;
    }
  }
  return linear64(w, `${prefix}.out_proj`, out);
}

interface Encoder64 {
  layers: number;
  heads: number;
  eps: number;
  causal: boolean;
  act: (x: number) => number;
}

function encoder64(w: Weights64, prefix: string, x: Matrix, o: Encoder64): Matrix {
  for (let l = 0; l < o.layers; l++) {
    const p = `${prefix}.layers.${l}`;
    const a = attention64(w, `${p}.self_attn`, layerNorm64(w, `${p}.layer_norm1`, x, o.eps), o.heads, o.causal);
    x = x.map((row, i) => row.map((v, c) => v + a[i]![c]!));
    const hidden = linear64(w, `${p}.mlp.fc1`, layerNorm64(w, `${p}.layer_norm2`, x, o.eps)).map((r) => r.map(o.act));
    const m = linear64(w, `${p}.mlp.fc2`, hidden);
    x = x.map((row, i) => row.map((v, c) => v + m[i]![c]!));
  }
  return x;
}

/** Conv2d(kernel = stride = p) over one image [C][H][W], then HF's flatten(2).transpose(1, 2). */
function convPatches64(w: Weights64, prefix: string, image: number[][][], p: number, bias: boolean): Matrix {
  const { data, shape } = get(w, `${prefix}.weight`);
  const [d, channels] = shape as [number, number];
  const b = bias ? get(w, `${prefix}.bias`).data : undefined;
  const side = image[0]!.length / p;
  const out: Matrix = [];
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      out.push(
        Array.from({ length: d }, (_, o) => {
          let s = b ? b[o]! : 0;
          for (let ch = 0; ch < channels; ch++)
            for (let y = 0; y < p; y++)
              for (let x = 0; x < p; x++)
                s += data[((o * channels + ch) * p + y) * p + x]! * image[ch]![r * p + y]![c * p + x]!;
          return s;
        }),
      );
    }
  }
  return out;
}

const rows = (t: Tensor64): Matrix =>
  Array.from({ length: t.shape[0]! }, (_, i) => Array.from(t.data.subarray(i * t.shape[1]!, (i + 1) * t.shape[1]!)));

export interface VisionShape64 {
  layers: number;
  heads: number;
  eps: number;
  patch: number;
}

/** SigLIP (Idefics3) vision model on one image [C][H][W] → [numPatches][D]. */
export function siglipVision64(w: Weights64, s: VisionShape64, image: number[][][]): Matrix {
  const pre = 'model.vision_model';
  const patches = convPatches64(w, `${pre}.embeddings.patch_embedding`, image, s.patch, true);
  const positions = rows(get(w, `${pre}.embeddings.position_embedding.weight`));
  const x = patches.map((row, i) => row.map((v, c) => v + positions[i]![c]!));
  const h = encoder64(w, `${pre}.encoder`, x, {
    layers: s.layers,
    heads: s.heads,
    eps: s.eps,
    causal: false,
    act: geluTanh,
  });
  return layerNorm64(w, `${pre}.post_layernorm`, h, s.eps);
}

/** torch `permute` of a contiguous tensor, materialised contiguously again. */
function permute64(data: number[], shape: number[], perm: number[]): [number[], number[]] {
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const newShape = perm.map((p) => shape[p]!);
  const out: number[] = [];
  const index = new Array<number>(newShape.length).fill(0);
  for (let flat = 0; flat < data.length; flat++) {
    out.push(data[index.reduce((a, v, k) => a + v * strides[perm[k]!]!, 0)]!);
    for (let k = newShape.length - 1; k >= 0 && ++index[k]! === newShape[k]!; k--) index[k] = 0;
  }
  return [out, newShape];
}

/** HF Idefics3Connector.pixel_shuffle, step by step (views of contiguous data keep the data). */
export function pixelShuffle64(x: Matrix, s: number): Matrix {
  const seq = x.length,
    dim = x[0]!.length,
    side = Math.sqrt(seq);
  let data = x.flat();
  let shape = [1, side, side / s, dim * s]; // x.view(bsz, h, w, D).view(bsz, h, w/s, D*s)
  [data] = permute64(data, shape, [0, 2, 1, 3]);
  shape = [1, side / s, side / s, dim * s * s]; // reshape(bsz, w/s, h/s, D*s*s)
  [data] = permute64(data, shape, [0, 2, 1, 3]);
  const width = dim * s * s; // reshape(bsz, seq/s², D*s²)
  return Array.from({ length: seq / (s * s) }, (_, t) => data.slice(t * width, (t + 1) * width));
}

export interface ClipShape64 {
  layers: number;
  heads: number;
  eps: number;
}

/** CLIP text model with projection on one sequence → text_embeds [E]. */
export function clipText64(w: Weights64, s: ClipShape64, ids: number[], eos: number): number[] {
  const tokens = rows(get(w, 'text_model.embeddings.token_embedding.weight'));
  const positions = rows(get(w, 'text_model.embeddings.position_embedding.weight'));
  const x = ids.map((id, i) => tokens[id]!.map((v, c) => v + positions[i]![c]!));
  const h = encoder64(w, 'text_model.encoder', x, { ...s, causal: true, act: quickGelu });
  const normed = layerNorm64(w, 'text_model.final_layer_norm', h, s.eps);
  return linear64(w, 'text_projection', [normed[ids.indexOf(eos)]!], false)[0]!;
}

/** CLIP vision model with projection on one image [C][H][W] → image_embeds [E]. */
export function clipVision64(w: Weights64, s: ClipShape64 & { patch: number }, image: number[][][]): number[] {
  const patches = convPatches64(w, 'vision_model.embeddings.patch_embedding', image, s.patch, false);
  const tokens = [Array.from(get(w, 'vision_model.embeddings.class_embedding').data), ...patches];
  const positions = rows(get(w, 'vision_model.embeddings.position_embedding.weight'));
  const x = layerNorm64(
    w,
    'vision_model.pre_layrnorm',
    tokens.map((row, i) => row.map((v, c) => v + positions[i]![c]!)),
    s.eps,
  );
  const h = encoder64(w, 'vision_model.encoder', x, { ...s, causal: false, act: quickGelu });
  return linear64(w, 'visual_projection', layerNorm64(w, 'vision_model.post_layernorm', [h[0]!], s.eps), false)[0]!;
}
