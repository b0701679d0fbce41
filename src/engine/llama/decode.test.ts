// KV-cache decoding equals full forward passes: the same logits at every position, and the same
// greedy tokens, with a LoRA adapter applied.
import { beforeAll, expect, test } from 'vitest';
import { tree } from '@jax-js/jax';
import { startEngine } from '../jax-runtime';
import { weightInitializer, type Params } from '../init-weights';
import { initLoraParams } from '../lora/init-lora';
import { LORA_TARGETS, loraScale, type LoraConfig } from '../lora/lora-config';
import { llamaNames, type LlamaConfig } from './config';
import { argmax, decodeTokens } from './decode';
import { initLlamaParams } from './init-llama';
import { embedTokens, llamaDecode, llamaForward } from './llama-forward';
import { tinyLlama } from './tiny-llama.testing';

const config: LlamaConfig = { ...tinyLlama, num_hidden_layers: 2, initializer_range: 0.4 };
const names = llamaNames();
const lora: LoraConfig = { r: 2, alpha: 4, dropout: 0, targets: LORA_TARGETS, rslora: false };
let params: Params;

beforeAll(async () => {
  await startEngine();
  const base = initLlamaParams(config, 21);
  const factors = initLoraParams(base, config, names, lora, 22);
  const init = weightInitializer(23);
  for (const name of Object.keys(factors).filter((n) => n.endsWith('lora_B.weight')))
    factors[name] = init.normal(factors[name]!.shape, 0.3);
  params = { ...base, ...factors };
});

const run = { scale: loraScale(lora) };
const fullLogits = (ids: number[]) =>
  llamaForward(params, config, { inputsEmbeds: embedTokens(params, [ids]), lora: run }).dataSync() as Float32Array;

test("prefill then one token at a time gives the full forward pass's logits at every position", () => {
  const ids = [1, 5, 2, 8, 3];
  const V = config.vocab_size;
  const prefill = llamaDecode(params, config, { inputsEmbeds: embedTokens(params, [ids.slice(0, 3)]), lora: run });
  const step1 = llamaDecode(params, config, {
    inputsEmbeds: embedTokens(params, [[ids[3]!]]),
    cache: prefill.cache,
    lora: run,
  });
  const step2 = llamaDecode(params, config, {
    inputsEmbeds: embedTokens(params, [[ids[4]!]]),
    cache: step1.cache,
    lora: run,
  });
  expect(step2.cache.length).toBe(5);
  const cached = [...prefill.logits.dataSync(), ...step1.logits.dataSync(), ...step2.logits.dataSync()];
  const full = fullLogits(ids);
  expect(cached).toHaveLength(5 * V);
  cached.forEach((v, i) => expect(v).toBeCloseTo(full[i]!, 4));
  tree.dispose(step2.cache.layers);
});

test('greedy decoding with the cache picks the tokens full passes pick and stops at a stop token', () => {
  const prompt = [4, 7, 1];
  const out = decodeTokens(params, config, embedTokens(params, [prompt]), {
    maxNewTokens: 6,
    stopIds: [],
    next: argmax,
    names,
    lora: run,
  });
  const ids = [...prompt];
  for (let i = 0; i < 6; i++) {
    const logits = fullLogits(ids).slice(-config.vocab_size);
    ids.push(argmax(logits));
  }
  expect(out).toEqual(ids.slice(prompt.length));
  const stop = out.at(-1)!;
  const stopped = decodeTokens(params, config, embedTokens(params, [prompt]), {
    maxNewTokens: 6,
    stopIds: [stop],
    next: argmax,
    names,
    lora: run,
  });
  expect(stopped).toEqual(out.slice(0, out.indexOf(stop) + 1));
});
