/**
 * The objects an answer names, what FiSAO scores each against (its CLIP prompts), and whether it is
 * in an image whose content is known. Two vocabularies: the shapes world (colour + shape, read by
 * the world's own parser, the objects CHAIR counts there) and the 80 COCO categories with CHAIR's
 * synonyms, for other images.
 */
import { findCocoMentions, judgeMention, kindSpan, parseDescription } from '../../metrics';
import { CELLS, COLOURS, objectSentence, SHAPES, SIZES, type Colour, type Scene, type Shape } from '../../world';

export type FisaoVocabulary = 'shapes' | 'coco';

export interface ObjectMention {
  /** What is scored against the image: "red circle" (or "circle" when no colour is said), or a COCO category. */
  object: string;
  /** The words that name it, and their character span in the answer. */
  text: string;
  start: number;
  end: number;
}

/** What is known to be in a calibration image: its scene, or the COCO categories in it. */
export type GroundTruth = { scene: Scene } | { cocoObjects: readonly string[] };

/** Objects the answer affirms, in order ("no green star" names none). */
export function objectMentions(text: string, vocabulary: FisaoVocabulary): ObjectMention[] {
  if (vocabulary === 'coco')
    return findCocoMentions(text).map(({ category, ...span }) => ({ object: category, ...span }));
  return parseDescription(text)
    .objects.filter((claim) => !claim.negated)
    .map((claim) => {
      const { start, end } = kindSpan(claim);
      return {
        object: claim.colour ? `${claim.colour} ${claim.shape}` : claim.shape,
        text: text.slice(start, end),
        start,
        end,
      };
    });
}

function shapesKind(object: string): { shape: Shape; colour?: Colour } {
  const words = object.split(' ');
  const shape = words.at(-1) as Shape;
  if (!SHAPES.includes(shape)) throw new Error(`"${object}" is not an object of the shapes world.`);
  return words.length > 1 ? { shape, colour: words[0] as Colour } : { shape };
}

/**
 * The texts an object is scored with; its score is the best of them. COCO: CLIP's "a photo of a {o}".
 * Shapes: shapes-clip learnt single sentences of the world's descriptions ("A large red circle at
 * the top left."), so the object is written that way at every size and cell (and every colour when
 * none is said) — "is there one anywhere?". A bare "A red circle." is out of its training
 * distribution: on 60 sampled descriptions it told correct from hallucinated objects 65% of the
 * time, against 92% for the best of the full sentences.
 */
export function objectPrompts(object: string, vocabulary: FisaoVocabulary): string[] {
  if (vocabulary === 'coco') return [`a photo of a ${object}`];
  const { shape, colour } = shapesKind(object);
  return (colour ? [colour] : COLOURS).flatMap((c) =>
    SIZES.flatMap((size) => CELLS.map((cell) => objectSentence({ shape, colour: c, size, cell }))),
  );
}

/** Whether an object named in an answer is in the image: for shapes, CHAIR's own judgement. */
export function isPresent(object: string, truth: GroundTruth): boolean {
  if ('cocoObjects' in truth) return truth.cocoObjects.includes(object);
  const claim = { ...shapesKind(object), count: 1, negated: false, text: object, start: 0, end: object.length };
  return judgeMention(claim, truth.scene).verdict !== 'hallucinated';
}
