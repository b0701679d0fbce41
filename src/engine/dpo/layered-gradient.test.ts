// The layer-by-layer gradient (rematerialised) against jax-js's gradient of the whole network.
import { beforeAll, expect, test } from 'vitest';
import { numpy as np, random, tree, valueAndGrad, type Array as JaxArray, type JsTree } from '@jax-js/jax';
import { startEngine } from '../jax-runtime';
import { weightInitializer, type Params } from '../init-weights';
import { llamaNames, type LlamaConfig } from '../llama/config';
import { initLlamaParams } from '../llama/init-llama';
import { attentionBias } from '../llama/layers';
import { embedTokens, llamaHidden } from '../llama/llama-forward';
import { tinyLlama } from '../llama/tiny-llama.testing';
import { activeLoraParams } from '../lora/active-lora.testing';
import { loraModules, type LoraConfig } from '../lora/lora-config';
import { layeredModel, type HeadObjective } from './layered-gradient';

beforeAll(async () => {
  await startEngine();
});

const config: LlamaConfig = { ...tinyLlama, vocab_size: 12, num_hidden_layers: 4, initializer_range: 0.3 };
const names = llamaNames();
const lora: LoraConfig = {
  r: 2,
  alpha: 4,
  dropout: 0.3,
  targets: ['q_proj', 'v_proj', 'gate_proj', 'down_proj'],
  layers: [1, 3],
  rslora: false,
};
const ids = [
  [0, 3, 5, 7, 2, 0],
  [1, 4, 4, 9, 0, 0],
];
const mask = [
  [1, 1, 1, 1, 1, 1],
  [1, 1, 1, 1, 0, 0],
];

test("the layered loss and adapter gradient equal the whole network's, with dropout and adapters on some layers only", async () => {
  const base = initLlamaParams(config, 7, names);
  const factors = activeLoraParams(base, config, names, lora, 4);
  const probe = weightInitializer(9).normal([2, 6, config.hidden_size], 1);
  // The objective weighs the final hidden states by a fixed probe; the output weight is not needed.
  const objective: HeadObjective = (hidden, output, data) => {
    output.dispose();
    const loss = np.sum(hidden.mul((data as { probe: JaxArray }).probe));
    return [loss.ref, { loss }];
  };
  const modules = loraModules(lora, names, config.num_hidden_layers);
  const keys = Object.fromEntries(modules.map((m, i) => [m.path, random.key(100 + i)]));
  const scale = 2;

  const whole = (f: Params) => {
    const hidden = llamaHidden({ ...base, ...f }, config, {
      inputsEmbeds: embedTokens(base, ids),
      attentionMask: mask,
      names,
      lora: { scale, dropout: { rate: lora.dropout, keys: tree.ref(keys) } },
    });
    tree.dispose(f);
    return np.sum(hidden.mul(probe.ref));
  };
  const [expectedLoss, expectedGrads] = valueAndGrad(whole)(tree.ref(factors));

  const layered = layeredModel({ config, names, params: base }, { scale, dropoutRate: lora.dropout }, objective);
  const { loss, aux, grads } = await layered.lossAndGrad(
    factors,
    {
      inputsEmbeds: embedTokens(base, ids),
      positions: np.array(
        ids.map((row) => row.map((_, t) => t)),
        { dtype: np.int32 },
      ),
      attentionBias: attentionBias(np.array(mask, { dtype: np.float32 })),
    },
    { probe: probe.ref } as JsTree<JaxArray>,
    keys,
  );

  const value = loss.item();
  expect(value).toBeCloseTo(expectedLoss.item(), 3);
  expect((aux as { loss: JaxArray }).loss.item()).toBeCloseTo(value, 6);
  expect(Object.keys(grads).sort()).toEqual(Object.keys(factors).sort());
  for (const name of Object.keys(factors)) {
    const got = grads[name]!.dataSync() as Float32Array;
    const want = expectedGrads[name]!.dataSync() as Float32Array;
    expect(Math.max(...want.map(Math.abs))).toBeGreaterThan(1e-3);
    want.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 3));
  }
  tree.dispose([base, factors, probe, keys]);
});
