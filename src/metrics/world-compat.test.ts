// Integration check that the metrics read exactly what the shapes world writes. Only this test
// imports world/ code; the metrics modules themselves import world/ types only.
import { describe, expect, it } from 'vitest';
import {
  CELL_PHRASES,
  DEFAULT_BIAS,
  buildCriticExample,
  describeScene,
  kindKey,
  questionsForScene,
  sampleScenes,
  sceneStatistics,
  tellingOrder,
  trainingDescription,
} from '../world';
import { chair, chairForAnswer } from './chair';
import { parseCriticVerdict } from './critic';
import { parseDescription } from './parse-description';
import { buildPopeQuestions } from './pope';
import { scoreQa } from './qa';

const test = sampleScenes({ split: 'test', n: 400, seed: 31 });
const train = sampleScenes({ split: 'train', n: 3000, seed: 31 });

describe('metrics on world text', () => {
  it('parse every ground-truth description back into the scene objects, with no unknown words', () => {
    for (const scene of [...test, ...train.slice(0, 400)]) {
      const parsed = parseDescription(describeScene(scene));
      expect(parsed.unknownWords).toEqual([]);
      expect(
        parsed.objects.map(({ shape, colour, size, cell, count, negated }) => ({
          shape,
          colour,
          size,
          cell,
          count,
          negated,
        })),
      ).toEqual(
        tellingOrder(scene.objects).map(({ shape, colour, size, cell }) => ({
          shape,
          colour,
          size,
          cell,
          count: 1,
          negated: false,
        })),
      );
    }
    const result = chair(test.map((scene) => ({ text: describeScene(scene), scene })));
    expect(result).toMatchObject({ chairI: 0, chairS: 0, attributeErrorMentions: 0, unknownWords: 0 });
  });

  it('flag exactly the phantom partners of noisy training captions as hallucinated', () => {
    const noisy = train
      .map((scene) => ({ scene, caption: trainingDescription(scene) }))
      .filter((x) => x.caption.phantoms.length);
    expect(noisy.length).toBeGreaterThan(20);
    for (const { scene, caption } of noisy) {
      const hallucinated = chairForAnswer(caption.text, scene).mentions.filter((m) => m.verdict === 'hallucinated');
      expect(hallucinated.map((m) => `${m.colour} ${m.shape}`).sort()).toEqual(caption.phantoms.map(kindKey).sort());
    }
  });

  it('see the injected error of every critic example, and read its verdict', () => {
    for (const scene of test.slice(0, 150)) {
      for (const errorKind of ['object', 'attribute', 'relation'] as const) {
        const example = buildCriticExample(scene, { errorKind });
        expect(parseCriticVerdict(example.target)).toBe(example.better);
        const better = chairForAnswer(example.responses[example.better - 1]!, scene);
        const worse = chairForAnswer(example.responses[2 - example.better]!, scene);
        expect(better.mentions.every((m) => m.verdict === 'correct')).toBe(true);
        const wrong = worse.mentions.filter((m) => m.verdict !== 'correct');
        expect(wrong.length).toBeGreaterThan(0);
        if (errorKind === 'object') expect(worse.hasHallucination).toBe(true);
        // A swap of two same-kind objects of different size may read as a size error instead.
        if (errorKind === 'relation') expect(wrong.every((m) => m.verdict === 'attribute-error')).toBe(true);
      }
    }
  });

  it('score the exact answers (and sentence answers) of generated questions as all correct', () => {
    const items = test.flatMap((scene) =>
      questionsForScene(scene).map((question) => ({ question, response: question.answer })),
    );
    expect(scoreQa(items).overall.accuracy).toBe(1);
    const sentences = items.map(({ question }) => ({
      question,
      response:
        question.type === 'position'
          ? `It is ${CELL_PHRASES[question.answer as keyof typeof CELL_PHRASES]}.`
          : `${question.answer[0]!.toUpperCase()}${question.answer.slice(1)}.`,
    }));
    const score = scoreQa(sentences);
    expect(score.overall.accuracy).toBe(1);
    expect(score.byType.relation.total).toBeGreaterThan(50);
  });

  it("choose the training prior's partner as an adversarial POPE negative", () => {
    const stats = sceneStatistics(train);
    const { first, partner } = DEFAULT_BIAS.pairs[0]!;
    const { questions } = buildPopeQuestions(sampleScenes({ split: 'test', n: 3000, seed: 32 }), stats, {
      split: 'adversarial',
    });
    const scenesWithFirst = new Set(
      questions.filter((q) => q.answer === 'yes' && kindKey(q.kind) === kindKey(first)).map((q) => q.sceneId),
    );
    const partnerAsked = new Set(
      questions.filter((q) => q.answer === 'no' && kindKey(q.kind) === kindKey(partner)).map((q) => q.sceneId),
    );
    const hits = [...scenesWithFirst].filter((id) => partnerAsked.has(id)).length;
    expect(scenesWithFirst.size).toBeGreaterThan(20);
    expect(hits / scenesWithFirst.size).toBeGreaterThan(0.9);
  });
});
