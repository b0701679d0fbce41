import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AutoProcessor, env, RawImage } from '@huggingface/transformers';
import { IMAGE_SIZE, rasterizeScene, sampleScene, type LookStyle } from '../world';
import { startEngine } from '../engine/jax-runtime';
import { expectAllClose } from '../engine/vision/engine-checks.testing';
import { buildPromptIds, buildTrainingIds, vlmImageSeqLen } from '../engine/vlm';
import { exampleFor, instructionMix, TASKS } from './instruction-mix';
import { vlmStageData } from './pretrain-run';
import { vlmExtraFiles } from './model-files';
import { pixelValuesData } from './pixels';
import { vlmConfigFor } from './recipe';
import { shapesTokenizer, trainShapesMerges, vlmTokenizerFiles } from './tokenizer';

const merges = trainShapesMerges({ maxMerges: 120, corpusScenes: 120 });

beforeAll(async () => {
  await startEngine();
});

describe('pretraining data', () => {
  it('mixes descriptions, questions and critic verdicts, the same for the same seed', () => {
    const examples = instructionMix('train', 40, 3);
    // The recipe's mix: every task but the warm-up's existence questions (share 0).
    expect(new Set(examples.map((e) => e.task))).toEqual(new Set(TASKS.filter((t) => t !== 'existence')));
    const again = instructionMix('train', 40, 3);
    expect(again.map((e) => e.turns)).toEqual(examples.map((e) => e.turns));
    expect(Buffer.from(again[7]!.image.data).equals(Buffer.from(examples[7]!.image.data))).toBe(true);
    expect(instructionMix('train', 40, 4).map((e) => e.turns)).not.toEqual(examples.map((e) => e.turns));
    for (const critic of examples.filter((e) => e.task === 'critic'))
      expect(critic.turns[0]!.answer).toMatch(/\[\[[12]\]\]$/);
    const questions = examples.filter((e) => e.task === 'question');
    for (const { turns } of questions) expect(new Set(turns.map((t) => t.prompt)).size).toBe(turns.length);
    expect(Math.max(...questions.map((e) => e.turns.length))).toBeGreaterThan(2);
  });

  it("trains the committed shapes-vlm's tokenizer: the recipe's text is the text it was trained on", () => {
    const committed = JSON.parse(readFileSync('public/models/shapes-vlm/tokenizer.json', 'utf8')).model.merges;
    expect(trainShapesMerges()).toEqual(committed);
  });

  it("makes the warm-up's examples: three existence questions on at most four objects, answered look-first", () => {
    const warmup = instructionMix('train', 30, 3, { mix: { existence: 1 } });
    for (const example of warmup) {
      expect(example.task).toBe('existence');
      expect(example.turns).toHaveLength(3);
      for (const turn of example.turns) {
        expect(turn.prompt).toMatch(/^Is there an? \w+ \w+ in the image\?$/);
        expect(turn.answer).toMatch(/^I see .+, so (yes|no)\.$/);
        expect((turn.answer.match(/\b(a|an) \w+ \w+/g) ?? []).length).toBeLessThanOrEqual(4);
      }
    }
    expect(new Set(warmup.flatMap((e) => e.turns.map((t) => t.answer.slice(-4))))).toEqual(new Set(['yes.', ' no.']));
  });

  it("answers a stage's existence questions in its look style, with the same questions and verdicts", () => {
    const spec = (lookStyle?: LookStyle) => vlmStageData({ stage: 'vlm', steps: 1, seed: 3, lookStyle }, merges).spec;
    expect(spec().lookStyle).toBe('cells');
    expect(spec('shapes').lookStyle).toBe('shapes');
    let existence = 0;
    for (let index = 0; index < 30; index++) {
      const scene = sampleScene('train', 3, index);
      const [cells, lines, shapes] = (['cells', 'lines', 'shapes'] as const).map(
        (style) => exampleFor(scene, 'question', 3, style).turns,
      );
      expect(shapes!.map((t) => t.prompt)).toEqual(cells!.map((t) => t.prompt));
      for (const [i, turn] of shapes!.entries()) {
        const asked = /^Is there an? \w+ (\w+) in the image\?$/.exec(turn.prompt)?.[1];
        // Relations are looked at by row or column as in 'lines'; counts are bare as in 'cells'.
        if (turn.prompt.startsWith('Is the ')) expect(turn.answer).toBe(lines![i]!.answer);
        else if (!asked) expect(turn.answer).toBe(cells![i]!.answer);
        else {
          existence++;
          expect(turn.answer.slice(-5)).toBe(cells![i]!.answer.slice(-5));
          for (const [, shape] of turn.answer.matchAll(/\b(?:a|an) \w+ (\w+)/g)) expect(shape).toBe(asked);
        }
      }
    }
    expect(existence).toBeGreaterThan(5);
  });

  it("builds the same input_ids and pixel_values as transformers.js's Idefics3Processor", async () => {
    const tokenizer = shapesTokenizer(merges);
    const config = vlmConfigFor(tokenizer.vocab);
    const root = mkdtempSync(join(tmpdir(), 'vlm-processor-'));
    mkdirSync(join(root, 'shapes-vlm'));
    const files = { 'config.json': config, ...vlmTokenizerFiles(tokenizer.vocab), ...vlmExtraFiles(config) };
    for (const [name, json] of Object.entries(files))
      writeFileSync(join(root, 'shapes-vlm', name), JSON.stringify(json));
    env.localModelPath = root;
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    const processor = await AutoProcessor.from_pretrained('shapes-vlm');
    const image = rasterizeScene(sampleScene('test', 1, 2));
    const rgb = new Uint8ClampedArray(IMAGE_SIZE * IMAGE_SIZE * 3).map(
      (_, k) => image.data[Math.floor(k / 3) * 4 + (k % 3)]!,
    );
    for (const prompt of ['Describe the image.', 'Is the red circle above the blue square?']) {
      const messages = [{ role: 'user', content: [{ type: 'image' }, { type: 'text', text: prompt }] }];
      const text = (
        processor as unknown as { apply_chat_template(m: unknown, o: unknown): string }
      ).apply_chat_template(messages, {
        add_generation_prompt: true,
      });
      const inputs = await (
        processor as unknown as (
          t: string,
          i: RawImage[],
        ) => Promise<Record<string, { data: ArrayLike<unknown>; dims: number[] }>>
      )(text, [new RawImage(rgb, IMAGE_SIZE, IMAGE_SIZE, 3)]);
      const ids = Array.from(inputs.input_ids!.data as BigInt64Array, Number);
      expect(ids).toEqual(buildPromptIds(tokenizer.encode, prompt, vlmImageSeqLen(config)));
      expect(inputs.pixel_values!.dims.slice(-3)).toEqual([3, IMAGE_SIZE, IMAGE_SIZE]);
      expectAllClose(
        Array.from(inputs.pixel_values!.data as Float32Array),
        Array.from(pixelValuesData([image], IMAGE_SIZE)),
        1e-6,
      );
    }
    // A conversation: the training ids up to the second "Assistant:" are what the template writes.
    const turns = [
      { prompt: 'Where is the red circle?', answer: 'top left' },
      { prompt: 'How many objects are there?', answer: '2' },
    ];
    const messages = [
      { role: 'user', content: [{ type: 'image' }, { type: 'text', text: turns[0]!.prompt }] },
      { role: 'assistant', content: [{ type: 'text', text: turns[0]!.answer }] },
      { role: 'user', content: [{ type: 'text', text: turns[1]!.prompt }] },
    ];
    const text = (processor as unknown as { apply_chat_template(m: unknown, o: unknown): string }).apply_chat_template(
      messages,
      {
        add_generation_prompt: true,
      },
    );
    const inputs = await (
      processor as unknown as (t: string, i: RawImage[]) => Promise<Record<string, { data: ArrayLike<unknown> }>>
    )(text, [new RawImage(rgb, IMAGE_SIZE, IMAGE_SIZE, 3)]);
    const ids = Array.from(inputs.input_ids!.data as BigInt64Array, Number);
    const training = buildTrainingIds(tokenizer.encode, turns, vlmImageSeqLen(config));
    expect(training.ids.slice(0, ids.length)).toEqual(ids);
    const answerIds = tokenizer.encode(` ${turns[1]!.answer}<end_of_utterance>`);
    expect(training.ids.slice(ids.length)).toEqual(answerIds);
    expect(training.lossMask.filter((m) => m === 1).length).toBe(
      tokenizer.encode(` ${turns[0]!.answer}<end_of_utterance>`).length + answerIds.length,
    );
  });
});
