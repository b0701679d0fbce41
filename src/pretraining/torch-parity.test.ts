// The PyTorch port (pretrain/model.py) and the engine are one model: on the committed shapes-vlm and one
// preference pair they give the same answer-token log-probs (adapter off and on, 1e-4), and the same DPO loss
// and LoRA gradients (1e-4 relative). The torch side (pretrain/parity.py) computes in float64, the engine in
// float32; most of the engine's error is jax-js's wasm `log` (a short series, up to ~1.2e-5 off).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { nn, numpy as np, tree, valueAndGrad, type Array as JaxArray } from '@jax-js/jax';
import { findTorchPython } from '../../scripts/find-torch-python.mjs';
import { dpoBatchArrays, type DpoModel } from '../engine/dpo/dpo-batch';
import { answerTokenLogprobs } from '../engine/dpo/dpo-trainer';
import { preferenceLoss } from '../engine/dpo/preference-loss';
import type { Params } from '../engine/init-weights';
import { startEngine } from '../engine/jax-runtime';
import type { LoraRun } from '../engine/llama/llama-forward';
import { activeLoraParams } from '../engine/lora/active-lora.testing';
import { LORA_TARGETS, loraScale, type LoraConfig } from '../engine/lora/lora-config';
import { pixelValuesData } from './pixels';
import { shapesTokenizer } from './tokenizer';
import { paramsFromSafetensors, paramsToSafetensors } from '../engine/safetensors-params';
import { imageFeatures } from '../engine/vision';
import { VLM_TEXT_NAMES, vlmConfigFromJson, vlmImageSeqLen, vlmLogits, type VlmConfig } from '../engine/vlm';
import { buildAnswerIds, buildPromptIds } from '../engine/vlm/prompt';
import {
  createRng,
  DESCRIBE_PROMPT,
  describeObjects,
  describeScene,
  injectError,
  rasterizeScene,
  sampleScene,
} from '../world';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = join(root, 'public/models/shapes-vlm');
const lora: LoraConfig = { r: 4, alpha: 8, dropout: 0, targets: LORA_TARGETS, rslora: false };
const run: LoraRun = { scale: loraScale(lora) };
const beta = 0.1;
/**
 * An adapter as strong as a few DPO steps make (log-probs move by tenths of a nat). A far stronger one (B std 0.3)
 * moves a trained 4-layer model's log-probs by up to 7 nats, and float32 then drifts 2e-4 from float64 on such tokens.
 */
const ADAPTER_B_STD = 0.05;

interface Sides {
  chosen: number[];
  rejected: number[];
}
interface Result {
  base: Sides;
  adapted: Sides;
  loss: number;
  grads: Record<string, number[]>;
}

let config: VlmConfig;
let params: Params;
let factors: Params;
let work: string;

beforeAll(async () => {
  await startEngine();
  config = vlmConfigFromJson(readFileSync(join(dir, 'config.json'), 'utf8'));
  params = paramsFromSafetensors(readFileSync(join(dir, 'model.safetensors')));
  factors = activeLoraParams(params, config.text_config, VLM_TEXT_NAMES, lora, 11, ADAPTER_B_STD);
  work = mkdtempSync(join(tmpdir(), 'torch-parity-'));
});

afterAll(() => {
  tree.dispose([params, factors]);
  rmSync(work, { recursive: true, force: true });
});

/** A describe prompt on a test scene: the true description is chosen, one with a wrong attribute rejected. */
function preferencePair() {
  const tokenizer = JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8')) as { model: { merges: string[] } };
  const { encode, vocab } = shapesTokenizer(tokenizer.model.merges);
  expect(vocab.id('<image>')).toBe(config.image_token_id);
  const scene = sampleScene('test', 5, 0);
  const wrong = injectError(scene.objects, 'attribute', createRng(3)).objects;
  const size = config.vision_config.image_size;
  return {
    prompt: buildPromptIds(encode, DESCRIBE_PROMPT, vlmImageSeqLen(config)),
    chosen: buildAnswerIds(encode, describeScene(scene)),
    rejected: buildAnswerIds(encode, describeObjects(wrong)),
    pixels: pixelValuesData([rasterizeScene(scene)], size),
    shape: [1, 3, size, size],
  };
}
type Pair = ReturnType<typeof preferencePair>;

/** Answer-token log-probs from the engine's full forward (vision tower included) on prompt + answer. */
function forwardLogprobs(pair: Pair, answer: number[], adapter?: LoraRun): number[] {
  const inputs = { inputIds: [[...pair.prompt, ...answer]], pixelValues: np.array(pair.pixels, { shape: pair.shape }) };
  const logits = vlmLogits(adapter ? { ...params, ...factors } : params, config, { ...inputs, lora: adapter });
  const logp = nn.logSoftmax(logits, -1).dataSync() as Float32Array;
  return answer.map((id, k) => logp[(pair.prompt.length - 1 + k) * config.vocab_size + id]!);
}

/** The DPO trainer's path: the packed pair, answer-token log-probs, the sigmoid loss and its adapter gradient. */
function engineDpo(pair: Pair): Result {
  const { text_config: text, image_token_id: imageTokenId } = config;
  const model: DpoModel = { config: text, names: VLM_TEXT_NAMES, params, imageTokenId };
  const features = imageFeatures(params, config, np.array(pair.pixels, { shape: pair.shape }));
  const { weights, answerMask, ...data } = dpoBatchArrays(model, [{ ...pair, imageFeatures: features }], 'sigmoid');
  const sides = (tokens: JaxArray): Sides => {
    const values = [...(tokens.dataSync() as Float32Array)];
    const K = values.length / 2;
    return { chosen: values.slice(0, pair.chosen.length), rejected: values.slice(K, K + pair.rejected.length) };
  };
  const base = sides(answerTokenLogprobs(params, model, tree.ref(data), undefined, false));
  const adapted = sides(answerTokenLogprobs({ ...params, ...factors }, model, tree.ref(data), run, false));
  const sum = (xs: number[]) => np.array([xs.reduce((a, b) => a + b, 0)]);
  const dpoLoss = (f: Params) => {
    const tokens = answerTokenLogprobs({ ...params, ...f }, model, tree.ref(data), run);
    tree.dispose(f);
    const [policyChosen, policyRejected] = np.split(np.sum(tokens.mul(weights.ref), -1), [1], 0);
    const out = preferenceLoss(
      'sigmoid',
      {
        policyChosen: policyChosen!,
        policyRejected: policyRejected!,
        referenceChosen: sum(base.chosen),
        referenceRejected: sum(base.rejected),
      },
      beta,
    );
    tree.dispose([out.chosenRewards, out.rejectedRewards]);
    return out.loss;
  };
  const [loss, grads] = valueAndGrad(dpoLoss)(tree.ref(factors));
  const flat = Object.entries(grads).map(([name, g]) => [name, [...(g.dataSync() as Float32Array)]]);
  tree.dispose([data, weights, answerMask, features]);
  return { base, adapted, loss: loss.item(), grads: Object.fromEntries(flat) };
}

/** The same numbers from pretrain/parity.py. */
async function torchDpo(pair: Pair): Promise<Result> {
  const python = findTorchPython();
  if (!python) throw new Error('No Python with PyTorch: run `node scripts/ensure-torch.mjs` (npm run test:unit does).');
  const pixels = join(work, 'pixels.bin');
  const adapter = join(work, 'lora.safetensors');
  writeFileSync(pixels, new Uint8Array(pair.pixels.buffer, pair.pixels.byteOffset, pair.pixels.byteLength));
  writeFileSync(adapter, await paramsToSafetensors(factors));
  writeFileSync(
    join(work, 'inputs.json'),
    JSON.stringify({
      config: join(dir, 'config.json'),
      weights: join(dir, 'model.safetensors'),
      pixels,
      lora: adapter,
      prompt: pair.prompt,
      chosen: pair.chosen,
      rejected: pair.rejected,
      scale: run.scale,
      beta,
    }),
  );
  const options = { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 } as const;
  const stdout = execFileSync(python, ['pretrain/parity.py', work], options);
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Result;
}

const norm = (xs: number[]) => Math.sqrt(xs.reduce((sum, x) => sum + x * x, 0));
function maxDiff(a: number[], b: number[]): number {
  expect(a).toHaveLength(b.length);
  return a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]!)), 0);
}
const sidesDiff = (a: Sides, b: Sides) => Math.max(maxDiff(a.chosen, b.chosen), maxDiff(a.rejected, b.rejected));

test('PyTorch and the engine give the same log-probs, DPO loss and LoRA gradients on one pair', async () => {
  const pair = preferencePair();
  expect(pair.rejected).not.toEqual(pair.chosen);
  const torch = await torchDpo(pair);
  const engine = engineDpo(pair);
  const forward = {
    base: { chosen: forwardLogprobs(pair, pair.chosen), rejected: forwardLogprobs(pair, pair.rejected) },
    adapted: { chosen: forwardLogprobs(pair, pair.chosen, run), rejected: forwardLogprobs(pair, pair.rejected, run) },
  };

  // The adapter changes the answers' log-probs, so the comparisons below can fail.
  expect(sidesDiff(torch.adapted, torch.base)).toBeGreaterThan(0.05);
  for (const state of ['base', 'adapted'] as const) {
    expect(sidesDiff(forward[state], torch[state]), `${state}, full forward`).toBeLessThanOrEqual(1e-4);
    expect(sidesDiff(engine[state], torch[state]), `${state}, DPO packing`).toBeLessThanOrEqual(1e-4);
  }
  expect(Math.abs(engine.loss - torch.loss)).toBeLessThanOrEqual(1e-4 * Math.abs(torch.loss));
  expect(Object.keys(engine.grads).sort()).toEqual(Object.keys(torch.grads).sort());
  expect(Object.keys(torch.grads)).toHaveLength(2 * LORA_TARGETS.length * config.text_config.num_hidden_layers);
  // The LoRA gradient as one vector agrees to 1e-4 relative (‖engine − torch‖ / ‖torch‖; measured 7.5e-5 on
  // the committed 4-layer model). Each tensor alone is off by 0.6–1.1e-4 of its norm, float32 against float64.
  const names = Object.keys(torch.grads);
  const difference = (name: string) => engine.grads[name]!.map((x, i) => x - torch.grads[name]![i]!);
  for (const name of names) {
    expect(engine.grads[name], name).toHaveLength(torch.grads[name]!.length);
    expect(norm(torch.grads[name]!), name).toBeGreaterThan(0);
    expect(norm(difference(name)) / norm(torch.grads[name]!), name).toBeLessThanOrEqual(2e-4);
  }
  expect(norm(names.flatMap(difference)) / norm(names.flatMap((name) => torch.grads[name]!))).toBeLessThanOrEqual(1e-4);
});
