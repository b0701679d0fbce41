// POPE (methods.md §6): per image, yes-questions about present objects and no-questions about
// absent ones; the negatives are random, popular or adversarial (co-occurring) objects.
import type { SceneStatistics } from '../world/statistics';
import type { KindKey, ObjectKind, Scene } from '../world/types';
import { ratio } from './ratio';
import { createRng, fnv1a, type Rng } from '../common/random';
import { parseYesNo } from './yes-no';

export const POPE_SPLITS = ['random', 'popular', 'adversarial'] as const;
export type PopeSplit = (typeof POPE_SPLITS)[number];

export interface PopeQuestion {
  sceneId: string;
  split: PopeSplit;
  kind: ObjectKind;
  text: string;
  answer: 'yes' | 'no';
}

export interface PopeOptions {
  split: PopeSplit;
  seed?: number;
  /** Yes-questions (and as many no-questions) per image; default 3. */
  perImage?: number;
}

export interface PopeQuestionSet {
  questions: PopeQuestion[];
  /** Scenes with fewer distinct objects than `perImage` (POPE only uses images with enough). */
  skippedSceneIds: string[];
}

const key = (k: ObjectKind): KindKey => `${k.colour} ${k.shape}`;
const kindOf = (k: KindKey): ObjectKind => {
  const [colour, shape] = k.split(' ') as [ObjectKind['colour'], ObjectKind['shape']];
  return { colour, shape };
};

export function popeQuestionText(kind: ObjectKind): string {
  const name = key(kind);
  return `Is there ${/^[aeiou]/.test(name) ? 'an' : 'a'} ${name} in the image?`;
}

/** The absent kinds to ask about, best candidates first for the split. */
function rankNegatives(
  split: PopeSplit,
  absent: KindKey[],
  present: KindKey[],
  stats: SceneStatistics,
  rng: Rng,
): KindKey[] {
  if (split === 'random') return rng.shuffle(absent);
  // Stable sorts: ties keep the statistics' canonical kind order, so the result is deterministic.
  const byFrequency = absent.slice().sort((a, b) => stats.frequency[b] - stats.frequency[a]);
  if (split === 'popular') return byFrequency;
  const coCount = (k: KindKey) => present.reduce((n, p) => n + stats.coOccurrence[p][k], 0);
  return byFrequency.sort((a, b) => coCount(b) - coCount(a));
}

/**
 * POPE questions for scenes, negatives ranked with `stats` (usually the training split's, where
 * the co-occurrence prior was learned). Deterministic in (scene ids, split, seed).
 */
export function buildPopeQuestions(
  scenes: readonly Scene[],
  stats: SceneStatistics,
  options: PopeOptions,
): PopeQuestionSet {
  const { split, seed = 0, perImage = 3 } = options;
  const allKinds = Object.keys(stats.frequency) as KindKey[];
  const questions: PopeQuestion[] = [];
  const skippedSceneIds: string[] = [];
  for (const scene of scenes) {
    const present = [...new Set(scene.objects.map(key))];
    const absent = allKinds.filter((k) => !present.includes(k));
    if (present.length < perImage || absent.length < perImage) {
      skippedSceneIds.push(scene.id);
      continue;
    }
    const rng = createRng(fnv1a(['pope', split, seed, scene.id].join('\u0000')));
    const positives = rng.shuffle(present).slice(0, perImage);
    const negatives = rankNegatives(split, absent, present, stats, rng).slice(0, perImage);
    const ask = (k: KindKey, answer: 'yes' | 'no'): PopeQuestion => ({
      sceneId: scene.id,
      split,
      kind: kindOf(k),
      text: popeQuestionText(kindOf(k)),
      answer,
    });
    questions.push(...rng.shuffle([...positives.map((k) => ask(k, 'yes')), ...negatives.map((k) => ask(k, 'no'))]));
  }
  return { questions, skippedSceneIds };
}

export interface PopeScore {
  n: number;
  truePositives: number;
  falsePositives: number;
  trueNegatives: number;
  falseNegatives: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  /** Fraction of answers parsed as "yes". */
  yesRatio: number;
}

export interface PopeAnswer {
  /** The correct answer. */
  answer: 'yes' | 'no';
  /** The model's raw text, parsed with parseYesNo. */
  response: string;
}

/** "yes" is the positive class. Ratios with an empty denominator are 0. */
export function scorePope(answers: readonly PopeAnswer[]): PopeScore {
  let tp = 0,
    fp = 0,
    tn = 0,
    fn = 0;
  for (const { answer, response } of answers) {
    const said = parseYesNo(response);
    if (said === 'yes' && answer === 'yes') tp++;
    else if (said === 'yes') fp++;
    else if (answer === 'no') tn++;
    else fn++;
  }
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  return {
    n: answers.length,
    truePositives: tp,
    falsePositives: fp,
    trueNegatives: tn,
    falseNegatives: fn,
    accuracy: ratio(tp + tn, answers.length),
    precision,
    recall,
    f1: ratio(2 * precision * recall, precision + recall),
    yesRatio: ratio(tp + fp, answers.length),
  };
}

/** Scores per split, for the splits that have answers. */
export function scorePopeBySplit(
  answers: readonly { question: PopeQuestion; response: string }[],
): Partial<Record<PopeSplit, PopeScore>> {
  const result: Partial<Record<PopeSplit, PopeScore>> = {};
  for (const split of POPE_SPLITS) {
    const mine = answers.filter((a) => a.question.split === split);
    if (mine.length) result[split] = scorePope(mine.map((a) => ({ answer: a.question.answer, response: a.response })));
  }
  return result;
}
