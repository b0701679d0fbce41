import { describe, expect, it } from 'vitest';
import type { Scene } from '../world/types';
import { chair, chairForAnswer } from './chair';

const scene: Scene = {
  id: 'test-0-0',
  split: 'test',
  seed: 0,
  index: 0,
  background: { rgb: [230, 230, 230], texture: 'plain', textureSeed: 0 },
  objects: [
    { shape: 'circle', colour: 'red', size: 'large', cell: 'top left' },
    { shape: 'square', colour: 'blue', size: 'small', cell: 'right' },
  ],
};

const correct = 'A large red circle at the top left. A small blue square on the right.';
const twoPhantoms = 'A large red circle at the top left. A green star in the center. A green star at the bottom.';
const wrongAttributes = 'A small red circle at the bottom.';

describe('chairForAnswer', () => {
  it('finds no hallucination in a correct description', () => {
    const detail = chairForAnswer(correct, scene);
    expect(detail.mentions.map((m) => m.verdict)).toEqual(['correct', 'correct']);
    expect(detail.hasHallucination).toBe(false);
    expect(detail.hallucinatedCount).toBe(0);
  });

  it('marks hallucinated objects with spans a UI can highlight', () => {
    const detail = chairForAnswer(twoPhantoms, scene);
    expect(detail.mentions.map((m) => m.verdict)).toEqual(['correct', 'hallucinated', 'hallucinated']);
    const spans = detail.mentions
      .filter((m) => m.verdict === 'hallucinated')
      .map((m) => twoPhantoms.slice(m.start, m.end));
    expect(spans).toEqual(['A green star', 'A green star']);
    expect(detail.mentions[1]!.start).toBe(36);
  });

  it('counts wrong size or cell of a present object as attribute errors, not hallucinations', () => {
    const detail = chairForAnswer(wrongAttributes, scene);
    expect(detail.mentions).toHaveLength(1);
    expect(detail.mentions[0]!.verdict).toBe('attribute-error');
    expect(detail.mentions[0]!.attributeErrors).toEqual(['size', 'cell']);
    expect(detail.hasHallucination).toBe(false);
    expect(chairForAnswer('Two red circles.', scene).mentions[0]!.attributeErrors).toEqual(['count']);
  });

  it('judges the colour+shape: a wrong colour is a hallucinated object', () => {
    expect(chairForAnswer('A large blue circle at the top left.', scene).mentions[0]!.verdict).toBe('hallucinated');
    // No colour given: any circle will do.
    expect(chairForAnswer('A circle at the top left.', scene).mentions[0]!.verdict).toBe('correct');
  });

  it('does not count denied objects as mentions', () => {
    const detail = chairForAnswer('A red circle. There is no green star.', scene);
    expect(detail.mentions).toHaveLength(1);
    expect(detail.hasHallucination).toBe(false);
  });
});

describe('chair', () => {
  it('computes CHAIR_i and CHAIR_s by hand-checked counts', () => {
    const answers = [correct, twoPhantoms, wrongAttributes].map((text) => ({ text, scene }));
    const result = chair(answers);
    // mentions 2 + 3 + 1 = 6, hallucinated 0 + 2 + 0 = 2; responses with ≥ 1: 1 of 3.
    expect(result.mentions).toBe(6);
    expect(result.hallucinatedMentions).toBe(2);
    expect(result.chairI).toBeCloseTo(2 / 6);
    expect(result.chairS).toBeCloseTo(1 / 3);
    expect(result.responsesWithHallucination).toBe(1);
    // 4 mentions of present objects, one of them with attribute errors.
    expect(result.attributeErrorMentions).toBe(1);
    expect(result.attributeErrorRate).toBeCloseTo(1 / 4);
    expect(result.details).toHaveLength(3);
  });

  it('offers the SIMA variant that counts a repeated hallucinated object once per response', () => {
    const result = chair([{ text: twoPhantoms, scene }], { countEachHallucinationOncePerResponse: true });
    expect(result.hallucinatedMentions).toBe(1);
    expect(result.chairI).toBeCloseTo(1 / 3);
    expect(result.chairS).toBe(1);
  });

  it('returns zeros, not NaN, for no answers or no mentions', () => {
    expect(chair([])).toMatchObject({ chairI: 0, chairS: 0, responses: 0 });
    expect(chair([{ text: 'Nothing to see here.', scene }])).toMatchObject({
      chairI: 0,
      chairS: 0,
      responses: 1,
      mentions: 0,
    });
  });
});
