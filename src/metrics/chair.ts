// CHAIR (methods.md §6) for the shapes world: an object is a colour + shape.
//   CHAIR_i = hallucinated object mentions / object mentions
//   CHAIR_s = responses with ≥ 1 hallucinated mention / responses
// Both are fractions in [0, 1]; papers print them ×100. Wrong size or cell of an object that is
// there is an attribute error, counted apart from hallucinations.
import type { Scene, SceneObject } from '../world/types';
import { parseDescription, type ClaimedObject, type UnknownWord } from './parse-description';
import { ratio } from './ratio';

export type AttributeError = 'size' | 'cell' | 'count';

export interface JudgedMention extends ClaimedObject {
  verdict: 'correct' | 'hallucinated' | 'attribute-error';
  /** Empty unless verdict is 'attribute-error'. */
  attributeErrors: AttributeError[];
}

export interface ChairDetail {
  sceneId: string;
  /** Object mentions: those the text affirms ("no green star" is none), or every object word in 'literal' mode. */
  mentions: JudgedMention[];
  /** Mentions that count towards CHAIR_i's numerator (see ChairOptions). */
  hallucinatedCount: number;
  hasHallucination: boolean;
  unknownWords: UnknownWord[];
}

/**
 * How answers are read. 'negation-aware' (the default): denied objects ("there aren't any circles")
 * are not mentions. 'literal': CHAIR as first published and as papers report it, every object word
 * is a mention, denied or not ("a blue one", which names no object word, is none).
 */
export type ChairMode = 'negation-aware' | 'literal';
export const CHAIR_MODES: readonly ChairMode[] = ['negation-aware', 'literal'];

export interface ChairOptions {
  mode?: ChairMode;
  /**
   * The LURE/POVID/SIMA variant: a hallucinated object named several times in one response counts
   * once in the numerator (the denominator still counts every mention). Default false.
   */
  countEachHallucinationOncePerResponse?: boolean;
}

/** CHAIR's two rates and the counts behind them (the shapes world's and COCO's alike). */
export interface ChairCounts {
  /** Hallucinated mentions / mentions. */
  chairI: number;
  /** Responses with ≥ 1 hallucinated mention / responses. */
  chairS: number;
  responses: number;
  responsesWithHallucination: number;
  mentions: number;
  hallucinatedMentions: number;
}

/** CHAIR's rates and counts from each response's number of mentions and of hallucinated ones. */
export function chairCounts(responses: readonly { mentions: number; hallucinated: number }[]): ChairCounts {
  const mentions = responses.reduce((n, r) => n + r.mentions, 0);
  const hallucinatedMentions = responses.reduce((n, r) => n + r.hallucinated, 0);
  const responsesWithHallucination = responses.filter((r) => r.hallucinated > 0).length;
  return {
    chairI: ratio(hallucinatedMentions, mentions),
    chairS: ratio(responsesWithHallucination, responses.length),
    responses: responses.length,
    responsesWithHallucination,
    mentions,
    hallucinatedMentions,
  };
}

export interface ChairResult extends ChairCounts {
  attributeErrorMentions: number;
  /** Attribute-error mentions / mentions of objects that are there (0 when none). */
  attributeErrorRate: number;
  unknownWords: number;
  details: ChairDetail[];
}

function mismatches(claim: ClaimedObject, object: SceneObject): AttributeError[] {
  const errors: AttributeError[] = [];
  if (claim.size && claim.size !== object.size) errors.push('size');
  if (claim.cell && claim.cell !== object.cell) errors.push('cell');
  return errors;
}

export function judgeMention(claim: ClaimedObject, scene: Scene): JudgedMention {
  const candidates = scene.objects.filter(
    (o) => o.shape === claim.shape && (claim.colour === undefined || o.colour === claim.colour),
  );
  if (candidates.length === 0) return { ...claim, verdict: 'hallucinated', attributeErrors: [] };
  // Compare against the present object the claim fits best.
  const errors = candidates.map((o) => mismatches(claim, o)).reduce((best, e) => (e.length < best.length ? e : best));
  if (claim.count > candidates.length) errors.push('count');
  return { ...claim, verdict: errors.length ? 'attribute-error' : 'correct', attributeErrors: errors };
}

export function chairForAnswer(text: string, scene: Scene, options: ChairOptions = {}): ChairDetail {
  const parsed = parseDescription(text);
  const counted = options.mode === 'literal' ? (o: ClaimedObject) => !o.byPronoun : (o: ClaimedObject) => !o.negated;
  const mentions = parsed.objects.filter(counted).map((o) => judgeMention(o, scene));
  const hallucinated = mentions.filter((m) => m.verdict === 'hallucinated');
  const hallucinatedCount = options.countEachHallucinationOncePerResponse
    ? new Set(hallucinated.map((m) => `${m.colour ?? ''} ${m.shape}`)).size
    : hallucinated.length;
  return {
    sceneId: scene.id,
    mentions,
    hallucinatedCount,
    hasHallucination: hallucinated.length > 0,
    unknownWords: parsed.unknownWords,
  };
}

export interface ChairAnswer {
  text: string;
  scene: Scene;
}

export function chair(answers: readonly ChairAnswer[], options: ChairOptions = {}): ChairResult {
  const details = answers.map((a) => chairForAnswer(a.text, a.scene, options));
  const sum = (f: (d: ChairDetail) => number) => details.reduce((n, d) => n + f(d), 0);
  const attributeErrorMentions = sum((d) => d.mentions.filter((m) => m.verdict === 'attribute-error').length);
  const presentMentions = sum((d) => d.mentions.filter((m) => m.verdict !== 'hallucinated').length);
  return {
    ...chairCounts(details.map((d) => ({ mentions: d.mentions.length, hallucinated: d.hallucinatedCount }))),
    attributeErrorMentions,
    attributeErrorRate: ratio(attributeErrorMentions, presentMentions),
    unknownWords: sum((d) => d.unknownWords.length),
    details,
  };
}
