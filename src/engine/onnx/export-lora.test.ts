// LoRA slots in the exported decoder: zero factors leave the base model's outputs unchanged, and an
// adapter swapped into the bytes (or fed as inputs) equals the engine with W + scale·B·A merged.
import { beforeAll, describe, expect, test } from 'vitest';
import * as ort from 'onnxruntime-node';
import { numpy as np } from '@jax-js/jax';
import { startEngine } from '../jax-runtime';
import type { Params } from '../init-weights';
import { initLlamaParams } from '../llama/init-llama';
import { exportDecoder } from './export-decoder';
import { GraphBuilder } from './onnx-builder';
import { readParam } from './graph-layers';
import { llamaForward } from '../llama/llama-forward';
import { initLoraParams } from '../lora/init-lora';
import { loraScale, type LoraConfig } from '../lora/lora-config';
import {
  adapterSlotTensors,
  LORA_SCALE,
  LORA_TARGETS,
  loraFactorNames,
  loraModule,
  setLoraTensors,
  type LoraExportOptions,
} from './lora-graph';
import {
  createSession,
  emptyCache,
  engineLogits,
  maxAbsDiff,
  randomValues,
  runDecoder,
  textNames,
  tinyLlama as config,
  withRandomVectors,
} from './onnx-parity.testing';

const D = config.hidden_size;
const [B, T] = [2, 6];
const rank = 3;
const lora: LoraExportOptions = { rank, alpha: 6, targets: LORA_TARGETS }; // scale 2
const embeds = randomValues(B * T * D, 5);
const mask = [new Array(T).fill(1), new Array(T).fill(1)];
const positions = [Array.from({ length: T }, (_, t) => t), Array.from({ length: T }, (_, t) => t)];

let params: Params;

/** Random factors A [r, in], B [out, r] for every targeted projection of every layer. */
function randomAdapter(): Record<string, Float32Array> {
  const adapter: Record<string, Float32Array> = {};
  let seed = 100;
  for (let i = 0; i < config.num_hidden_layers; i++) {
    for (const target of LORA_TARGETS) {
      const [out, inFeatures] = readParam(params, weightName(i, target)).shape;
      const names = loraFactorNames(i, target);
      adapter[names.a] = randomValues(rank * inFeatures, seed++, 0.3);
      adapter[names.b] = randomValues(out * rank, seed++, 0.3);
    }
  }
  return adapter;
}

function weightName(layer: number, target: string): string {
  return `model.text_model.layers.${layer}.${loraModule(target as (typeof LORA_TARGETS)[number])}.${target}.weight`;
}

/** A copy of `params` with W + scale·B·A in every targeted projection. */
function mergedParams(adapter: Record<string, Float32Array>, scale: number): Params {
  const merged: Params = { ...params };
  for (let i = 0; i < config.num_hidden_layers; i++) {
    for (const target of LORA_TARGETS) {
      const name = weightName(i, target);
      const { data, shape } = readParam(params, name);
      const [out, inFeatures] = shape;
      const { a, b } = loraFactorNames(i, target);
      const w = Float32Array.from(data);
      for (let o = 0; o < out; o++) {
        for (let k = 0; k < inFeatures; k++) {
          let delta = 0;
          for (let r = 0; r < rank; r++) delta += adapter[b][o * rank + r] * adapter[a][r * inFeatures + k];
          w[o * inFeatures + k] += scale * delta;
        }
      }
      merged[name] = np.array(w, { shape });
    }
  }
  return merged;
}

async function logitsOf(bytes: Uint8Array, extra: Record<string, ort.Tensor> = {}): Promise<Float32Array> {
  const session = await createSession(bytes);
  return (
    await runDecoder(session, embeds, { batch: B, seq: T, hidden: D }, mask, positions, emptyCache(config, B), extra)
  ).logits;
}

beforeAll(async () => {
  await startEngine();
  params = withRandomVectors(initLlamaParams(config, 3, textNames), 30);
});

describe('LoRA in the exported decoder', () => {
  test('with no adapter set, outputs equal the export without LoRA bit for bit, with the same inputs', async () => {
    const plain = exportDecoder(params, config, textNames);
    const withSlots = exportDecoder(params, config, textNames, { lora });
    const session = await createSession(withSlots);
    expect(session.inputNames).toEqual((await createSession(plain)).inputNames);
    expect(Array.from(await logitsOf(withSlots))).toEqual(Array.from(await logitsOf(plain)));
  });

  test('an adapter patched into the bytes equals the engine with the adapter merged', async () => {
    const adapter = randomAdapter();
    const bytes = exportDecoder(params, config, textNames, { lora });
    const patched = setLoraTensors(bytes, adapter);
    expect(patched.length).toBe(bytes.length);
    expect(bytes).toEqual(exportDecoder(params, config, textNames, { lora })); // the input is left as it was
    const expected = engineLogits(mergedParams(adapter, 2), config, embeds, [B, T]);
    const onnx = await logitsOf(patched);
    expect(maxAbsDiff(onnx, expected)).toBeLessThan(1e-3);
    expect(maxAbsDiff(onnx, engineLogits(params, config, embeds, [B, T]))).toBeGreaterThan(1e-2); // the adapter matters

    // lora.scale is patchable too: scale 0 switches the adapter off.
    const off = await logitsOf(setLoraTensors(patched, { [LORA_SCALE]: Float32Array.of(0) }));
    expect(Array.from(off)).toEqual(Array.from(await logitsOf(exportDecoder(params, config, textNames))));
  });

  test("an engine adapter of lower rank on some projections, padded into the slots, gives the engine's adapted logits", async () => {
    const adapterConfig: LoraConfig = {
      r: 2,
      alpha: 3,
      dropout: 0,
      targets: ['q_proj', 'down_proj'],
      layers: [1],
      rslora: true,
    };
    const factors = initLoraParams(params, config, textNames, adapterConfig, 8);
    for (const name of Object.keys(factors)) {
      if (name.endsWith('lora_B.weight'))
        factors[name] = np.array(randomValues(factors[name]!.shape[0]! * 2, 40, 0.5), { shape: factors[name]!.shape });
    }
    const patched = setLoraTensors(
      exportDecoder(params, config, textNames, { lora }),
      adapterSlotTensors({ config: adapterConfig, factors }, textNames, config.num_hidden_layers, rank),
    );
    const inputsEmbeds = np.array(embeds, { shape: [B, T, D] });
    const expected = llamaForward({ ...params, ...factors }, config, {
      inputsEmbeds,
      names: textNames,
      lora: { scale: loraScale(adapterConfig) },
    }).dataSync() as Float32Array;
    const onnx = await logitsOf(patched);
    expect(maxAbsDiff(onnx, expected)).toBeLessThan(1e-3);
    expect(maxAbsDiff(onnx, engineLogits(params, config, embeds, [B, T]))).toBeGreaterThan(1e-2);
    expect(() =>
      adapterSlotTensors({ config: { ...adapterConfig, r: 4 }, factors }, textNames, config.num_hidden_layers, rank),
    ).toThrow("The adapter's rank 4 is above the model's LoRA slot rank 3.");
  });

  test('asInputs: factors and scale fed per run equal the merged engine', async () => {
    const adapter = randomAdapter();
    const bytes = exportDecoder(params, config, textNames, { lora: { ...lora, asInputs: true } });
    const feeds: Record<string, ort.Tensor> = { [LORA_SCALE]: new ort.Tensor('float32', Float32Array.of(0.5), []) };
    for (let i = 0; i < config.num_hidden_layers; i++) {
      for (const target of LORA_TARGETS) {
        const [out, inFeatures] = readParam(params, weightName(i, target)).shape;
        const { a, b } = loraFactorNames(i, target);
        feeds[a] = new ort.Tensor('float32', adapter[a], [rank, inFeatures]);
        feeds[b] = new ort.Tensor('float32', adapter[b], [out, rank]);
      }
    }
    const expected = engineLogits(mergedParams(adapter, 0.5), config, embeds, [B, T]);
    expect(maxAbsDiff(await logitsOf(bytes, feeds), expected)).toBeLessThan(1e-3);
  });

  test('only the targeted projections get slots, and unknown tensors are refused', () => {
    const bytes = exportDecoder(params, config, textNames, { lora: { rank, targets: ['q_proj', 'v_proj'] } });
    expect(() => setLoraTensors(bytes, { [loraFactorNames(0, 'q_proj').a]: new Float32Array(rank * D) })).not.toThrow();
    expect(() => setLoraTensors(bytes, { [loraFactorNames(0, 'k_proj').a]: new Float32Array(rank * D) })).toThrow(
      /no LoRA tensor/,
    );
    expect(() => setLoraTensors(bytes, { [loraFactorNames(0, 'q_proj').a]: new Float32Array(5) })).toThrow(/holds/);
  });

  test('why not optional inputs: onnxruntime-node ignores a feed for an initializer-backed input', async () => {
    // ONNX lets an input shadow an initializer (an input with a default), but the JS API leaves it
    // out of inputNames and runs with the default even when it is fed. If this ever changes, inputs
    // with zero defaults become the simpler mechanism (see export-decoder.ts).
    const g = new GraphBuilder('shadowed');
    const x = g.input('x', 'float', [2]);
    g.input('delta', 'float', [2]);
    g.output(g.op('Add', [x, g.weight('delta', new Float32Array(2), [2])]), 'y', 'float', [2]);
    const session = await createSession(g.toBytes());
    expect(session.inputNames).toEqual(['x']);
    const out = await session.run({
      x: new ort.Tensor('float32', Float32Array.of(1, 2), [2]),
      delta: new ort.Tensor('float32', Float32Array.of(10, 20), [2]),
    });
    expect(Array.from(out.y.data as Float32Array)).toEqual([1, 2]);
  });
});
