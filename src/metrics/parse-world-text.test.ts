// The world's own texts (what shapes-vlm is trained to write) must parse exactly as they did before
// the parser learnt negation scope, pronouns and modifier scope: every sentence is one object, with
// its span, and nothing else. This test passed unchanged against the earlier parser, so on these
// texts the two give the same objects, and CHAIR's figures on such answers do not move.
import { describe, expect, it } from 'vitest';
import {
  ERROR_KINDS,
  describeObjects,
  describeScene,
  tellingOrder,
  injectError,
  objectSentence,
  rngFor,
  sampleScenes,
  trainingDescription,
  type Scene,
  type SceneObject,
} from '../world';
import { chair } from './chair';
import { parseDescription, type ClaimedObject } from './parse-description';

/** What the parser read from describeObjects(objects): one object per sentence, spanning "A large red circle". */
function expectedClaims(objects: readonly SceneObject[]): ClaimedObject[] {
  let offset = 0;
  return tellingOrder(objects).map((object) => {
    const sentence = objectSentence(object);
    const text = sentence.slice(0, `a ${object.size} ${object.colour} ${object.shape}`.length);
    const claim: ClaimedObject = {
      shape: object.shape,
      colour: object.colour,
      size: object.size,
      cell: object.cell,
      count: 1,
      negated: false,
      text,
      start: offset,
      end: offset + text.length,
    };
    offset += sentence.length + 1;
    return claim;
  });
}

function expectExactParse(objects: readonly SceneObject[]) {
  const text = describeObjects(objects);
  expect(parseDescription(text), text).toEqual({ objects: expectedClaims(objects), unknownWords: [] });
}

const test = sampleScenes({ split: 'test', n: 300, seed: 1234 });
const train = sampleScenes({ split: 'train', n: 2000, seed: 7 });

describe("the world's own texts parse exactly", () => {
  it('ground-truth descriptions of test and train scenes', () => {
    for (const scene of [...test, ...train.slice(0, 300)]) expectExactParse(scene.objects);
  });

  it('noisy training captions, phantom partners included', () => {
    let noisy = 0;
    for (const scene of train) {
      const caption = trainingDescription(scene);
      expect(caption.text).toBe(describeObjects([...scene.objects, ...caption.phantoms]));
      expectExactParse([...scene.objects, ...caption.phantoms]);
      if (caption.phantoms.length) noisy++;
    }
    expect(noisy).toBeGreaterThan(20);
  });

  it('descriptions with one or two injected errors, as in critic examples', () => {
    for (const scene of test) {
      for (const kind of ERROR_KINDS) {
        const rng = rngFor('parse-world-text', scene.id, kind);
        const once = injectError(scene.objects, kind, rng).objects;
        expectExactParse(once);
        expectExactParse(injectError(once, kind, rng).objects);
      }
    }
  });

  it('give the same CHAIR figures whether read literally or negation-aware', () => {
    const answers = (scenes: readonly Scene[]) =>
      scenes.map((scene) => ({ text: trainingDescription(scene).text, scene }));
    const { details: _literalDetails, ...literal } = chair(answers(train), { mode: 'literal' });
    const { details: _awareDetails, ...aware } = chair(answers(train));
    expect(aware).toEqual(literal);
    expect(aware.hallucinatedMentions).toBeGreaterThan(20);
    expect(chair(test.map((scene) => ({ text: describeScene(scene), scene })))).toMatchObject({ chairI: 0, chairS: 0 });
  });
});
