/**
 * A small ONNX graph builder on top of onnx-proto, for writing models from TypeScript without
 * Python. Used by scripts/make-fixture-model.ts and by the model exporters next to it.
 *
 * Output is deterministic: the same calls in the same order give byte-identical `.onnx` files.
 */
import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';
import { mulberry32 } from '../../common/random';

const { onnx } = onnxProto;

export const ElemType = {
  float: onnx.TensorProto.DataType.FLOAT,
  int64: onnx.TensorProto.DataType.INT64,
  int32: onnx.TensorProto.DataType.INT32,
  bool: onnx.TensorProto.DataType.BOOL,
} as const;
export type ElemTypeName = keyof typeof ElemType;

/** A dimension: a fixed size, or a named symbolic size such as 'batch_size'. */
export type Dim = number | string;

/**
 * Node attribute values. Plain numbers are INT, number arrays are INTS, strings are STRING;
 * floats must be wrapped: `{ float: 0.5 }`, `{ floats: [0.5, 1] }`.
 */
export type AttrValue = number | number[] | string | { float: number } | { floats: number[] };

type TensorData = Float32Array | BigInt64Array | Int32Array | Uint8Array;

function elemTypeOf(data: TensorData): number {
  if (data instanceof Float32Array) return ElemType.float;
  if (data instanceof BigInt64Array) return ElemType.int64;
  if (data instanceof Int32Array) return ElemType.int32;
  return ElemType.bool;
}

function toAttribute(name: string, value: AttrValue): OnnxTypes.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof value === 'number') return { name, type: T.INT, i: value };
  if (typeof value === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: T.INTS, ints: value };
  if ('float' in value) return { name, type: T.FLOAT, f: value.float };
  return { name, type: T.FLOATS, floats: value.floats };
}

function valueInfo(name: string, elemType: ElemTypeName, dims: Dim[]): OnnxTypes.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: ElemType[elemType],
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

/** Builds one ONNX graph (opset 17, IR version 8). Node and tensor names are generated in call order. */
export class GraphBuilder {
  private readonly inputs: OnnxTypes.IValueInfoProto[] = [];
  private readonly outputs: OnnxTypes.IValueInfoProto[] = [];
  private readonly nodes: OnnxTypes.INodeProto[] = [];
  private readonly initializers: OnnxTypes.ITensorProto[] = [];
  private readonly constants = new Map<string, string>();
  private counter = 0;

  constructor(private readonly name: string) {}

  /** Declares a graph input and returns its name. */
  input(name: string, elemType: ElemTypeName, dims: Dim[]): string {
    this.inputs.push(valueInfo(name, elemType, dims));
    return name;
  }

  /** Declares `tensor` as graph output `name` (adds an Identity node when the names differ). */
  output(tensor: string, name: string, elemType: ElemTypeName, dims: Dim[]): void {
    if (tensor !== name)
      this.nodes.push({ opType: 'Identity', input: [tensor], output: [name], name: `${name}_identity` });
    this.outputs.push(valueInfo(name, elemType, dims));
  }

  /** Adds a named weight tensor and returns its name. */
  weight(name: string, data: TensorData, dims: number[]): string {
    const size = dims.reduce((a, b) => a * b, 1);
    if (size !== data.length) throw new Error(`weight ${name}: ${data.length} values for dims [${dims}]`);
    const rawData = new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    this.initializers.push({ name, dims, dataType: elemTypeOf(data), rawData });
    return name;
  }

  /** A float32 constant, shared when the same values and dims are asked for again. */
  constFloat(values: number[], dims: number[] = [values.length]): string {
    return this.constant('f', Float32Array.from(values), dims);
  }

  /** An int64 constant; dims `[]` gives a scalar. */
  constInt64(values: number[], dims: number[] = [values.length]): string {
    return this.constant('i', BigInt64Array.from(values.map((v) => BigInt(v))), dims);
  }

  private constant(kind: string, data: Float32Array | BigInt64Array, dims: number[]): string {
    const key = `${kind}:${dims.join('x')}:${Array.from(data as ArrayLike<number | bigint>).join(',')}`;
    const known = this.constants.get(key);
    if (known) return known;
    const name = this.weight(`const_${this.constants.size}`, data, dims);
    this.constants.set(key, name);
    return name;
  }

  /** Adds a node with one output and returns the output's name. */
  op(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}): string {
    return this.opMulti(opType, inputs, 1, attrs)[0];
  }

  /** Adds a node with `outputCount` outputs and returns their names. */
  opMulti(opType: string, inputs: string[], outputCount: number, attrs: Record<string, AttrValue> = {}): string[] {
    const id = this.counter++;
    const output = Array.from({ length: outputCount }, (_, k) => `${opType.toLowerCase()}_${id}_${k}`);
    const attribute = Object.entries(attrs).map(([name, value]) => toAttribute(name, value));
    this.nodes.push({ opType, input: inputs, output, name: `${opType}_${id}`, attribute });
    return output;
  }

  /** Serializes the model to ONNX protobuf bytes. */
  toBytes(): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'selfalign',
      opsetImport: [{ domain: '', version: 17 }],
      graph: {
        name: this.name,
        input: this.inputs,
        output: this.outputs,
        node: this.nodes,
        initializer: this.initializers,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

/** A seeded PRNG (mulberry32) for weights: the same seed gives the same weights everywhere. */
export class WeightRandom {
  /** A uniform number in [0, 1). */
  readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /**
   * `count` values uniform in [-limit, limit] (standard deviation limit/√3). No transcendental
   * functions are used, so the values are bit-identical on every platform.
   */
  uniform(count: number, limit: number): Float32Array {
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = (this.next() * 2 - 1) * limit;
    return out;
  }

  /** A [fanIn, fanOut] matrix whose products keep roughly unit variance, times `gain`. */
  matrix(fanIn: number, fanOut: number, gain = 1): Float32Array {
    return this.uniform(fanIn * fanOut, (gain * Math.sqrt(3)) / Math.sqrt(fanIn));
  }
}
