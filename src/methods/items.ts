import {
  absentPartners,
  ALL_KINDS,
  DESCRIBE_PROMPT,
  describeScene,
  existenceQuestionText,
  lookFirstAnswer,
  rasterizeScene,
  rngFor,
  sameKind,
  sampleScene,
  type ObjectKind,
  type Question,
  type Scene,
  type Split,
} from '../world';
import type { MethodItem } from './method-runtime';

/**
 * Whether scene `index` of a run is asked an existence question rather than the description:
 * `share` of any run of consecutive indices, to within one (every third at 1/3), decided by the
 * index alone, so a resumed run asks what an uninterrupted one does.
 */
export function asksExistence(index: number, share: number): boolean {
  return Math.floor((index + 1) * share) > Math.floor(index * share);
}

/**
 * A POPE-style existence question about the scene: half the time (seeded by the scene) about one
 * of its objects ("yes"), else about an absent kind: the absent partner of a present object when
 * the scene has one (the co-occurrence the language prior says yes to, POPE's adversarial case),
 * any absent kind otherwise.
 */
export function existenceQuestionFor(scene: Scene, seed: number): Question {
  const rng = rngFor('method-existence', scene.id, seed);
  const present = (kind: ObjectKind) => scene.objects.some((o) => sameKind(o, kind));
  if (rng.chance(0.5)) {
    const object = rng.pick(scene.objects);
    return { type: 'existence', text: existenceQuestionText(object), answer: 'yes' };
  }
  const partners = absentPartners(scene);
  const absent = partners.length > 0 ? partners : ALL_KINDS.filter((kind) => !present(kind));
  return { type: 'existence', text: existenceQuestionText(rng.pick(absent)), answer: 'no' };
}

/**
 * n shapes-world scenes of a split as method items: the describe prompt with the true description
 * as reference, or, for `existenceShare` of the scenes, an existence question with its look-first
 * answer ("I see a red circle and a blue star, so no.") as reference.
 */
export function shapesItems(split: Split, seed: number, n: number, start = 0, existenceShare = 0): MethodItem[] {
  return Array.from({ length: n }, (_, i) => {
    const index = start + i;
    const scene = sampleScene(split, seed, index);
    const question = asksExistence(index, existenceShare) ? existenceQuestionFor(scene, seed) : undefined;
    return {
      id: `${split}-${seed}-${index}`,
      image: rasterizeScene(scene),
      imageRef: { scene: { split, seed, index } },
      prompt: question?.text ?? DESCRIBE_PROMPT,
      reference: question ? lookFirstAnswer(question, scene) : describeScene(scene),
      scene,
    };
  });
}
