import { numpy as np, DType } from '@jax-js/jax';
import type { Params } from './init-weights';
import {
  encodeSafetensors,
  readSafetensorsHeader,
  readTensor,
  SafetensorsError,
  type SafeTensor,
  type SafetensorsMetadata,
} from './safetensors';

let halfTable: Float32Array | undefined;

/** IEEE binary16 bit pattern → number, including subnormals, infinities and NaN. */
export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** Values of a tensor as float32: F16 and BF16 are widened exactly, integers converted. */
export function toFloat32(tensor: SafeTensor): Float32Array {
  const { dtype, data } = tensor;
  switch (dtype) {
    case 'F32':
      return Float32Array.from(data as Float32Array);
    case 'BF16': {
      // bfloat16 is the top half of a float32.
      const out = new Uint32Array(data.length);
      for (let i = 0; i < out.length; i++) out[i] = (data as Uint16Array)[i]! << 16;
      return new Float32Array(out.buffer);
    }
    case 'F16': {
      if (!halfTable) {
        halfTable = new Float32Array(65536);
        for (let bits = 0; bits < 65536; bits++) halfTable[bits] = halfToFloat(bits);
      }
      const table = halfTable;
      const out = new Float32Array(data.length);
      for (let i = 0; i < out.length; i++) out[i] = table[(data as Uint16Array)[i]!]!;
      return out;
    }
    case 'I64':
    case 'U64':
      return Float32Array.from(data as BigInt64Array, (x) => Number(x));
    case 'F8_E4M3':
    case 'F8_E5M2':
      throw new SafetensorsError(`Cannot convert ${dtype} tensors to float32.`);
    default:
      return Float32Array.from(data as Float32Array);
  }
}

/**
 * Saves params as an fp32 (int32 stays I32) safetensors file. Borrows `params`: the arrays stay
 * alive and owned by the caller.
 */
export async function paramsToSafetensors(params: Params, metadata?: SafetensorsMetadata): Promise<Uint8Array> {
  const tensors: Record<string, SafeTensor> = {};
  for (const [name, array] of Object.entries(params)) {
    const shape = [...array.shape];
    if (array.dtype === DType.Int32) {
      tensors[name] = { dtype: 'I32', shape, data: (await array.ref.data()) as Int32Array };
    } else {
      const values = array.dtype === DType.Float32 ? array.ref : array.ref.astype(DType.Float32);
      tensors[name] = { dtype: 'F32', shape, data: (await values.data()) as Float32Array };
    }
  }
  return encodeSafetensors(tensors, metadata);
}

export interface ParamsFromSafetensorsOptions {
  /** Load exactly these tensors; a missing one is an error. */
  names?: string[];
  /** Load only tensors whose name starts with this (names are kept whole). */
  prefix?: string;
}

/** Loads tensors as fp32 jax Arrays keyed by their names in the file. The caller owns the result. */
export function paramsFromSafetensors(bytes: Uint8Array, options: ParamsFromSafetensorsOptions = {}): Params {
  const header = readSafetensorsHeader(bytes);
  const byName = new Map(header.entries.map((entry) => [entry.name, entry]));
  let names = options.names ?? header.entries.map((entry) => entry.name);
  for (const name of names) {
    if (!byName.has(name)) throw new SafetensorsError(`The safetensors file has no tensor named "${name}".`);
  }
  if (options.prefix !== undefined) names = names.filter((name) => name.startsWith(options.prefix!));
  const params: Params = {};
  for (const name of names) {
    const tensor = readTensor(bytes, header, byName.get(name)!);
    const values = tensor.dtype === 'F32' ? (tensor.data as Float32Array) : toFloat32(tensor);
    params[name] = np.array(values, { shape: tensor.shape });
  }
  return params;
}
