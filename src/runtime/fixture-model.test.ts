// The tiny random SmolVLM fixture (scripts/make-fixture-model.ts) loads through transformers.js
// exactly like a Hub model, generates, and re-scores consistently; its generator is deterministic.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AutoModelForVision2Seq,
  AutoProcessor,
  env,
  LogitsProcessor,
  random,
  RawImage,
  Tensor,
} from '@huggingface/transformers';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const modelsDir = join(repoRoot, 'public', 'models');
const modelId = 'tiny-random-smolvlm';
const committedDir = join(modelsDir, modelId);

// Loosely typed handles: the fixture is driven the way the app drives a Hub model.
type AnyProcessor = Awaited<ReturnType<typeof AutoProcessor.from_pretrained>> & Record<string, any>;
type AnyModel = Awaited<ReturnType<typeof AutoModelForVision2Seq.from_pretrained>> & Record<string, any>;

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((path) => statSync(join(dir, path)).isFile())
    .map((path) => relative(dir, join(dir, path)))
    .sort();
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** A 48×40 RGBA test pattern; `shift` changes its colours. */
function testImage(shift = 0): RawImage {
  const width = 48;
  const height = 40;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      data[i] = (x * 5 + shift) % 256;
      data[i + 1] = (y * 6 + 2 * shift) % 256;
      data[i + 2] = x < width / 2 ? 200 : 30;
      data[i + 3] = 255;
    }
  }
  return new RawImage(data, width, height, 4);
}

function logSoftmax(row: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < row.length; i++) max = Math.max(max, row[i]);
  let sum = 0;
  for (let i = 0; i < row.length; i++) sum += Math.exp(row[i] - max);
  const logZ = max + Math.log(sum);
  return Float64Array.from(row, (v) => v - logZ);
}

function argmax(row: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}

/** Records the log-softmax of the logits at every generation step, leaving the logits unchanged. */
class CaptureLogProbs extends LogitsProcessor {
  steps: Float64Array[] = [];
  _call(_inputIds: bigint[][], logits: Tensor): Tensor {
    this.steps.push(logSoftmax(logits.data as Float32Array));
    return logits;
  }
}

async function loadModel(dtype: 'fp32' | 'q8' | 'q4', localModelPath = modelsDir): Promise<AnyModel> {
  const previous = env.localModelPath;
  env.localModelPath = `${localModelPath}/`;
  try {
    return (await AutoModelForVision2Seq.from_pretrained(modelId, { device: 'cpu', dtype })) as AnyModel;
  } finally {
    env.localModelPath = previous;
  }
}

const prompt = [{ role: 'user', content: [{ type: 'image' }, { type: 'text', text: 'Describe the image.' }] }];

describe('tiny random SmolVLM fixture', () => {
  let processor: AnyProcessor;
  let model: AnyModel;
  let text: string;
  let generatedDir: string;

  beforeAll(async () => {
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.useFSCache = false;
    env.localModelPath = `${modelsDir}/`;
    processor = (await AutoProcessor.from_pretrained(modelId)) as AnyProcessor;
    model = await loadModel('fp32');
    text = processor.apply_chat_template(prompt, { add_generation_prompt: true }) as string;

    generatedDir = mkdtempSync(join(tmpdir(), 'fixture-model-'));
    const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');
    execFileSync(tsx, [join(repoRoot, 'scripts', 'make-fixture-model.ts'), generatedDir], { stdio: 'pipe' });
  });

  afterAll(() => {
    if (generatedDir) rmSync(generatedDir, { recursive: true, force: true });
  });

  it('formats prompts with the SmolVLM chat template and splits a 48×40 image into 2×2 tiles + global', async () => {
    expect(text).toBe('<|im_start|>User:<image>Describe the image.<end_of_utterance>\nAssistant:');
    const inputs = await processor(text, [testImage()]);
    expect(inputs.pixel_values.dims).toEqual([1, 5, 3, 32, 32]);
    expect(inputs.pixel_attention_mask.dims).toEqual([1, 5, 32, 32]);
    const ids: number[] = inputs.input_ids.tolist()[0].map(Number);
    const imageTokenId = (model.config as unknown as { image_token_id: number }).image_token_id;
    expect(ids.filter((id) => id === imageTokenId)).toHaveLength(5 * 4);
    const tokenizer = processor.tokenizer!;
    const decoded = tokenizer.decode(ids);
    expect(decoded).toContain('<row_2_col_2><image><image><image><image>');
    expect(decoded).toContain('<global-img>');
    expect(tokenizer.decode(tokenizer.encode(' the image.'))).toBe(' the image.');
  });

  it('greedy generation matches the argmax and log-probs of one teacher-forced forward pass', async () => {
    const inputs = await processor(text, [testImage()]);
    const promptLength: number = inputs.input_ids.dims[1];
    const capture = new CaptureLogProbs();
    const output = await model.generate({
      ...inputs,
      do_sample: false,
      max_new_tokens: 8,
      logits_processor: [capture],
    });
    const sequence: number[] = (output as Tensor).tolist()[0].map(Number);
    const generated = sequence.slice(promptLength);
    expect(generated.length).toBeGreaterThan(0);
    expect(capture.steps).toHaveLength(generated.length);

    const length = sequence.length;
    const { logits } = await model({
      ...inputs,
      input_ids: new Tensor('int64', BigInt64Array.from(sequence, BigInt), [1, length]),
      attention_mask: new Tensor('int64', new BigInt64Array(length).fill(1n), [1, length]),
    });
    const vocabSize: number = logits.dims[2];
    expect(logits.dims).toEqual([1, length, vocabSize]);
    const data = logits.data as Float32Array;
    generated.forEach((token, step) => {
      const position = promptLength - 1 + step;
      const row = data.subarray(position * vocabSize, (position + 1) * vocabSize);
      expect(argmax(row)).toBe(token);
      const forward = logSoftmax(row);
      for (let v = 0; v < vocabSize; v++) expect(Math.abs(forward[v] - capture.steps[step][v])).toBeLessThan(1e-4);
    });
  });

  it('answers depend on the image', async () => {
    const lastLogits = async (image: RawImage) => {
      const inputs = await processor(text, [image]);
      const { logits } = await model(inputs);
      const [, length, vocabSize] = logits.dims;
      return Array.from((logits.data as Float32Array).subarray((length - 1) * vocabSize, length * vocabSize));
    };
    const a = await lastLogits(testImage(0));
    const b = await lastLogits(testImage(97));
    const maxDiff = Math.max(...a.map((v, i) => Math.abs(v - b[i])));
    expect(maxDiff).toBeGreaterThan(1e-3);
  });

  it('sampling at temperature 1 gives varied answers', async () => {
    const inputs = await processor(text, [testImage()]);
    random.seed(7);
    const answers = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const output = await model.generate({ ...inputs, do_sample: true, top_k: 0, temperature: 1, max_new_tokens: 8 });
      answers.add(JSON.stringify((output as Tensor).tolist()[0].map(Number)));
    }
    expect(answers.size).toBeGreaterThan(1);
  });

  it('regenerating writes byte-identical files', () => {
    const committed = listFiles(committedDir);
    expect(listFiles(generatedDir)).toEqual(committed);
    for (const path of committed) expect(sha256(join(generatedDir, path)), path).toBe(sha256(join(committedDir, path)));
    const total = committed.reduce((sum, path) => sum + statSync(join(committedDir, path)).size, 0);
    expect(total).toBeLessThan(1024 * 1024);
  });

  it.each([
    ['q8', '_quantized'],
    ['q4', '_q4'],
  ] as const)('dtype %s loads the %s files', async (dtype, suffix) => {
    // Keep only this dtype's ONNX files, so the load succeeds only if the loader picks them.
    const dir = mkdtempSync(join(tmpdir(), `fixture-${dtype}-`));
    try {
      cpSync(generatedDir, join(dir, modelId), { recursive: true });
      for (const file of readdirSync(join(dir, modelId, 'onnx'))) {
        if (!file.endsWith(`${suffix}.onnx`)) rmSync(join(dir, modelId, 'onnx', file));
      }
      const variant = await loadModel(dtype, dir);
      const inputs = await processor(text, [testImage()]);
      const [ours, theirs] = [await model(inputs), await variant(inputs)];
      expect(Array.from(theirs.logits.data as Float32Array)).toEqual(Array.from(ours.logits.data as Float32Array));
      await variant.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
