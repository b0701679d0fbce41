// A description grammar for the language-prior experiment (README, "Why the prior stays silent"):
// objects in reading order, except that a pair's partner is told right after its first, so that
// naming the partner follows from the sentence just written (a prior on the text, as an LLM's is)
// instead of from finding the first in the image.
import { DEFAULT_BIAS, inReadingOrder, objectSentence, sameKind, type SceneObject } from '../src/world';

export function partnerAfterFirst(objects: readonly SceneObject[]): SceneObject[] {
  const ordered = inReadingOrder(objects);
  const partners = new Set<SceneObject>();
  for (const { first, partner } of DEFAULT_BIAS.pairs) {
    if (!ordered.some((o) => sameKind(o, first))) continue;
    for (const o of ordered) if (sameKind(o, partner)) partners.add(o);
  }
  const told: SceneObject[] = [];
  for (const o of ordered) {
    if (partners.has(o)) continue;
    told.push(o);
    const pair = DEFAULT_BIAS.pairs.find(({ first }) => sameKind(o, first));
    if (pair) told.push(...ordered.filter((p) => partners.has(p) && sameKind(p, pair.partner) && !told.includes(p)));
  }
  return [...told, ...[...partners].filter((p) => !told.includes(p))];
}

export const describeInOrder = (objects: readonly SceneObject[]) => objects.map(objectSentence).join(' ');
