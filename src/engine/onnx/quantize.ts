/**
 * Post-export weight quantization: fp32 `.onnx` bytes → the variants transformers.js picks by
 * file-name suffix (`quantizedFileName`, `withQuantizedVariants`).
 *
 *  q8 (`_quantized`)  every MatMul whose B is a 2-D float initializer [K, N] reads it through
 *                     DequantizeLinear(int8 [K, N], scale [N], axis 1): symmetric, per output
 *                     column. Every Gather (axis 0) whose data is a 2-D float initializer, e.g. the
 *                     embedding table, reads it through DequantizeLinear(int8, scale [rows], axis 0).
 *  q4 (`_q4`)         every such MatMul becomes com.microsoft MatMulNBits (bits 4, block_size 32,
 *                     symmetric blocks, no zero_points input so the default 8 applies). Gather
 *                     tables get the same 8-bit treatment as in q8: MatMulNBits has no Gather
 *                     counterpart in the default domain, and 8 bits keep embeddings near exact.
 *
 * Left as they are: initializers named `lora.*` (setLoraTensors patches them as float32),
 * initializers that any other node, any other input slot, a subgraph, or the graph's inputs or
 * outputs also use, and everything that is not such a weight. Graph inputs and outputs, node
 * names and outputs are unchanged. A DequantizeLinear dequantizes the whole weight on every run
 * (onnxruntime does not constant-fold it); the embedded models are small enough for that.
 */
import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';
import { INT4_BLOCK_SIZE, packInt4Blocks, quantizeInt8 } from './quantize-weights';

const { onnx } = onnxProto;
const DataType = onnx.TensorProto.DataType;
const AttributeType = onnx.AttributeProto.AttributeType;

export type QuantizeMode = 'q8' | 'q4';

const FILE_SUFFIX: Record<QuantizeMode, string> = { q8: '_quantized', q4: '_q4' };
const MS_DOMAIN = 'com.microsoft';
const LORA_PREFIX = 'lora.';

/** `onnx/decoder_model_merged.onnx` → `onnx/decoder_model_merged_quantized.onnx` (q8) or `…_q4.onnx`. */
export function quantizedFileName(path: string, mode: QuantizeMode): string {
  if (!path.endsWith('.onnx')) throw new Error(`${path} is not an .onnx file name.`);
  return `${path.slice(0, -'.onnx'.length)}${FILE_SUFFIX[mode]}.onnx`;
}

/** `files` (relative path → bytes) with each `.onnx` file followed by its q8 and q4 variants. */
export function withQuantizedVariants(files: Map<string, Uint8Array>): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const [path, bytes] of files) {
    out.set(path, bytes);
    if (!path.endsWith('.onnx')) continue;
    for (const mode of ['q8', 'q4'] as const) out.set(quantizedFileName(path, mode), quantizeOnnx(bytes, mode));
  }
  return out;
}

type Node = OnnxTypes.INodeProto;
type Tensor = OnnxTypes.ITensorProto;
type IntLike = number | { toNumber(): number };

const toNumber = (v: IntLike | null | undefined): number => (v == null ? 0 : typeof v === 'number' ? v : v.toNumber());

interface Use {
  node: Node;
  slot: number;
}

/** A weight whose every use is the B of a MatMul, or the data of an axis-0 Gather. */
interface Candidate {
  tensor: Tensor;
  rows: number;
  cols: number;
  kind: 'matmul' | 'gather';
  uses: Use[];
}

function floatValues(tensor: Tensor): Float32Array {
  const raw = tensor.rawData;
  // A copy: decoded bytes may be an unaligned view into the model (or a Node Buffer, whose slice is no copy).
  if (raw && raw.byteLength > 0) return new Float32Array(new Uint8Array(raw).buffer, 0, raw.byteLength / 4);
  return Float32Array.from(tensor.floatData ?? []);
}

function intAttribute(node: Node, name: string, fallback: number): number {
  const attribute = node.attribute?.find((a) => a.name === name);
  return attribute ? toNumber(attribute.i as IntLike) : fallback;
}

/** Every tensor name a subgraph (If/Loop/Scan body) reads, at any depth. */
function subgraphInputs(nodes: Node[], into: Set<string>): void {
  for (const node of nodes) {
    for (const attribute of node.attribute ?? []) {
      for (const graph of [attribute.g, ...(attribute.graphs ?? [])]) {
        if (!graph) continue;
        for (const inner of graph.node ?? []) for (const name of inner.input ?? []) into.add(name);
        subgraphInputs(graph.node ?? [], into);
      }
    }
  }
}

const isDefaultDomain = (domain: string | null | undefined) => !domain || domain === 'ai.onnx';

function useKind(use: Use): Candidate['kind'] | undefined {
  const { node, slot } = use;
  if (!isDefaultDomain(node.domain)) return undefined;
  if (node.opType === 'MatMul' && slot === 1) return 'matmul';
  if (node.opType === 'Gather' && slot === 0 && intAttribute(node, 'axis', 0) === 0) return 'gather';
  return undefined;
}

function findCandidates(graph: OnnxTypes.IGraphProto): Candidate[] {
  const nodes = graph.node ?? [];
  const uses = new Map<string, Use[]>();
  for (const node of nodes) {
    (node.input ?? []).forEach((name, slot) => {
      if (!uses.has(name)) uses.set(name, []);
      uses.get(name)!.push({ node, slot });
    });
  }
  const untouchable = new Set([...(graph.input ?? []), ...(graph.output ?? [])].map((v) => v.name ?? ''));
  subgraphInputs(nodes, untouchable);

  const candidates: Candidate[] = [];
  for (const tensor of graph.initializer ?? []) {
    const name = tensor.name ?? '';
    const dims = (tensor.dims ?? []).map((d) => toNumber(d as IntLike));
    const tensorUses = uses.get(name) ?? [];
    if (name.startsWith(LORA_PREFIX) || untouchable.has(name) || tensorUses.length === 0) continue;
    if (tensor.dataType !== DataType.FLOAT || tensor.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) continue;
    if (dims.length !== 2 || dims.includes(0)) continue;
    const kinds = new Set(tensorUses.map(useKind));
    const [kind] = kinds;
    if (kinds.size !== 1 || kind === undefined) continue;
    candidates.push({ tensor, rows: dims[0], cols: dims[1], kind, uses: tensorUses });
  }
  return candidates;
}

function tensor(name: string, dataType: number, dims: number[], data: Int8Array | Uint8Array | Float32Array): Tensor {
  return {
    name,
    dataType,
    dims,
    rawData: new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)),
  };
}

function intAttr(name: string, i: number): OnnxTypes.IAttributeProto {
  return { name, type: AttributeType.INT, i };
}

/** Names not yet used by any tensor or node of the graph. */
function nameAllocator(graph: OnnxTypes.IGraphProto): (wanted: string) => string {
  const taken = new Set<string>();
  for (const t of graph.initializer ?? []) taken.add(t.name ?? '');
  for (const v of [...(graph.input ?? []), ...(graph.output ?? [])]) taken.add(v.name ?? '');
  for (const node of graph.node ?? []) {
    taken.add(node.name ?? '');
    for (const name of [...(node.input ?? []), ...(node.output ?? [])]) taken.add(name);
  }
  return (wanted) => {
    let name = wanted;
    for (let k = 1; taken.has(name); k++) name = `${wanted}_${k}`;
    taken.add(name);
    return name;
  };
}

/** Replaces `c.tensor` by int8 + scales and a DequantizeLinear whose output its users read instead. */
function dequantizedInt8(
  c: Candidate,
  fresh: (name: string) => string,
  added: { tensors: Tensor[]; nodes: Node[] },
): void {
  const name = c.tensor.name ?? '';
  const axis = c.kind === 'matmul' ? 1 : 0;
  const { values, scales } = quantizeInt8(floatValues(c.tensor), c.rows, c.cols, axis);
  const quantized = fresh(`${name}_quantized`);
  const scale = fresh(`${name}_scale`);
  const output = fresh(`${name}_dequantized`);
  added.tensors.push(
    tensor(quantized, DataType.INT8, [c.rows, c.cols], values),
    tensor(scale, DataType.FLOAT, [scales.length], scales),
  );
  added.nodes.push({
    opType: 'DequantizeLinear',
    name: fresh(`${name}_DequantizeLinear`),
    input: [quantized, scale],
    output: [output],
    attribute: [intAttr('axis', axis)],
  });
  for (const { node, slot } of c.uses) node.input![slot] = output;
}

/** Turns every MatMul that reads `c.tensor` into MatMulNBits with its packed 4-bit copy. */
function matMulNBits(c: Candidate, fresh: (name: string) => string, added: { tensors: Tensor[] }): void {
  const name = c.tensor.name ?? '';
  const [K, N] = [c.rows, c.cols];
  const { packed, scales, kBlocks } = packInt4Blocks(floatValues(c.tensor), K, N);
  const packedName = fresh(`${name}_q4`);
  const scalesName = fresh(`${name}_scales`);
  added.tensors.push(
    tensor(packedName, DataType.UINT8, [N, kBlocks, INT4_BLOCK_SIZE / 2], packed),
    tensor(scalesName, DataType.FLOAT, [N * kBlocks], scales),
  );
  for (const { node } of c.uses) {
    node.opType = 'MatMulNBits';
    node.domain = MS_DOMAIN;
    node.input = [node.input![0], packedName, scalesName];
    node.attribute = [intAttr('K', K), intAttr('N', N), intAttr('bits', 4), intAttr('block_size', INT4_BLOCK_SIZE)];
  }
}

/** The `mode` variant of the fp32 model `modelBytes` (see the comment at the top). */
export function quantizeOnnx(modelBytes: Uint8Array, mode: QuantizeMode): Uint8Array {
  const model = onnx.ModelProto.decode(modelBytes);
  const graph = model.graph;
  if (!graph) throw new Error('The ONNX model has no graph to quantize.');
  const opset = toNumber(model.opsetImport?.find((o) => isDefaultDomain(o.domain))?.version as IntLike);
  if (opset < 13)
    throw new Error(
      `Quantization needs ONNX opset 13 or later (per-axis DequantizeLinear); this model has opset ${opset}.`,
    );

  const candidates = findCandidates(graph);
  const fresh = nameAllocator(graph);
  const added = { tensors: [] as Tensor[], nodes: [] as Node[] };
  let usesContribOps = false;
  for (const c of candidates) {
    if (mode === 'q4' && c.kind === 'matmul') {
      matMulNBits(c, fresh, added);
      usesContribOps = true;
    } else {
      dequantizedInt8(c, fresh, added);
    }
  }

  const replaced = new Set(candidates.map((c) => c.tensor));
  graph.initializer = [...(graph.initializer ?? []).filter((t) => !replaced.has(t)), ...added.tensors];
  // DequantizeLinear reads only initializers, so placing it first keeps the nodes topologically sorted.
  graph.node = [...added.nodes, ...(graph.node ?? [])];
  const opsets = model.opsetImport ?? [];
  if (usesContribOps && !opsets.some((o) => o.domain === MS_DOMAIN))
    model.opsetImport = [...opsets, { domain: MS_DOMAIN, version: 1 }];
  return onnx.ModelProto.encode(model).finish();
}
