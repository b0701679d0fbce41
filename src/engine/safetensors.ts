/**
 * The safetensors format (https://github.com/huggingface/safetensors), written byte for byte as the
 * reference implementation writes it: 8-byte little-endian header length, compact JSON header
 * (`__metadata__` first, then tensors in data order), header padded with spaces to a multiple of 8,
 * tensors laid out by descending dtype rank then name. The same input always gives the same bytes.
 */

export type SafetensorsDtype =
  | 'BOOL'
  | 'U8'
  | 'I8'
  | 'F8_E5M2'
  | 'F8_E4M3'
  | 'I16'
  | 'U16'
  | 'F16'
  | 'BF16'
  | 'I32'
  | 'U32'
  | 'F32'
  | 'F64'
  | 'I64'
  | 'U64';

export type TensorData =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

/** One tensor. F16 and BF16 data are raw 16-bit patterns (Uint16Array); see `toFloat32`. */
export interface SafeTensor {
  dtype: SafetensorsDtype;
  shape: number[];
  data: TensorData;
}

export type SafetensorsMetadata = Record<string, string>;

export interface SafetensorsEntry {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  /** Byte range inside the data section. */
  begin: number;
  end: number;
}

export interface SafetensorsHeader {
  metadata: SafetensorsMetadata;
  /** In file order (ascending offsets). */
  entries: SafetensorsEntry[];
  /** Offset of the data section from the start of the file. */
  dataStart: number;
}

export class SafetensorsError extends Error {
  override name = 'SafetensorsError';
}

/** Ascending order of the reference implementation's `Dtype` enum; files list higher ranks first. */
const DTYPE_RANK: SafetensorsDtype[] = [
  'BOOL',
  'U8',
  'I8',
  'F8_E5M2',
  'F8_E4M3',
  'I16',
  'U16',
  'F16',
  'BF16',
  'I32',
  'U32',
  'F32',
  'F64',
  'I64',
  'U64',
];

const DTYPE_ARRAY: Record<SafetensorsDtype, { new (buffer: ArrayBuffer): TensorData; BYTES_PER_ELEMENT: number }> = {
  BOOL: Uint8Array,
  U8: Uint8Array,
  I8: Int8Array,
  F8_E5M2: Uint8Array,
  F8_E4M3: Uint8Array,
  I16: Int16Array,
  U16: Uint16Array,
  F16: Uint16Array,
  BF16: Uint16Array,
  I32: Int32Array,
  U32: Uint32Array,
  F32: Float32Array,
  F64: Float64Array,
  I64: BigInt64Array,
  U64: BigUint64Array,
};

/** Bytes per element of a dtype. */
export function dtypeSize(dtype: SafetensorsDtype): number {
  return DTYPE_ARRAY[dtype].BYTES_PER_ELEMENT;
}

const MAX_HEADER_BYTES = 100_000_000;

const elementCount = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
const compareStrings = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function jsonObject(entries: [string, string][]): string {
  return `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`;
}

/** Serialises tensors (and an optional string map) into a safetensors file. */
export function encodeSafetensors(tensors: Record<string, SafeTensor>, metadata?: SafetensorsMetadata): Uint8Array {
  const names = Object.keys(tensors).sort((a, b) => {
    const rank = DTYPE_RANK.indexOf(tensors[b]!.dtype) - DTYPE_RANK.indexOf(tensors[a]!.dtype);
    return rank !== 0 ? rank : compareStrings(a, b);
  });
  const fields: [string, string][] = [];
  if (metadata && Object.keys(metadata).length > 0) {
    const keys = Object.keys(metadata).sort(compareStrings);
    fields.push(['__metadata__', jsonObject(keys.map((k) => [k, JSON.stringify(String(metadata[k]))]))]);
  }
  let offset = 0;
  for (const name of names) {
    const { dtype, shape, data } = tensors[name]!;
    if (name === '__metadata__') throw new SafetensorsError('A tensor cannot be named "__metadata__".');
    if (!(dtype in DTYPE_ARRAY)) throw new SafetensorsError(`Tensor "${name}" has unsupported dtype "${dtype}".`);
    const byteLength = elementCount(shape) * dtypeSize(dtype);
    if (data.byteLength !== byteLength) {
      throw new SafetensorsError(
        `Tensor "${name}" has ${data.byteLength} bytes of data but ${dtype} shape [${shape}] needs ${byteLength}.`,
      );
    }
    const info = `{"dtype":"${dtype}","shape":${JSON.stringify(shape)},"data_offsets":[${offset},${offset + byteLength}]}`;
    fields.push([name, info]);
    offset += byteLength;
  }
  const json = new TextEncoder().encode(jsonObject(fields));
  const headerLength = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let cursor = 8 + headerLength;
  for (const name of names) {
    const { data } = tensors[name]!;
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), cursor);
    cursor += data.byteLength;
  }
  return out;
}

function fail(message: string): never {
  throw new SafetensorsError(message);
}

const isCount = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;

/** Parses and validates the header without touching tensor data. */
export function readSafetensorsHeader(bytes: Uint8Array): SafetensorsHeader {
  if (bytes.length < 8)
    fail(`This is not a safetensors file: it has ${bytes.length} bytes, fewer than the 8-byte header length.`);
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (headerLength > BigInt(MAX_HEADER_BYTES))
    fail(`This is not a safetensors file: its header length ${headerLength} exceeds 100 MB.`);
  const dataStart = 8 + Number(headerLength);
  if (dataStart > bytes.length)
    fail(
      `The safetensors file is truncated: its header needs ${headerLength} bytes but only ${bytes.length - 8} follow.`,
    );
  let parsed: unknown;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, dataStart));
    if (!text.startsWith('{')) throw new Error('not an object');
    parsed = JSON.parse(text);
  } catch {
    fail('The safetensors header is not a valid UTF-8 JSON object.');
  }
  const fields = parsed as Record<string, unknown>;
  const metadata: SafetensorsMetadata = {};
  const entries: SafetensorsEntry[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (name === '__metadata__') {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        fail('The safetensors __metadata__ is not a string map.');
      for (const [key, text] of Object.entries(value)) {
        if (typeof text !== 'string') fail(`The safetensors __metadata__ value for "${key}" is not a string.`);
        metadata[key] = text;
      }
      continue;
    }
    const info = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown } | null;
    const dtype = info?.dtype as SafetensorsDtype;
    if (typeof dtype !== 'string' || !(dtype in DTYPE_ARRAY))
      fail(`Tensor "${name}" has unsupported dtype ${JSON.stringify(info?.dtype)}.`);
    const shape = info!.shape;
    if (!Array.isArray(shape) || !shape.every(isCount)) fail(`Tensor "${name}" has an invalid shape.`);
    const offsets = info!.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount))
      fail(`Tensor "${name}" has invalid data_offsets.`);
    entries.push({ name, dtype, shape: shape as number[], begin: offsets[0] as number, end: offsets[1] as number });
  }
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  for (const entry of entries) {
    if (entry.begin !== expected || entry.end < entry.begin)
      fail(`Tensor "${entry.name}" has data_offsets that overlap or leave a gap.`);
    const byteLength = elementCount(entry.shape) * dtypeSize(entry.dtype);
    if (entry.end - entry.begin !== byteLength) {
      fail(
        `Tensor "${entry.name}" spans ${entry.end - entry.begin} bytes but ${entry.dtype} shape [${entry.shape}] needs ${byteLength}.`,
      );
    }
    expected = entry.end;
  }
  const present = bytes.length - dataStart;
  if (present < expected)
    fail(
      `The safetensors file is truncated: its header describes ${expected} bytes of tensor data but only ${present} are present.`,
    );
  if (present > expected)
    fail(`The safetensors file has ${present - expected} bytes after the tensor data its header describes.`);
  return { metadata, entries, dataStart };
}

/** The data of one entry, copied into its own aligned buffer. */
export function readTensor(bytes: Uint8Array, header: SafetensorsHeader, entry: SafetensorsEntry): SafeTensor {
  // A fresh copy: aligned for its dtype, and never a view (Node's Buffer#slice would share memory).
  const raw = new Uint8Array(bytes.subarray(header.dataStart + entry.begin, header.dataStart + entry.end));
  return { dtype: entry.dtype, shape: [...entry.shape], data: new DTYPE_ARRAY[entry.dtype](raw.buffer) };
}

/** Parses a safetensors file. Tensors come back in file order with their stored dtype. */
export function decodeSafetensors(bytes: Uint8Array): {
  tensors: Record<string, SafeTensor>;
  metadata: SafetensorsMetadata;
} {
  const header = readSafetensorsHeader(bytes);
  const tensors: Record<string, SafeTensor> = {};
  for (const entry of header.entries) tensors[entry.name] = readTensor(bytes, header, entry);
  return { tensors, metadata: header.metadata };
}
