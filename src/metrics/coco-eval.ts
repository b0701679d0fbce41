// CHAIR and POPE on user images annotated with COCO-80 objects (methods.md §6): the ground truth of
// an image is the list of COCO category names present in it. Pure functions; the shapes-world
// versions are chair.ts and pope.ts, whose result naming these mirror.
import { COCO_CATEGORIES, findCocoMentions } from './coco-vocabulary';
import { chairCounts, type ChairCounts } from './chair';
import type { PopeSplit } from './pope';
import { createRng, fnv1a } from '../common/random';

const CATEGORY_SET: ReadonlySet<string> = new Set(COCO_CATEGORIES);

/** Ground-truth names, trimmed and lower-cased, deduplicated; throws on a name that is not a COCO-80 category. */
export function normalizeCocoObjects(objects: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of objects) {
    const name = raw.trim().toLowerCase().replace(/\s+/g, ' ');
    if (!CATEGORY_SET.has(name)) throw new RangeError(`not a COCO-80 category: "${raw}"`);
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

export interface CocoChairAnswer {
  id: string;
  text: string;
  /** COCO-80 category names present in the image. */
  objects: readonly string[];
}

export interface CocoChairDetail {
  id: string;
  /** Categories the answer names, each once, in order of first mention. */
  mentioned: string[];
  /** The mentioned categories that are not in the image. */
  hallucinated: string[];
}

/** Each category counts once per answer, as CHAIR does. */
export interface CocoChairResult extends ChairCounts {
  details: CocoChairDetail[];
}

export function cocoChair(answers: readonly CocoChairAnswer[]): CocoChairResult {
  const details = answers.map(({ id, text, objects }): CocoChairDetail => {
    const present = new Set(normalizeCocoObjects(objects));
    const mentioned = [...new Set(findCocoMentions(text).map((m) => m.category))];
    return { id, mentioned, hallucinated: mentioned.filter((c) => !present.has(c)) };
  });
  return {
    ...chairCounts(details.map((d) => ({ mentions: d.mentioned.length, hallucinated: d.hallucinated.length }))),
    details,
  };
}

export interface CocoPopeImage {
  id: string;
  objects: readonly string[];
}

export interface CocoPopeQuestion {
  imageId: string;
  object: string;
  label: 'yes' | 'no';
  question: string;
}

export function cocoPopeQuestionText(object: string): string {
  return `Is there ${/^[aeiou]/.test(object) ? 'an' : 'a'} ${object} in the image?`;
}

/**
 * POPE questions: per image, up to `perImage` present objects (yes) and as many absent ones (no).
 * Negatives: uniform (random), most frequent across the images' ground truth (popular), or most
 * co-occurring with the image's present objects across the images (adversarial); ties fall back to
 * frequency, then COCO order. Images with no present object are skipped. Deterministic in
 * (image ids and objects, setting, seed).
 */
export function cocoPopeQuestions(
  images: readonly CocoPopeImage[],
  setting: PopeSplit,
  seed: number,
  perImage = 3,
): CocoPopeQuestion[] {
  const truth = images.map((image) => ({ id: image.id, present: normalizeCocoObjects(image.objects) }));
  const frequency = new Map<string, number>(COCO_CATEGORIES.map((c) => [c, 0]));
  const coOccurrence = new Map<string, number>(); // key `${a}\u0000${b}`, symmetric
  const pairKey = (a: string, b: string) => `${a}\u0000${b}`;
  for (const { present } of truth) {
    for (const a of present) {
      frequency.set(a, frequency.get(a)! + 1);
      for (const b of present) if (a !== b) coOccurrence.set(pairKey(a, b), (coOccurrence.get(pairKey(a, b)) ?? 0) + 1);
    }
  }
  const questions: CocoPopeQuestion[] = [];
  for (const { id, present } of truth) {
    if (present.length === 0) continue;
    const rng = createRng(fnv1a(['coco-pope', setting, seed, id].join('\u0000')));
    const absent = COCO_CATEGORIES.filter((c) => !present.includes(c));
    const n = Math.min(perImage, present.length, absent.length);
    const positives = rng.shuffle(present).slice(0, n);
    let ranked: string[];
    if (setting === 'random') ranked = rng.shuffle(absent);
    else {
      // Stable sorts: ties keep COCO order.
      ranked = absent.slice().sort((a, b) => frequency.get(b)! - frequency.get(a)!);
      if (setting === 'adversarial') {
        const co = (c: string) => present.reduce((sum, p) => sum + (coOccurrence.get(pairKey(p, c)) ?? 0), 0);
        ranked.sort((a, b) => co(b) - co(a));
      }
    }
    const negatives = ranked.slice(0, n);
    const ask = (object: string, label: 'yes' | 'no'): CocoPopeQuestion => ({
      imageId: id,
      object,
      label,
      question: cocoPopeQuestionText(object),
    });
    questions.push(...rng.shuffle([...positives.map((o) => ask(o, 'yes')), ...negatives.map((o) => ask(o, 'no'))]));
  }
  return questions;
}
