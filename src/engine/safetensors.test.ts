import { beforeAll, describe, expect, test } from 'vitest';
import { startEngine } from './jax-runtime';
import { weightInitializer } from './init-weights';
import { decodeSafetensors, encodeSafetensors, SafetensorsError, type SafeTensor } from './safetensors';
import { halfToFloat, paramsFromSafetensors, paramsToSafetensors, toFloat32 } from './safetensors-params';

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

// Written out by hand: F32 ranks above BF16, so "w" is laid out before "h" despite the name order.
const HEADER =
  '{"__metadata__":{"format":"pt"},' +
  '"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},' +
  '"h":{"dtype":"BF16","shape":[2],"data_offsets":[8,12]}}' +
  '    '; // 140 bytes of JSON padded to 144
const HAND_BUILT = new Uint8Array([
  144,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  ...ascii(HEADER),
  0x00,
  0x00,
  0x00,
  0x3f,
  0x00,
  0x00,
  0x40,
  0x40, // w = [0.5, 3]
  0x80,
  0x3f,
  0x20,
  0xc0, // h = bf16 [1, -2.5]
]);

describe('safetensors format', () => {
  test('decodes a hand-built file', () => {
    const { tensors, metadata } = decodeSafetensors(HAND_BUILT);
    expect(metadata).toEqual({ format: 'pt' });
    expect(Object.keys(tensors)).toEqual(['w', 'h']);
    expect(tensors.w!.dtype).toBe('F32');
    expect([...tensors.w!.data]).toEqual([0.5, 3]);
    expect(tensors.h).toMatchObject({ dtype: 'BF16', shape: [2] });
    expect([...toFloat32(tensors.h!)]).toEqual([1, -2.5]);
  });

  test('encodes exactly the hand-built bytes, whatever the insertion order', () => {
    const h: SafeTensor = { dtype: 'BF16', shape: [2], data: new Uint16Array([0x3f80, 0xc020]) };
    const w: SafeTensor = { dtype: 'F32', shape: [2], data: new Float32Array([0.5, 3]) };
    expect(encodeSafetensors({ h, w }, { format: 'pt' })).toEqual(HAND_BUILT);
    expect(encodeSafetensors({ w, h }, { format: 'pt' })).toEqual(HAND_BUILT);
  });

  test('decodes from a view at an odd offset and from a Node Buffer', () => {
    const padded = new Uint8Array(HAND_BUILT.length + 3);
    padded.set(HAND_BUILT, 3);
    for (const bytes of [padded.subarray(3), Buffer.from(HAND_BUILT)]) {
      const { tensors } = decodeSafetensors(bytes);
      expect([...tensors.w!.data]).toEqual([0.5, 3]);
      expect([...toFloat32(tensors.h!)]).toEqual([1, -2.5]);
    }
  });

  test("an empty file is the reference implementation's 16 bytes", () => {
    expect([...encodeSafetensors({})]).toEqual([8, 0, 0, 0, 0, 0, 0, 0, ...ascii('{}      ')]);
  });

  test('save → load → save is byte-identical and values are exact', () => {
    const tensors: Record<string, SafeTensor> = {
      'model.embed.weight': { dtype: 'F32', shape: [2, 3], data: new Float32Array([0.1, -2, 3e-30, 7, Infinity, -0]) },
      'model.ids': { dtype: 'I64', shape: [3], data: new BigInt64Array([1n, -5n, 9007199254740993n]) },
      'model.half': { dtype: 'F16', shape: [1, 3], data: new Uint16Array([0x3c00, 0x7bff, 0x0001]) },
      'model.mask': { dtype: 'BOOL', shape: [3], data: new Uint8Array([1, 0, 1]) },
      'model.counts': { dtype: 'I32', shape: [], data: new Int32Array([-42]) },
      'model.wide': { dtype: 'F64', shape: [2], data: new Float64Array([Math.PI, 1e300]) },
    };
    const first = encodeSafetensors(tensors, { zeta: '1', alpha: 'two' });
    const { tensors: loaded, metadata } = decodeSafetensors(first);
    expect(encodeSafetensors(loaded, metadata)).toEqual(first);
    for (const [name, tensor] of Object.entries(tensors)) {
      expect(loaded[name]!.shape).toEqual(tensor.shape);
      expect(loaded[name]!.dtype).toBe(tensor.dtype);
      expect([...loaded[name]!.data]).toEqual([...tensor.data]);
    }
    expect(Object.keys(metadata)).toEqual(['alpha', 'zeta']);
    // Header length is a multiple of 8, so every tensor's data is aligned for its dtype.
    expect(Number(new DataView(first.buffer).getBigUint64(0, true)) % 8).toBe(0);
  });
});

describe('float16 and bfloat16 widening', () => {
  test('F16 patterns', () => {
    const bits = [0x3c00, 0xc000, 0x7bff, 0x0001, 0x0400, 0x3555, 0x7c00, 0xfc00, 0x8000];
    const expected = [1, -2, 65504, 2 ** -24, 2 ** -14, 0.333251953125, Infinity, -Infinity, -0];
    expect([...toFloat32({ dtype: 'F16', shape: [9], data: new Uint16Array(bits) })]).toEqual(expected);
    expect(halfToFloat(0x7e00)).toBeNaN();
  });

  test('BF16 patterns', () => {
    const bits = [0x3f80, 0x4049, 0xc2f7, 0x0001, 0x7f80, 0x7fc0];
    const values = toFloat32({ dtype: 'BF16', shape: [6], data: new Uint16Array(bits) });
    expect([...values.slice(0, 5)]).toEqual([1, 3.140625, -123.5, Math.fround(2 ** -133), Infinity]);
    expect(values[5]).toBeNaN();
  });
});

describe('malformed files give one clear sentence', () => {
  const withHeader = (json: string, dataBytes = 0) => {
    const text = new TextEncoder().encode(json);
    const out = new Uint8Array(8 + text.length + dataBytes);
    new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
    out.set(text, 8);
    return out;
  };
  const cases: [string, Uint8Array, RegExp][] = [
    ['too short', new Uint8Array(4), /fewer than the 8-byte header length/],
    ['absurd header length', new Uint8Array([0, 0, 0, 0, 0, 0, 0, 1, 123]), /exceeds 100 MB/],
    ['truncated header', HAND_BUILT.slice(0, 100), /truncated: its header needs 144 bytes/],
    ['not JSON', withHeader('{"w": '), /not a valid UTF-8 JSON object/],
    ['unknown dtype', withHeader('{"w":{"dtype":"Q3","shape":[1],"data_offsets":[0,1]}}', 1), /unsupported dtype "Q3"/],
    ['bad shape', withHeader('{"w":{"dtype":"U8","shape":[-1],"data_offsets":[0,1]}}', 1), /invalid shape/],
    ['size mismatch', withHeader('{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}', 4), /needs 8/],
    ['gap', withHeader('{"w":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}', 2), /overlap or leave a gap/],
    ['truncated data', HAND_BUILT.slice(0, HAND_BUILT.length - 1), /truncated: .* 12 bytes of tensor data but only 11/],
    ['trailing bytes', new Uint8Array([...HAND_BUILT, 0]), /1 bytes after the tensor data/],
    ['metadata not strings', withHeader('{"__metadata__":{"step":3}}'), /"step" is not a string/],
  ];
  test.each(cases)('%s', (_, bytes, message) => {
    expect(() => decodeSafetensors(bytes)).toThrow(SafetensorsError);
    expect(() => decodeSafetensors(bytes)).toThrow(message);
  });

  test('encoding rejects data that does not match the shape', () => {
    const bad = { w: { dtype: 'F32' as const, shape: [3], data: new Float32Array(2) } };
    expect(() => encodeSafetensors(bad)).toThrow(/8 bytes of data but F32 shape \[3\] needs 12/);
  });
});

describe('params io', () => {
  beforeAll(() => startEngine());

  test('params round-trip exactly and stay owned by the caller', async () => {
    const init = weightInitializer(7);
    const params = { 'a.weight': init.normal([3, 4], 1), 'b.bias': init.normal([4], 1) };
    const bytes = await paramsToSafetensors(params, { step: '3' });
    const again = await paramsToSafetensors(params, { step: '3' });
    expect(again).toEqual(bytes);
    const loaded = paramsFromSafetensors(bytes);
    expect(Object.keys(loaded).sort()).toEqual(['a.weight', 'b.bias']);
    expect(loaded['a.weight']!.shape).toEqual([3, 4]);
    expect(await loaded['a.weight']!.data()).toEqual(await params['a.weight'].data());
    expect(await loaded['b.bias']!.data()).toEqual(await params['b.bias'].data());
    expect(decodeSafetensors(bytes).metadata).toEqual({ step: '3' });
  });

  test('bf16 files load as fp32, filtered by names or prefix', async () => {
    const bytes = encodeSafetensors({
      'text.w': { dtype: 'BF16', shape: [2], data: new Uint16Array([0x3f80, 0xc020]) },
      'vision.w': { dtype: 'F16', shape: [1], data: new Uint16Array([0x3555]) },
      'vision.b': { dtype: 'F32', shape: [1], data: new Float32Array([2]) },
    });
    const text = paramsFromSafetensors(bytes, { prefix: 'text.' });
    expect(Object.keys(text)).toEqual(['text.w']);
    expect(text['text.w']!.dtype).toBe('float32');
    expect([...(await text['text.w']!.data())]).toEqual([1, -2.5]);
    const picked = paramsFromSafetensors(bytes, { names: ['vision.w'] });
    expect([...(await picked['vision.w']!.data())]).toEqual([0.333251953125]);
    expect(() => paramsFromSafetensors(bytes, { names: ['nope'] })).toThrow('no tensor named "nope"');
  });
});
