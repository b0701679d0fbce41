// quantizeOnnx: the q8 (`_quantized`) and q4 (`_q4`) variants of exported models run in
// onnxruntime, stay close to fp32, are much smaller, keep their inputs and outputs, and keep the
// LoRA slots patchable.
import { beforeAll, describe, expect, test } from 'vitest';
import * as ort from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import onnxProto from 'onnx-proto';
import { startEngine } from '../jax-runtime';
import type { Params } from '../init-weights';
import type { LlamaConfig } from '../llama/config';
import { initLlamaParams } from '../llama/init-llama';
import { initVisionParams, type Idefics3VisionSideConfig } from '../vision';
import { exportDecoder } from './export-decoder';
import { exportEmbedTokens, exportVisionEncoder } from './export-vision';
import { readParam } from './graph-layers';
import {
  LORA_SCALE,
  LORA_TARGETS,
  loraFactorNames,
  loraModule,
  setLoraTensors,
  type LoraExportOptions,
} from './lora-graph';
import { GraphBuilder } from './onnx-builder';
import {
  createSession,
  emptyCache,
  maxAbsDiff,
  randomValues,
  runDecoder,
  textNames,
  tinyLlama,
  tinyVisionSide,
  withRandomVectors,
} from './onnx-parity.testing';
import { quantizedFileName, quantizeOnnx, withQuantizedVariants, type QuantizeMode } from './quantize';
import { decodeGraph, dequantizedTwin, opCounts, relativeError, weightBytesRatio } from './quantize.testing';
import { packInt4Blocks } from './quantize-weights';

const FLOAT = onnxProto.onnx.TensorProto.DataType.FLOAT;

/** Every matrix a multiple of 32 wide along K, so q4 needs no padding and the size ratios are the real ones. */
const wideLlama: LlamaConfig = {
  ...tinyLlama,
  vocab_size: 96,
  hidden_size: 64,
  intermediate_size: 128,
  initializer_range: 0.1,
};
const wideVision: Idefics3VisionSideConfig = {
  ...tinyVisionSide,
  vision_config: { ...tinyVisionSide.vision_config, hidden_size: 32, intermediate_size: 64 },
  text_config: { hidden_size: 64 },
};

/**
 * Quantized over fp32 bytes of the weights replaced, when K is a multiple of 32: q8 ¼ + a 4-byte
 * scale per channel (1/K more; K ≥ 32 here), q4 exactly ⅛ + a 4-byte scale per 32 weights = 0.15625.
 */
const weightRatio: Record<QuantizeMode, [number, number]> = { q8: [0.25, 0.282], q4: [0.156, 0.157] };

const [B, T] = [2, 6];
const rank = 4;
const lora: LoraExportOptions = { rank, alpha: 8, targets: LORA_TARGETS };

let wide: Params;
let tiny: Params;

beforeAll(async () => {
  await startEngine();
  wide = withRandomVectors(initLlamaParams(wideLlama, 11, textNames), 110);
  tiny = withRandomVectors(initLlamaParams(tinyLlama, 12, textNames), 120);
});

async function decoderLogits(
  bytes: Uint8Array,
  config: LlamaConfig,
  options: ort.InferenceSession.SessionOptions = {},
): Promise<Float32Array> {
  const D = config.hidden_size;
  const mask = [new Array(T).fill(1), new Array(T).fill(1)];
  const positions = [Array.from({ length: T }, (_, t) => t), Array.from({ length: T }, (_, t) => t)];
  const session = await ort.InferenceSession.create(bytes, { logSeverityLevel: 3, ...options });
  return (
    await runDecoder(
      session,
      randomValues(B * T * D, 5),
      { batch: B, seq: T, hidden: D },
      mask,
      positions,
      emptyCache(config, B),
    )
  ).logits;
}

async function ioNames(bytes: Uint8Array): Promise<string[][]> {
  const session = await createSession(bytes);
  return [[...session.inputNames], [...session.outputNames]];
}

/** Random factors A [r, in], B [out, r] for every projection of the wide decoder. */
function randomAdapter(): Record<string, Float32Array> {
  const adapter: Record<string, Float32Array> = {};
  let seed = 300;
  for (let i = 0; i < wideLlama.num_hidden_layers; i++) {
    for (const target of LORA_TARGETS) {
      const [out, inFeatures] = readParam(
        wide,
        `model.text_model.layers.${i}.${loraModule(target)}.${target}.weight`,
      ).shape;
      const names = loraFactorNames(i, target);
      adapter[names.a] = randomValues(rank * inFeatures, seed++, 0.15);
      adapter[names.b] = randomValues(out * rank, seed++, 0.15);
    }
  }
  return adapter;
}

describe('MatMulNBits packing', () => {
  // Column 0 holds (k mod 15 − 7) · 0.5: max 3.5, scale 0.5, q = k mod 15 + 1, all exactly
  // representable. Column 1 is all zero: scale 1 (the guard), q = 8 everywhere.
  const K = 32;
  const weights = new Float32Array(K * 2);
  for (let k = 0; k < K; k++) weights[k * 2] = ((k % 15) - 7) * 0.5;

  test('a [32, 2] weight gives the hand-computed bytes and scales', () => {
    const { packed, scales, kBlocks } = packInt4Blocks(weights, K, 2);
    expect(kBlocks).toBe(1);
    expect(Array.from(scales)).toEqual([0.5, 1]);
    const column0 = [0x21, 0x43, 0x65, 0x87, 0xa9, 0xcb, 0xed, 0x1f, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe, 0x21];
    expect(Array.from(packed)).toEqual([...column0, ...new Array(16).fill(0x88)]);
  });

  test('onnxruntime-node and onnxruntime-web (wasm) read the packing as intended', async () => {
    const g = new GraphBuilder('matmul');
    const x = g.input('x', 'float', [3, K]);
    g.output(g.op('MatMul', [x, g.weight('w', weights, [K, 2])]), 'y', 'float', [3, 2]);
    const fp32 = g.toBytes();
    const q4 = quantizeOnnx(fp32, 'q4');
    expect(opCounts(q4)).toEqual({ MatMulNBits: 1, Identity: 1 });
    const xs = randomValues(3 * K, 1);
    const expected = (await (await createSession(fp32)).run({ x: new ort.Tensor('float32', xs, [3, K]) })).y
      .data as Float32Array;
    const node = (await (await createSession(q4)).run({ x: new ort.Tensor('float32', xs, [3, K]) })).y
      .data as Float32Array;
    ortWeb.env.wasm.numThreads = 1;
    const webSession = await ortWeb.InferenceSession.create(q4, { executionProviders: ['wasm'] });
    const web = (await webSession.run({ x: new ortWeb.Tensor('float32', xs, [3, K]) })).y.data as Float32Array;
    expect(maxAbsDiff(node, expected)).toBeLessThan(1e-5);
    expect(maxAbsDiff(web, expected)).toBeLessThan(1e-5);
  });
});

describe('which initializers are quantized', () => {
  test('only weights used solely as MatMul B or Gather data, never lora.*; shared weights are quantized once', () => {
    const g = new GraphBuilder('rules');
    const x = g.input('x', 'float', ['n', 32]);
    const ids = g.input('ids', 'int64', ['n']);
    const twice = g.weight('twice', randomValues(32 * 32, 1), [32, 32]);
    const shared = g.weight('shared', randomValues(32 * 32, 2), [32, 32]);
    const factor = g.weight('lora.factor', randomValues(32 * 32, 3), [32, 32]);
    const embeddings = g.weight('table', randomValues(10 * 32, 4), [10, 32]);
    const h = g.op('MatMul', [g.op('MatMul', [x, twice]), twice]);
    const y = g.op('MatMul', [g.op('MatMul', [h, shared]), factor]);
    g.output(y, 'y', 'float', ['n', 32]);
    g.output(g.op('Mul', [shared, g.constFloat([2], [])]), 'doubled', 'float', [32, 32]);
    g.output(g.op('Gather', [embeddings, ids], { axis: 0 }), 'rows', 'float', ['n', 32]);
    const fp32 = g.toBytes();

    const types = (bytes: Uint8Array) =>
      Object.fromEntries((decodeGraph(bytes).initializer ?? []).map((t) => [t.name, t.dataType]));
    const [INT8, UINT8] = [3, 2];
    const untouched = { shared: FLOAT, 'lora.factor': FLOAT, const_0: FLOAT };
    const table = { table_quantized: INT8, table_scale: FLOAT };
    expect(types(quantizeOnnx(fp32, 'q8'))).toEqual({
      ...untouched,
      twice_quantized: INT8,
      twice_scale: FLOAT,
      ...table,
    });
    expect(types(quantizeOnnx(fp32, 'q4'))).toEqual({ ...untouched, twice_q4: UINT8, twice_scales: FLOAT, ...table });
    expect(opCounts(quantizeOnnx(fp32, 'q4'))).toMatchObject({
      MatMulNBits: 2,
      MatMul: 2,
      DequantizeLinear: 1,
      Gather: 1,
    });
  });

  test('file names follow transformers.js dtype suffixes', () => {
    expect(quantizedFileName('onnx/decoder_model_merged.onnx', 'q8')).toBe('onnx/decoder_model_merged_quantized.onnx');
    expect(quantizedFileName('onnx/embed_tokens.onnx', 'q4')).toBe('onnx/embed_tokens_q4.onnx');
    const embed = exportEmbedTokens(wide, textNames);
    const files = withQuantizedVariants(
      new Map([
        ['onnx/embed_tokens.onnx', embed],
        ['config.json', new Uint8Array(2)],
      ]),
    );
    expect([...files.keys()]).toEqual([
      'onnx/embed_tokens.onnx',
      'onnx/embed_tokens_quantized.onnx',
      'onnx/embed_tokens_q4.onnx',
      'config.json',
    ]);
    expect(files.get('onnx/embed_tokens_q4.onnx')).toEqual(quantizeOnnx(embed, 'q4'));
  });
});

describe('quantized decoder', () => {
  // rms(q − fp) / rms(fp) over the logits, measured with these seeds: q8 0.018 (wide) and 0.021
  // (tiny); q4 0.21 (wide) and 0.33 (tiny). q4 is plain round-to-nearest on random weights, about
  // 10 % error per MatMul, compounded over 2 layers; the bounds leave about 1.5× room.
  const tolerance: Record<QuantizeMode, { wide: number; tiny: number }> = {
    q8: { wide: 0.03, tiny: 0.03 },
    q4: { wide: 0.3, tiny: 0.45 },
  };
  const basic: ort.InferenceSession.SessionOptions = { graphOptimizationLevel: 'basic' };

  for (const mode of ['q8', 'q4'] as const) {
    test(`${mode}: logits close to fp32, the weights ${mode === 'q8' ? '¼' : '⅙'} the size, same inputs and outputs`, async () => {
      const fp32 = exportDecoder(wide, wideLlama, textNames);
      const quantized = quantizeOnnx(fp32, mode);
      expect(await ioNames(quantized)).toEqual(await ioNames(fp32));
      const matmuls = 7 * wideLlama.num_hidden_layers + 1;
      expect(opCounts(quantized)).toMatchObject(
        mode === 'q4' ? { MatMulNBits: matmuls } : { DequantizeLinear: matmuls },
      );

      const error = relativeError(await decoderLogits(quantized, wideLlama), await decoderLogits(fp32, wideLlama));
      const ratio = weightBytesRatio(fp32, quantized);
      expect(error).toBeGreaterThan(0);
      expect(error).toBeLessThan(tolerance[mode].wide);
      expect(ratio).toBeGreaterThanOrEqual(weightRatio[mode][0]);
      expect(ratio).toBeLessThan(weightRatio[mode][1]);
    });

    test(`${mode}: computes exactly the fp32 model with dequantized weights, K a multiple of 32 or not`, async () => {
      // 'basic' optimization: at the default level onnxruntime-node 1.30 fuses q8's DequantizeLinear
      // + MatMul into an 8-bit MatMulNBits that also quantizes the activations (≈ 1 % more error).
      for (const [params, config] of [
        [wide, wideLlama],
        [tiny, tinyLlama],
      ] as const) {
        const fp32 = exportDecoder(params, config, textNames);
        const quantized = quantizeOnnx(fp32, mode);
        const expected = await decoderLogits(dequantizedTwin(fp32, quantized), config, basic);
        expect(relativeError(await decoderLogits(quantized, config, basic), expected)).toBeLessThan(1e-5);
        const error = relativeError(await decoderLogits(quantized, config), await decoderLogits(fp32, config));
        expect(error).toBeLessThan(config === tinyLlama ? tolerance[mode].tiny : tolerance[mode].wide);
      }
    });
  }

  for (const mode of ['q8', 'q4'] as const) {
    test(`${mode}: LoRA slots stay float32 and patchable; an adapter moves the logits as it moves fp32's`, async () => {
      const fp32 = exportDecoder(wide, wideLlama, textNames, { lora });
      const quantized = quantizeOnnx(fp32, mode);
      expect(await ioNames(quantized)).toEqual(await ioNames(fp32));
      const loraTensors = (bytes: Uint8Array) =>
        (decodeGraph(bytes).initializer ?? [])
          .filter((t) => t.name!.startsWith('lora.'))
          .map((t) => [t.name, t.dataType, t.dims!.map(Number)]);
      expect(loraTensors(quantized)).toEqual(loraTensors(fp32));
      expect(loraTensors(quantized).every(([, type]) => type === FLOAT)).toBe(true);

      const adapter = randomAdapter();
      const [patchedFp32, patched] = [setLoraTensors(fp32, adapter), setLoraTensors(quantized, adapter)];
      // Exact: the patched quantized file computes the patched fp32 file with dequantized base weights.
      const twin = await decoderLogits(dequantizedTwin(patchedFp32, patched), wideLlama, basic);
      expect(relativeError(await decoderLogits(patched, wideLlama, basic), twin)).toBeLessThan(1e-5);

      // Approximate: the adapter's effect on the logits, quantized vs fp32, relative to the effect's rms.
      const [baseFp32, base] = [await decoderLogits(fp32, wideLlama), await decoderLogits(quantized, wideLlama)];
      const deltaFp32 = (await decoderLogits(patchedFp32, wideLlama)).map((v, i) => v - baseFp32[i]);
      const delta = (await decoderLogits(patched, wideLlama)).map((v, i) => v - base[i]);
      const error = relativeError(delta, deltaFp32);
      expect(
        relativeError(
          baseFp32,
          baseFp32.map((v, i) => v + deltaFp32[i]),
        ),
      ).toBeGreaterThan(0.2); // the adapter matters
      expect(error).toBeLessThan({ q8: 0.06, q4: 0.35 }[mode]); // measured 0.038 and 0.25

      // lora.scale is patchable in the quantized file too: scale 0 gives the base logits back.
      const off = await decoderLogits(setLoraTensors(patched, { [LORA_SCALE]: Float32Array.of(0) }), wideLlama);
      expect(Array.from(off)).toEqual(Array.from(base));
    });
  }
});

describe('quantized vision encoder and embed_tokens', () => {
  // rms(q − fp) / rms(fp), measured: q8 0.010, q4 0.124.
  const tolerance: Record<QuantizeMode, number> = { q8: 0.02, q4: 0.2 };

  for (const mode of ['q8', 'q4'] as const) {
    test(`${mode}: image_features close to fp32, same inputs and outputs`, async () => {
      const params = withRandomVectors(initVisionParams(wideVision, 21, { std: 0.1 }), 210);
      const fp32 = exportVisionEncoder(params, wideVision);
      const quantized = quantizeOnnx(fp32, mode);
      expect(await ioNames(quantized)).toEqual(await ioNames(fp32));
      const feeds = {
        pixel_values: new ort.Tensor('float32', randomValues(2 * 3 * 256, 22), [1, 2, 3, 16, 16]),
        pixel_attention_mask: new ort.Tensor('bool', new Uint8Array(2 * 256).fill(1), [1, 2, 16, 16]),
      };
      const features = async (bytes: Uint8Array) =>
        (await (await createSession(bytes)).run(feeds)).image_features.data as Float32Array;
      const error = relativeError(await features(quantized), await features(fp32));
      const ratio = weightBytesRatio(fp32, quantized);
      expect(error).toBeLessThan(tolerance[mode]);
      expect(ratio).toBeGreaterThanOrEqual(weightRatio[mode][0]);
      expect(ratio).toBeLessThan(weightRatio[mode][1]);
    });
  }

  test('embed_tokens: each row within half a quantization step, ≈ ¼ the size, q4 the same 8-bit file', async () => {
    const fp32 = exportEmbedTokens(wide, textNames);
    const q8 = quantizeOnnx(fp32, 'q8');
    expect(quantizeOnnx(fp32, 'q4')).toEqual(q8);
    expect(await ioNames(q8)).toEqual(await ioNames(fp32));
    const D = wideLlama.hidden_size;
    const ids = Array.from({ length: 12 }, (_, i) => (i * 37) % wideLlama.vocab_size);
    const feeds = { input_ids: new ort.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [2, 6]) };
    const embeds = async (bytes: Uint8Array) =>
      (await (await createSession(bytes)).run(feeds)).inputs_embeds.data as Float32Array;
    const [exact, quantized] = [await embeds(fp32), await embeds(q8)];
    for (let row = 0; row < ids.length; row++) {
      const fpRow = exact.subarray(row * D, (row + 1) * D);
      const halfStep = Math.max(...fpRow.map(Math.abs)) / 127 / 2;
      expect(maxAbsDiff(quantized.subarray(row * D, (row + 1) * D), fpRow)).toBeLessThanOrEqual(halfStep * 1.0001);
    }
    expect(weightBytesRatio(fp32, q8)).toBeLessThan(weightRatio.q8[1]);
  });
});
