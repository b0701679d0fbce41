import { describe, expect, it } from 'vitest';
import {
  DESCRIBE_PROMPT,
  describeScene,
  existenceQuestionKind,
  lookFirstAnswer,
  resolveBias,
  sameKind,
  sampleScene,
  type ObjectKind,
} from '../world';
import { asksExistence, existenceQuestionFor, shapesItems } from './items';

describe('method items', () => {
  it('asks an existence question of exactly the share of any run of scenes', () => {
    const asked = (start: number, n: number, share: number) =>
      Array.from({ length: n }, (_, i) => asksExistence(start + i, share)).filter(Boolean).length;
    expect(asked(0, 300, 0)).toBe(0);
    expect(asked(0, 300, 1)).toBe(300);
    expect(asked(0, 300, 1 / 3)).toBe(100);
    expect(asked(17, 40, 0.25)).toBe(10);
  });

  it('answers each existence question with the truth, and asks about absent partners where the scene has one', () => {
    const { pairs } = resolveBias();
    let partnerQuestions = 0;
    let yes = 0;
    for (let index = 0; index < 200; index++) {
      const scene = sampleScene('pool', 1, index);
      const question = existenceQuestionFor(scene, 1);
      const kind = existenceQuestionKind(question.text)!;
      const present = (k: ObjectKind) => scene.objects.some((o) => sameKind(o, k));
      expect(question.answer).toBe(present(kind) ? 'yes' : 'no');
      if (question.answer === 'yes') yes++;
      const absentPartners = pairs.filter((p) => present(p.first) && !present(p.partner));
      if (question.answer === 'no' && absentPartners.length > 0) {
        expect(absentPartners.some((p) => sameKind(p.partner, kind))).toBe(true);
        partnerQuestions++;
      }
    }
    expect(yes).toBeGreaterThan(70);
    expect(yes).toBeLessThan(130);
    expect(partnerQuestions).toBeGreaterThan(0);
    expect(existenceQuestionFor(sampleScene('pool', 1, 5), 1)).toEqual(
      existenceQuestionFor(sampleScene('pool', 1, 5), 1),
    );
  });

  it('gives question items the look-first answer as reference, description items the true description', () => {
    const items = shapesItems('pool', 1, 4, 0, 0.5);
    expect(items.map((item) => item.prompt === DESCRIBE_PROMPT)).toEqual([true, false, true, false]);
    const scene = sampleScene('pool', 1, 1);
    expect(items[1]!.reference).toBe(lookFirstAnswer(existenceQuestionFor(scene, 1), scene));
    expect(items[0]!.reference).toBe(describeScene(sampleScene('pool', 1, 0)));
    expect(shapesItems('pool', 1, 2, 2, 0.5).map((item) => item.prompt)).toEqual(items.slice(2).map((i) => i.prompt));
  });
});
