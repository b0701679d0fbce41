// SIMA's critic task in compact form: which of two responses matches the ground truth better.
import { rngFor } from '../../common/random';
import type { Scene, SceneObject } from '../types';
import { describeObjects, describeScene } from './describe';
import { ERROR_KINDS, injectError, type ErrorKind } from './errors';
import { pickDescribePrompt } from './prompts';

export interface CriticExample {
  sceneId: string;
  question: string;
  groundTruth: string;
  responses: [string, string];
  /** Which response is better (1-based, as in the verdict `[[n]]`). */
  better: 1 | 2;
  /** The error that only the worse response has. */
  errorKind: ErrorKind;
  /** The full critic prompt (user turn, without chat template). */
  prompt: string;
  /** The expected critic answer: a finding per criterion, then the verdict. */
  target: string;
}

export interface CriticOptions {
  seed?: number;
  /** The error that makes the worse response worse (default: seeded choice). */
  errorKind?: ErrorKind;
  /**
   * Errors already in the better response (default 0). The worse response has these plus one more,
   * so the verdict stays unambiguous while the better response need not be a copy of the ground truth.
   */
  errorsInBetter?: number;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

export function criticPrompt(question: string, groundTruth: string, response1: string, response2: string): string {
  return [
    'Compare two AI generated responses about the image with the ground truth. Judge the accuracy of ' +
      'objects (none missing or invented), relationships (positions) and attributes (colour, size). ' +
      'Compare them on objects, relationships and attributes, then give the better response as [[1]] or [[2]].',
    `Question: [${oneLine(question)}]`,
    `Ground truth: [${oneLine(groundTruth)}]`,
    `Response 1: [${oneLine(response1)}]`,
    `Response 2: [${oneLine(response2)}]`,
  ].join('\n');
}

const CRITERIA: readonly { kind: ErrorKind; label: string }[] = [
  { kind: 'object', label: 'Objects' },
  { kind: 'relation', label: 'Relationships' },
  { kind: 'attribute', label: 'Attributes' },
];

/**
 * The critic's answer: each criterion's finding, then the verdict. The worse response's error is
 * stated before its number ("a green star is added in response 2"), and the verdict comes last, so
 * the decision follows from the finding instead of being one token guessed at the start.
 */
export function criticTarget(better: 1 | 2, errorKind: ErrorKind, finding: string): string {
  const worse = better === 1 ? 2 : 1;
  const lines = CRITERIA.map(
    ({ kind, label }) => `${label}: ${kind === errorKind ? `${finding} in response ${worse}` : 'no difference'}.`,
  );
  return `${lines.join(' ')} The better response: [[${better}]]`;
}

export function buildCriticExample(scene: Scene, options: CriticOptions = {}): CriticExample {
  const { seed = 0, errorsInBetter = 0 } = options;
  const rng = rngFor('critic', scene.id, seed);
  const question = pickDescribePrompt(rng);
  let betterObjects: SceneObject[] = scene.objects;
  for (let i = 0; i < errorsInBetter; i++) {
    betterObjects = injectError(betterObjects, rng.pick(ERROR_KINDS), rng).objects;
  }
  const errorKind = options.errorKind ?? rng.pick(ERROR_KINDS);
  const injected = injectError(betterObjects, errorKind, rng);
  const betterText = describeObjects(betterObjects);
  const worseText = describeObjects(injected.objects);
  const better: 1 | 2 = rng.chance(0.5) ? 1 : 2;
  const responses: [string, string] = better === 1 ? [betterText, worseText] : [worseText, betterText];
  const groundTruth = describeScene(scene);
  return {
    sceneId: scene.id,
    question,
    groundTruth,
    responses,
    better,
    errorKind,
    prompt: criticPrompt(question, groundTruth, responses[0], responses[1]),
    target: criticTarget(better, errorKind, injected.finding),
  };
}
