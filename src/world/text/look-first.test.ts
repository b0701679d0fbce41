import { describe, expect, it } from 'vitest';
import { sampleScenes } from '../sampler';
import { lookFirstAnswer, seenObjects } from './look-first';
import { questionsForScene } from './questions';

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

  it("says where a relation question's two objects are before its answer", () => {
    const relations = scenes.flatMap((scene) =>
      questionsForScene(scene)
        .filter((q) => q.type === 'relation')
        .map((question) => ({ scene, question })),
    );
    expect(relations.length).toBeGreaterThan(100);
    for (const { scene, question } of relations) {
      const answer = lookFirstAnswer(question, scene);
      expect(answer).toMatch(
        /^The \w+ \w+ is (at|on|in) the [\w ]+ and the \w+ \w+ is (at|on|in) the [\w ]+, so (yes|no)\.$/,
      );
    }
  });

  it('leaves the other answers as they are', () => {
    const scene = scenes[0]!;
    for (const question of questionsForScene(scene).filter((q) => q.type !== 'existence' && q.type !== 'relation')) {
      expect(lookFirstAnswer(question, scene)).toBe(question.answer);
    }
    expect(seenObjects({ ...scene, objects: scene.objects.slice(0, 1) })).toMatch(/^an? \w+ \w+$/);
  });
});
