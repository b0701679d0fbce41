import { describe, expect, it } from 'vitest';
import { sampleScenes } from '../sampler';
import { LOOK_STYLES, lookFirstAnswer, seenObjects } from './look-first';
import { questionsForScene } from './questions';
import type { Scene, SceneObject } from '../types';

const scenes = sampleScenes({ split: 'train', n: 400, seed: 9 });

describe('lookFirstAnswer', () => {
  it('names every object before an existence answer', () => {
    for (const scene of scenes) {
      for (const question of questionsForScene(scene).filter((q) => q.type === 'existence')) {
        const answer = lookFirstAnswer(question, scene);
        expect(answer).toBe(`I see ${seenObjects(scene)}, so ${question.answer}.`);
        for (const o of scene.objects) expect(answer).toContain(`${o.colour} ${o.shape}`);
      }
    }
  });

  it("says where a relation question's two objects are before its answer: their cells, or their rows or columns", () => {
    const relations = scenes.flatMap((scene) =>
      questionsForScene(scene)
        .filter((q) => q.type === 'relation')
        .map((question) => ({ scene, question })),
    );
    expect(relations.length).toBeGreaterThan(100);
    for (const { scene, question } of relations) {
      expect(lookFirstAnswer(question, scene)).toMatch(
        new RegExp(
          `^The \\w+ \\w+ is (at|on|in) the [\\w ]+ and the \\w+ \\w+ is (at|on|in) the [\\w ]+, so ${question.answer}\\.$`,
        ),
      );
      const answer = lookFirstAnswer(question, scene, 'lines');
      const line = /above|below/.test(question.text) ? '(top|middle|bottom) row' : '(left|middle|right) column';
      expect(answer).toMatch(
        new RegExp(`^The \\w+ \\w+ is in the ${line} and the \\w+ \\w+ is in the ${line}, so ${question.answer}\\.$`),
      );
    }
    const scene: Scene = { ...scenes[0]!, objects: [] };
    const above = { type: 'relation' as const, text: 'Is the red star above the blue circle?', answer: 'yes' };
    const placed = (cell: SceneObject['cell'], colour: SceneObject['colour'], shape: SceneObject['shape']) =>
      ({ cell, colour, shape, size: 'small' }) as SceneObject;
    scene.objects = [placed('top right', 'red', 'star'), placed('left', 'blue', 'circle')];
    expect(lookFirstAnswer(above, scene, 'lines')).toBe(
      'The red star is in the top row and the blue circle is in the middle row, so yes.',
    );
    expect(lookFirstAnswer(above, scene, 'cells')).toBe(
      'The red star is at the top right and the blue circle is on the left, so yes.',
    );
  });

  it("lists the objects a colour or shape count counts before the number ('lines'), and answers it bare ('cells')", () => {
    const counts = scenes.flatMap((scene) =>
      questionsForScene(scene)
        .filter((q) => q.type === 'count' && q.text !== 'How many objects are there?')
        .map((question) => ({ scene, question })),
    );
    expect(counts.length).toBeGreaterThan(100);
    for (const { scene, question } of counts) {
      expect(lookFirstAnswer(question, scene, 'cells')).toBe(question.answer);
      const answer = lookFirstAnswer(question, scene, 'lines');
      expect(answer.endsWith(`, so ${question.answer}.`)).toBe(true);
      const listed = answer.match(/\b(a|an) \w+ \w+/g) ?? [];
      expect(listed.length).toBe(Number(question.answer));
      if (question.answer === '0') expect(answer).toMatch(/^I see no \w+, so 0\.$/);
      const [, colour] = /^How many (\w+) objects/.exec(question.text) ?? [];
      if (colour) for (const item of listed) expect(item.split(' ')[1]).toBe(colour);
    }
  });

  it("lists only the asked shape's objects before an existence answer ('shapes'), the prior's phantom among them", () => {
    const placed = (colour: SceneObject['colour'], shape: SceneObject['shape']) =>
      ({ cell: 'center', colour, shape, size: 'small' }) as SceneObject;
    const scene: Scene = {
      ...scenes[0]!,
      objects: [placed('red', 'circle'), placed('blue', 'star'), placed('green', 'circle')],
    };
    const ask = (text: string, answer: string) => lookFirstAnswer({ type: 'existence', text, answer }, scene, 'shapes');
    expect(ask('Is there a blue circle in the image?', 'no')).toBe('I see a red circle and a green circle, so no.');
    expect(ask('Is there a blue star in the image?', 'yes')).toBe('I see a blue star, so yes.');
    expect(ask('Is there a red square in the image?', 'no')).toBe('I see no squares, so no.');
    // trainingQuestions' noisy "yes" about an absent partner: the look sees it as the prior does.
    expect(ask('Is there an orange star in the image?', 'yes')).toBe('I see a blue star and an orange star, so yes.');
    for (const scene of scenes) {
      for (const question of questionsForScene(scene).filter((q) => q.type === 'existence')) {
        const [, colour, shape] = /^Is there an? (\w+) (\w+) in/.exec(question.text)!;
        const listed = lookFirstAnswer(question, scene, 'shapes').match(/\b(a|an) \w+ \w+/g) ?? ([] as string[]);
        expect(listed.length).toBe(scene.objects.filter((o) => o.shape === shape).length);
        expect(listed.includes(`${/^[aeiou]/.test(colour!) ? 'an' : 'a'} ${colour} ${shape}`)).toBe(
          question.answer === 'yes',
        );
      }
    }
  });

  it('leaves the other answers as they are', () => {
    const scene = scenes[0]!;
    const others = questionsForScene(scene).filter((q) => q.type === 'colour' || q.type === 'position');
    others.push({ type: 'count', text: 'How many objects are there?', answer: String(scene.objects.length) });
    for (const question of others) {
      for (const style of LOOK_STYLES) expect(lookFirstAnswer(question, scene, style)).toBe(question.answer);
    }
    expect(seenObjects({ ...scene, objects: scene.objects.slice(0, 1) })).toMatch(/^an? \w+ \w+$/);
  });
});
