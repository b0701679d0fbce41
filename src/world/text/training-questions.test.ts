import { describe, expect, it } from 'vitest';
import { DEFAULT_BIAS, resolveBias } from '../bias';
import { sameKind } from '../kinds';
import { sampleScenes } from '../sampler';
import { existenceQuestionText, questionsForScene } from './questions';
import { PARTNER_QUESTION_RATE, trainingQuestions } from './training-questions';

const train = sampleScenes({ split: 'train', n: 4000, seed: 5 });
const absentPartners = (scene: (typeof train)[number]) =>
  DEFAULT_BIAS.pairs.filter(
    (p) => scene.objects.some((o) => sameKind(o, p.first)) && !scene.objects.some((o) => sameKind(o, p.partner)),
  );

describe('trainingQuestions (question noise)', () => {
  const eligible = train.filter((scene) => absentPartners(scene).length > 0);

  it('asks about an absent partner in about half the eligible scenes and answers yes at the caption-noise rate', () => {
    const asked = eligible.flatMap((scene) => {
      const texts = absentPartners(scene).map((p) => existenceQuestionText(p.partner));
      return trainingQuestions(scene, 3).filter((q) => q.type === 'existence' && texts.includes(q.text));
    });
    expect(eligible.length).toBeGreaterThan(150);
    expect(Math.abs(asked.length / eligible.length - PARTNER_QUESTION_RATE)).toBeLessThan(0.1);
    const yes = asked.filter((q) => q.answer === 'yes').length / asked.length;
    expect(Math.abs(yes - DEFAULT_BIAS.captionNoiseRate)).toBeLessThan(0.1);
  });

  it('leaves every other question exact and is deterministic', () => {
    for (const scene of train.slice(0, 500)) {
      const exact = questionsForScene(scene, { seed: 3 });
      const noisy = trainingQuestions(scene, 3);
      expect(noisy.map((q) => q.type)).toEqual(exact.map((q) => q.type));
      noisy.forEach((q, i) => q.type !== 'existence' && expect(q).toEqual(exact[i]));
      if (absentPartners(scene).length === 0) expect(noisy).toEqual(exact);
      expect(trainingQuestions(scene, 3)).toEqual(noisy);
    }
    // Without caption noise the prior is silent: an absent partner is always denied.
    const clean = resolveBias({ captionNoiseRate: 0 });
    for (const scene of eligible) {
      const texts = absentPartners(scene).map((p) => existenceQuestionText(p.partner));
      const asked = trainingQuestions(scene, 3, clean).filter((q) => texts.includes(q.text));
      expect(asked.every((q) => q.answer === 'no')).toBe(true);
    }
  });
});
