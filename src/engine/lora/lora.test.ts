// LoRA in the engine's decoder: PEFT's initialisation, the adapted forward equals the merged
// weights W + scale·B·A, gradients of the factors match finite differences, and PEFT files
// round-trip byte for byte.
import { beforeAll, describe, expect, test } from 'vitest';
import { grad, numpy as np, tree, type Array as JaxArray } from '@jax-js/jax';
import { startEngine } from '../jax-runtime';
import { weightInitializer, type Params } from '../init-weights';
import { llamaNames, type LlamaConfig } from '../llama/config';
import { initLlamaParams } from '../llama/init-llama';
import { embedTokens, llamaForward } from '../llama/llama-forward';
import { tinyIds, tinyLlama } from '../llama/tiny-llama.testing';
import { initLoraParams } from './init-lora';
import { LORA_TARGETS, loraFactorKeys, loraModules, loraScale, type LoraConfig } from './lora-config';
import { exportPeftAdapter, importPeftAdapter } from './peft-files';

const names = llamaNames();
const oneLayer: LlamaConfig = { ...tinyLlama, num_hidden_layers: 1, initializer_range: 0.3 };
const allTargets: LoraConfig = { r: 3, alpha: 6, dropout: 0, targets: LORA_TARGETS, rslora: false };

beforeAll(async () => {
  await startEngine();
});

/** Factors with random B too (PEFT starts B at zero, which would hide A's gradient). */
function randomFactors(base: Params, config: LlamaConfig, lora: LoraConfig, seed: number, layerNames = names): Params {
  const factors = initLoraParams(base, config, layerNames, lora, seed);
  const init = weightInitializer(seed + 1);
  for (const name of Object.keys(factors)) {
    if (name.endsWith('lora_B.weight')) {
      const shape = factors[name]!.shape;
      factors[name]!.dispose();
      factors[name] = init.normal(shape, 0.3);
    }
  }
  return factors;
}

function values(array: JaxArray): Float32Array {
  return array.ref.dataSync() as Float32Array;
}

describe('LoRA settings and initialisation', () => {
  test('scale is alpha / r, or alpha / √r with rsLoRA', () => {
    expect(loraScale({ r: 4, alpha: 8, rslora: false })).toBe(2);
    expect(loraScale({ r: 4, alpha: 8, rslora: true })).toBe(4);
  });

  test('modules follow the chosen layers and targets, with PEFT module paths', () => {
    const modules = loraModules(
      { ...allTargets, targets: ['v_proj', 'q_proj'], layers: [1] },
      llamaNames('model.text_model.'),
      2,
    );
    expect(modules.map((m) => m.path)).toEqual([
      'model.text_model.layers.1.self_attn.q_proj',
      'model.text_model.layers.1.self_attn.v_proj',
    ]);
    expect(() => loraModules({ ...allTargets, layers: [2] }, names, 2)).toThrow(
      'Layer 2 does not exist; the decoder has layers 0–1.',
    );
    expect(() => loraModules({ ...allTargets, r: 0 }, names, 2)).toThrow(/rank/);
  });

  test('A is U(−1/√in, 1/√in) and B is zero, as PEFT initialises them; the same seed gives the same factors', () => {
    const base = initLlamaParams(tinyLlama, 1);
    const factors = initLoraParams(base, tinyLlama, names, allTargets, 5);
    const again = initLoraParams(base, tinyLlama, names, allTargets, 5);
    const down = loraFactorKeys('model.layers.0.mlp.down_proj');
    expect(factors[down.a]!.shape).toEqual([3, tinyLlama.intermediate_size]);
    expect(factors[down.b]!.shape).toEqual([tinyLlama.hidden_size, 3]);
    const a = values(factors[down.a]!);
    const bound = 1 / Math.sqrt(tinyLlama.intermediate_size);
    expect(Math.max(...a.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...a.map(Math.abs))).toBeGreaterThan(bound / 2);
    expect([...values(factors[down.b]!)].every((v) => v === 0)).toBe(true);
    expect(values(again[down.a]!)).toEqual(a);
    tree.dispose([base, factors, again]);
  });
});

describe('the adapted decoder', () => {
  test('equals the base model with W + scale·B·A merged, and the base model when no adapter is run', () => {
    const base = initLlamaParams(tinyLlama, 2);
    const factors = randomFactors(base, tinyLlama, allTargets, 3);
    const scale = loraScale(allTargets);
    const merged: Params = { ...base };
    for (const module of loraModules(allTargets, names, tinyLlama.num_hidden_layers)) {
      const keys = loraFactorKeys(module.path);
      const delta = np.matmul(factors[keys.b]!.ref, factors[keys.a]!.ref).mul(scale);
      merged[`${module.path}.weight`] = base[`${module.path}.weight`]!.ref.add(delta);
    }
    const forward = (params: Params, lora?: { scale: number }) =>
      values(llamaForward(params, tinyLlama, { inputsEmbeds: embedTokens(params, tinyIds), lora }));
    const adapted = forward({ ...base, ...factors }, { scale });
    const expected = forward(merged);
    adapted.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 4));
    expect(forward({ ...base, ...factors })).toEqual(forward(base));
    expect(Math.max(...adapted.map((v, i) => Math.abs(v - forward(base)[i]!)))).toBeGreaterThan(1e-2);
    tree.dispose([base, factors]);
    for (const module of loraModules(allTargets, names, tinyLlama.num_hidden_layers))
      merged[`${module.path}.weight`]!.dispose();
  });

  test('gradients of every factor match central finite differences on a one-layer decoder', () => {
    const base = initLlamaParams(oneLayer, 11);
    const factors = randomFactors(base, oneLayer, allTargets, 12);
    const weights = weightInitializer(99).normal([2, 5, oneLayer.vocab_size], 1);
    const scale = loraScale(allTargets);
    const loss = (f: Params) =>
      llamaForward({ ...base, ...f }, oneLayer, { inputsEmbeds: embedTokens(base, tinyIds), lora: { scale } })
        .mul(weights.ref)
        .sum();
    const gradients = grad((f: Params) => {
      const value = loss(f);
      tree.dispose(f);
      return value;
    })(tree.ref(factors));
    let checked = 0;
    for (const name of Object.keys(factors)) {
      const analytic = values(gradients[name]!);
      for (const index of [0, analytic.length - 1]) {
        const lossAt = (delta: number) => {
          const perturbed = Float32Array.from(values(factors[name]!));
          perturbed[index]! += delta;
          const array = np.array(perturbed, { shape: factors[name]!.shape });
          const value = loss({ ...factors, [name]: array }).item();
          array.dispose();
          return value;
        };
        const eps = 3e-3;
        const numeric = (lossAt(eps) - lossAt(-eps)) / (2 * eps);
        const scaleOf = Math.max(Math.abs(numeric), Math.abs(analytic[index]!), 0.1);
        expect(Math.abs(numeric - analytic[index]!) / scaleOf, `${name}[${index}]`).toBeLessThan(1e-2);
        checked++;
      }
    }
    expect(checked).toBe(2 * 2 * LORA_TARGETS.length);
    tree.dispose([base, factors, gradients]);
    weights.dispose();
  });
});

describe('PEFT files', () => {
  const smolvlmNames = llamaNames('model.text_model.');
  const lora: LoraConfig = { r: 2, alpha: 4, dropout: 0.05, targets: ['q_proj', 'v_proj'], layers: [1], rslora: true };

  test('export writes PEFT keys and tensor names; export → import → export is byte-identical', async () => {
    const base = initLlamaParams(tinyLlama, 3, smolvlmNames);
    const factors = randomFactors(base, tinyLlama, lora, 4, smolvlmNames);
    const files = await exportPeftAdapter({ config: lora, baseModel: 'HuggingFaceTB/SmolVLM-256M-Instruct', factors });
    const config = JSON.parse(files.config);
    expect(config).toMatchObject({
      peft_type: 'LORA',
      task_type: 'CAUSAL_LM',
      base_model_name_or_path: 'HuggingFaceTB/SmolVLM-256M-Instruct',
      r: 2,
      lora_alpha: 4,
      lora_dropout: 0.05,
      target_modules: ['q_proj', 'v_proj'],
      layers_to_transform: [1],
      bias: 'none',
      use_rslora: true,
    });
    const imported = importPeftAdapter(files);
    expect(Object.keys(imported.factors).sort()).toEqual(Object.keys(factors).sort());
    expect(Object.keys(imported.factors)).toContain('model.text_model.layers.1.self_attn.q_proj.lora_A.weight');
    const again = await exportPeftAdapter(imported);
    expect(again.config).toBe(files.config);
    expect(Buffer.from(again.weights).equals(Buffer.from(files.weights))).toBe(true);
    const header = JSON.parse(
      new TextDecoder().decode(
        files.weights.subarray(
          8,
          8 + Number(new DataView(files.weights.buffer, files.weights.byteOffset).getBigUint64(0, true)),
        ),
      ),
    );
    expect(header.__metadata__).toEqual({ format: 'pt' });
    expect(header['base_model.model.model.text_model.layers.1.self_attn.v_proj.lora_B.weight'].shape).toEqual([4, 2]);
    tree.dispose([base, factors, imported.factors]);
  });

  test('bad adapter files are refused in one sentence', async () => {
    const base = initLlamaParams(tinyLlama, 3);
    const factors = randomFactors(base, tinyLlama, lora, 4);
    const { config, weights } = await exportPeftAdapter({ config: lora, baseModel: 'x', factors });
    const edited = (patch: Record<string, unknown>) => JSON.stringify({ ...JSON.parse(config), ...patch });
    expect(() => importPeftAdapter({ config: '{', weights })).toThrow('adapter_config.json is not valid JSON.');
    expect(() => importPeftAdapter({ config: edited({ peft_type: 'IA3' }), weights })).toThrow(/only "LORA"/);
    expect(() => importPeftAdapter({ config: edited({ use_dora: true }), weights })).toThrow(/DoRA/);
    expect(() => importPeftAdapter({ config: edited({ target_modules: ['lm_head'] }), weights })).toThrow(
      /not decoder projections/,
    );
    expect(() => importPeftAdapter({ config: edited({ r: 3 }), weights })).toThrow(/does not fit rank 3/);
    expect(importPeftAdapter({ config: edited({ target_modules: 'all-linear' }), weights }).config.targets).toEqual(
      LORA_TARGETS,
    );
    tree.dispose([base, factors]);
  });
});
