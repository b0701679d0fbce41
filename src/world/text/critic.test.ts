import { describe, expect, it } from 'vitest';
import { kindKey } from '../kinds';
import { createRng } from '../../common/random';
import { sampleScenes } from '../sampler';
import type { Scene } from '../types';
import { buildCriticExample, criticPrompt } from './critic';
import { describeScene } from './describe';
import { ERROR_KINDS, injectError } from './errors';
import { DESCRIBE_PROMPTS } from './prompts';

const scenes = sampleScenes({ split: 'test', n: 200, seed: 8 });

const scene: Scene = {
  id: 'test-0-1',
  split: 'test',
  seed: 0,
  index: 1,
  background: { rgb: [230, 230, 230], texture: 'plain', textureSeed: 0 },
  objects: [
    { shape: 'circle', colour: 'red', size: 'large', cell: 'top left' },
    { shape: 'square', colour: 'blue', size: 'small', cell: 'right' },
  ],
};

describe('injectError', () => {
  it('object errors add one kind that is not in the scene', () => {
    const { objects, reason } = injectError(scene.objects, 'object', createRng(1));
    expect(objects).toHaveLength(3);
    const added = objects[2]!;
    expect(scene.objects.map(kindKey)).not.toContain(kindKey(added));
    expect(['top left', 'right']).not.toContain(added.cell);
    expect(reason).toContain(kindKey(added));
  });

  it('attribute errors change exactly one colour or size', () => {
    for (let seed = 0; seed < 20; seed++) {
      const { objects } = injectError(scene.objects, 'attribute', createRng(seed));
      const diffs = objects.flatMap((o, i) => {
        const before = scene.objects[i]!;
        return (['colour', 'size', 'shape', 'cell'] as const).filter((f) => o[f] !== before[f]);
      });
      expect(diffs).toHaveLength(1);
      expect(['colour', 'size']).toContain(diffs[0]);
    }
  });

  it('relation errors move objects but keep what they are', () => {
    const { objects, reason } = injectError(scene.objects, 'relation', createRng(2));
    expect(objects.map(kindKey)).toEqual(scene.objects.map(kindKey));
    expect(objects.map((o) => o.cell)).toEqual(['right', 'top left']);
    expect(reason).toBe('it swaps the positions of the red circle and the blue square');
  });

  it('always changes the description, for every kind on many scenes', () => {
    for (const s of scenes) {
      for (const kind of ERROR_KINDS) {
        const { objects } = injectError(s.objects, kind, createRng(s.index));
        expect(objects).not.toEqual(s.objects);
      }
    }
  });
});

describe('buildCriticExample', () => {
  it('pairs the ground truth with a corrupted copy and a matching target', () => {
    const example = buildCriticExample(scene, { seed: 5, errorKind: 'object' });
    const gt = describeScene(scene);
    expect(example.groundTruth).toBe(gt);
    expect(example.responses[example.better - 1]).toBe(gt);
    expect(example.responses[2 - example.better]).not.toBe(gt);
    expect(DESCRIBE_PROMPTS).toContain(example.question);
    expect(example.target).toMatch(new RegExp(`\\[\\[${example.better}\\]\\]$`));
    const worse = 3 - example.better;
    expect(example.target).toMatch(
      new RegExp(
        `^Objects: an? \\w+ \\w+ is added in response ${worse}\\. Relationships: no difference\\. Attributes: no difference\\. `,
      ),
    );
    expect(example.prompt).toBe(criticPrompt(example.question, gt, example.responses[0], example.responses[1]));
    expect(example.prompt).toContain(`Response 1: [${example.responses[0]}]`);
    expect(example.prompt).toContain(`Response 2: [${example.responses[1]}]`);
  });

  it('randomises which position holds the better response, deterministically', () => {
    const betters = scenes.map((s) => buildCriticExample(s).better);
    const ones = betters.filter((b) => b === 1).length;
    expect(ones).toBeGreaterThan(70);
    expect(ones).toBeLessThan(130);
    expect(scenes.map((s) => buildCriticExample(s).better)).toEqual(betters);
    expect(new Set(scenes.map((s) => buildCriticExample(s).errorKind))).toEqual(new Set(ERROR_KINDS));
  });

  it('can put errors in the better response too, keeping the worse one strictly worse', () => {
    const example = buildCriticExample(scene, { seed: 1, errorsInBetter: 1 });
    expect(example.responses[example.better - 1]).not.toBe(example.groundTruth);
    expect(example.responses[0]).not.toBe(example.responses[1]);
  });

  it('keeps every prompt field on one line', () => {
    expect(criticPrompt('Q\nline', 'G', 'A\n\nB', 'C').split('\n')).toEqual([
      expect.stringContaining('[[1]] or [[2]]'),
      'Question: [Q line]',
      'Ground truth: [G]',
      'Response 1: [A B]',
      'Response 2: [C]',
    ]);
  });
});
