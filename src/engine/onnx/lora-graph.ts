/**
 * LoRA slots in the exported decoder, and the swapping of an adapter into exported bytes.
 *
 * Each targeted projection y = x·Wᵀ becomes y = x·Wᵀ + scale·(x·Aᵀ)·Bᵀ, with the factors stored
 * as ordinary initializers in PEFT's layout, A [r, in] and B [out, r], zero by default, and one
 * scalar initializer `lora.scale` (= alpha / r). See export-decoder.ts for why they are
 * initializers and not graph inputs.
 */
import onnxProto from 'onnx-proto';
import type { Params } from '../init-weights';
import type { LlamaNames } from '../llama/config';
import {
  LORA_TARGETS,
  loraFactorKeys,
  loraModule,
  loraModules,
  loraScale,
  type LoraConfig,
  type LoraTarget,
} from '../lora/lora-config';
import type { GraphBuilder } from './onnx-builder';

const { onnx } = onnxProto;

export { LORA_TARGETS, loraModule, type LoraTarget };

export interface LoraExportOptions {
  rank: number;
  /** PEFT's lora_alpha; the exported `lora.scale` is alpha / rank. Defaults to rank (scale 1). */
  alpha?: number;
  targets: readonly LoraTarget[];
  /**
   * false (default): factors are initializers, so transformers.js runs the graph unchanged and an
   * adapter is swapped in with `setLoraTensors` (new bytes, new session).
   * true: factors and scale are required graph inputs, for a caller that drives onnxruntime
   * directly and feeds an adapter on every run; transformers.js cannot run such a graph.
   */
  asInputs?: boolean;
}

export const LORA_SCALE = 'lora.scale';

/** Tensor names of one projection's factors: `lora.layers.{i}.self_attn.q_proj.A` / `.B`. */
export function loraFactorNames(layer: number, target: LoraTarget): { a: string; b: string } {
  const base = `lora.layers.${layer}.${loraModule(target)}.${target}`;
  return { a: `${base}.A`, b: `${base}.B` };
}

/** Declares a LoRA tensor: a zero (or given) initializer, or a required input. */
export function loraTensor(
  g: GraphBuilder,
  name: string,
  dims: number[],
  options: LoraExportOptions,
  values?: Float32Array,
): string {
  if (options.asInputs) return g.input(name, 'float', dims);
  return g.weight(name, values ?? new Float32Array(dims.reduce((a, b) => a * b, 1)), dims);
}

/**
 * `x·W + scale·(x·Aᵀ)·Bᵀ` where `base` = x·W is already built; A [rank, inFeatures], B [outFeatures, rank].
 */
export function addLoraDelta(
  g: GraphBuilder,
  x: string,
  base: string,
  factors: { a: string; b: string },
  scale: string,
): string {
  const down = g.op('MatMul', [x, g.op('Transpose', [factors.a], { perm: [1, 0] })]);
  const up = g.op('MatMul', [down, g.op('Transpose', [factors.b], { perm: [1, 0] })]);
  return g.op('Add', [base, g.op('Mul', [up, scale])]);
}

/**
 * A copy of an exported model (exported with `lora`, not `asInputs`) with some LoRA
 * initializers replaced: factor names as from `loraFactorNames`, or `lora.scale` (a 1-element
 * array). Every given tensor must exist and have the exported size. The bytes are patched in place
 * of the old values, so nothing else in the model changes and no engine weights are needed.
 */
export function setLoraTensors(modelBytes: Uint8Array, tensors: Record<string, Float32Array>): Uint8Array {
  const model = onnx.ModelProto.decode(modelBytes);
  const initializers = new Map((model.graph?.initializer ?? []).map((t) => [t.name ?? '', t]));
  // A copy even for a Node Buffer (what onnx-proto encodes to there), whose slice() is a view.
  const patched = new Uint8Array(modelBytes);
  for (const [name, values] of Object.entries(tensors)) {
    const raw = initializers.get(name)?.rawData;
    if (!raw) throw new Error(`The model has no LoRA tensor named ${name}; was it exported with this LoRA target?`);
    if (raw.byteLength !== values.byteLength) {
      throw new Error(`LoRA tensor ${name} holds ${raw.byteLength / 4} values, not ${values.length}.`);
    }
    const offset = raw.byteOffset - modelBytes.byteOffset;
    if (raw.buffer !== modelBytes.buffer || offset < 0 || offset + raw.byteLength > modelBytes.byteLength) {
      throw new Error(`Could not locate the bytes of LoRA tensor ${name} in the model.`);
    }
    patched.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), offset);
  }
  return patched;
}

/**
 * An engine adapter (factors keyed by PEFT module path, see lora/lora-config.ts) as the exported
 * decoder's slot tensors for `setLoraTensors`: each factor zero-padded to the slot rank (B·A is
 * unchanged), and `lora.scale`. Projections the adapter leaves out keep their zero slots.
 * Borrows `factors`.
 */
export function adapterSlotTensors(
  adapter: { config: LoraConfig; factors: Params },
  names: LlamaNames,
  numLayers: number,
  slotRank: number,
): Record<string, Float32Array> {
  const { config, factors } = adapter;
  if (config.r > slotRank)
    throw new Error(`The adapter's rank ${config.r} is above the model's LoRA slot rank ${slotRank}.`);
  const out: Record<string, Float32Array> = { [LORA_SCALE]: Float32Array.of(loraScale(config)) };
  for (const module of loraModules(config, names, numLayers)) {
    const keys = loraFactorKeys(module.path);
    const a = factors[keys.a];
    const b = factors[keys.b];
    if (!a || !b) throw new Error(`The adapter has no factors for ${module.path}.`);
    const [r, inFeatures] = a.shape as [number, number];
    const [outFeatures] = b.shape as [number, number];
    const slots = loraFactorNames(module.layer, module.target);
    const paddedA = new Float32Array(slotRank * inFeatures);
    paddedA.set(a.ref.dataSync() as Float32Array); // rows r…slotRank−1 stay zero
    const valuesB = b.ref.dataSync() as Float32Array;
    const paddedB = new Float32Array(outFeatures * slotRank);
    for (let o = 0; o < outFeatures; o++) paddedB.set(valuesB.subarray(o * r, (o + 1) * r), o * slotRank);
    out[slots.a] = paddedA;
    out[slots.b] = paddedB;
  }
  return out;
}
