import { describe, expect, it } from 'vitest';
import { ALL_KINDS, kindKey } from '../kinds';
import { sampleScenes } from '../sampler';
import { CELLS, COLOURS, SHAPES, type Question, type Scene } from '../types';
import { CELL_PHRASES } from './describe';
import { RELATIONS, cellsRelate, existenceQuestionKind, existenceQuestionText, questionsForScene } from './questions';

const scene: Scene = {
  id: 'test-0-7',
  split: 'test',
  seed: 0,
  index: 7,
  background: { rgb: [230, 230, 230], texture: 'plain', textureSeed: 0 },
  objects: [
    { shape: 'circle', colour: 'red', size: 'large', cell: 'top left' },
    { shape: 'circle', colour: 'green', size: 'small', cell: 'top right' },
    { shape: 'square', colour: 'blue', size: 'small', cell: 'bottom' },
  ],
};

/** Recomputes the answer from the question text and the scene, independently of the generator. */
function expectedAnswer(q: Question, s: Scene): string {
  const objects = s.objects;
  const findKind = (phrase: string) => objects.filter((o) => kindKey(o) === phrase);
  let m: RegExpMatchArray | null;
  if ((m = q.text.match(/^Is there an? (\w+ \w+) in the image\?$/))) return findKind(m[1]!).length ? 'yes' : 'no';
  if ((m = q.text.match(/^What colour is the (\w+)(?: (.+))?\?$/))) {
    const candidates = objects.filter((o) => o.shape === m![1] && (!m![2] || CELL_PHRASES[o.cell] === m![2]));
    expect(candidates).toHaveLength(1);
    return candidates[0]!.colour;
  }
  if (q.text === 'How many objects are there?') return String(objects.length);
  if ((m = q.text.match(/^How many (\w+) objects are there\?$/)))
    return String(objects.filter((o) => o.colour === m![1]).length);
  if ((m = q.text.match(/^How many (\w+) are there\?$/))) {
    const shape = SHAPES.find((sh) => m![1] === `${sh}s` || m![1] === `${sh}es`);
    return String(objects.filter((o) => o.shape === shape).length);
  }
  if ((m = q.text.match(/^Where is the (\w+ \w+)\?$/))) return findKind(m[1]!)[0]!.cell;
  if ((m = q.text.match(/^Is the (\w+ \w+) (left of|right of|above|below) the (\w+ \w+)\?$/))) {
    const [a] = findKind(m[1]!);
    const [b] = findKind(m[3]!);
    return cellsRelate(a!.cell, m[2] as (typeof RELATIONS)[number], b!.cell) ? 'yes' : 'no';
  }
  throw new Error(`Unrecognised question: ${q.text}`);
}

describe('questionsForScene', () => {
  it('asks one question of each type with the exact answer', () => {
    const questions = questionsForScene(scene, { seed: 3 });
    expect(questions.map((q) => q.type)).toEqual(['existence', 'colour', 'count', 'position', 'relation']);
    for (const q of questions) expect(q.answer).toBe(expectedAnswer(q, scene));
  });

  it('needs the shape plus cell when the shape alone is ambiguous', () => {
    const texts = new Set<string>();
    for (let seed = 0; seed < 40; seed++) texts.add(questionsForScene(scene, { seed, types: ['colour'] })[0]!.text);
    expect(texts).toContain('What colour is the circle at the top left?');
    expect(texts).toContain('What colour is the square?');
    expect(texts).not.toContain('What colour is the circle?');
  });

  it('answers correctly on many random scenes, with both yes and no answers', () => {
    const answers = new Map<string, Set<string>>();
    for (const s of sampleScenes({ split: 'test', n: 300, seed: 4 })) {
      for (const q of questionsForScene(s)) {
        expect(q.answer).toBe(expectedAnswer(q, s));
        if (!answers.has(q.type)) answers.set(q.type, new Set());
        answers.get(q.type)!.add(q.answer);
      }
    }
    expect([...answers.get('existence')!].sort()).toEqual(['no', 'yes']);
    expect([...answers.get('relation')!].sort()).toEqual(['no', 'yes']);
    expect(answers.get('count')).toContain('0');
    for (const answer of answers.get('colour')!) expect(COLOURS).toContain(answer);
    for (const answer of answers.get('position')!) expect(CELLS).toContain(answer);
  });

  it('skips position and relation when no object is uniquely named', () => {
    const twins: Scene = {
      ...scene,
      objects: [
        { shape: 'star', colour: 'red', size: 'large', cell: 'top' },
        { shape: 'star', colour: 'red', size: 'small', cell: 'bottom' },
      ],
    };
    expect(questionsForScene(twins).map((q) => q.type)).toEqual(['existence', 'colour', 'count']);
  });

  it('is deterministic in scene and seed', () => {
    expect(questionsForScene(scene, { seed: 1 })).toEqual(questionsForScene(scene, { seed: 1 }));
    const variants = new Set(
      Array.from({ length: 10 }, (_, seed) => JSON.stringify(questionsForScene(scene, { seed }))),
    );
    expect(variants.size).toBeGreaterThan(1);
  });

  it('uses strict grid relations and correct articles', () => {
    expect(cellsRelate('top left', 'left of', 'bottom')).toBe(true);
    expect(cellsRelate('top', 'left of', 'bottom')).toBe(false);
    expect(cellsRelate('top', 'above', 'center')).toBe(true);
    expect(cellsRelate('bottom right', 'below', 'right')).toBe(true);
    expect(existenceQuestionText({ colour: 'orange', shape: 'star' })).toBe('Is there an orange star in the image?');
  });

  it('reads the kind back from an existence question, and nothing from other text', () => {
    for (const kind of ALL_KINDS) expect(existenceQuestionKind(existenceQuestionText(kind))).toEqual(kind);
    expect(existenceQuestionKind('Is there a pink circle in the image?')).toBeUndefined();
    expect(existenceQuestionKind('How many circles are there?')).toBeUndefined();
  });
});
