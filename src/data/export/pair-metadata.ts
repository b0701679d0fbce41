// What a row carries beside the texts (RLAIF-V puts it in origin_split): who wrote the answers,
// who judged them and with what scores, and what the annotator decided. The method's whole
// evidence rides along, so an export can be imported again without loss.
import type { PairEvidence, PairRecord, ReviewStatus } from '../pairs/pair-records';
import { originalIfEdited, type EffectivePair } from '../pairs/effective-preference';

export interface PairMetadata {
  pair_id: string;
  item: string | null;
  /** The shapes-world scene of the image (null for an image file), so an import can render it again. */
  scene: { split: string; seed: number; index: number } | null;
  method: string;
  /** The model that wrote both answers. */
  generator: string | null;
  /** Who picked the chosen answer before the annotator: the model itself (SIMA), likelihood + CLIP (CSR), a rule (SeVa). */
  critic: string | null;
  scores: Record<string, number>;
  decision: {
    status: ReviewStatus;
    rationale: string | null;
    decided_at: number | null;
    /** The method's texts where the annotator edited them (the row holds the edits). */
    original_chosen: string | null;
    original_rejected: string | null;
  };
  evidence: PairEvidence | null;
}

type Evidence = PairEvidence & Record<string, unknown>;
const numbers = (entries: [string, unknown][]): Record<string, number> =>
  Object.fromEntries(
    entries.filter((entry): entry is [string, number] => typeof entry[1] === 'number' && Number.isFinite(entry[1])),
  );

/** Each method's judge and scores, read from its evidence (see methods/<name>). */
const judges: Record<
  string,
  (evidence: Evidence, pair: PairRecord) => { critic: string | null; scores: Record<string, number> }
> = {
  sima: (e, pair) => ({
    critic: pair.model ?? 'the generator itself',
    scores: numbers([
      ['verdict', e.verdict],
      ['verdict_swapped_order', (e.swapped as { verdict?: unknown } | undefined)?.verdict],
    ]),
  }),
  csr: (e, pair) => ({
    critic: `${pair.model ?? 'the generator'} likelihood + CLIP relevance (λ ${e.lambda})`,
    scores: numbers([
      ['chosen', e.chosenScore],
      ['rejected', e.rejectedScore],
      ['lambda', e.lambda],
    ]),
  }),
  seva: (e) => ({
    critic: 'rule: the answer on the clean image beats the one on the augmented image',
    scores: numbers([
      ['t', e.t],
      ['signal', e.signal],
      ['noise', e.noise],
    ]),
  }),
};

export function pairMetadata({ pair, status }: EffectivePair): PairMetadata {
  const evidence = (pair.evidence ?? null) as Evidence | null;
  const judge = evidence && judges[evidence.method]?.(evidence, pair);
  return {
    pair_id: pair.id,
    item: pair.item ?? null,
    scene:
      'scene' in pair.image
        ? { split: pair.image.scene.split, seed: pair.image.scene.seed, index: pair.image.scene.index }
        : null,
    method: pair.method,
    generator: pair.model ?? null,
    critic: judge?.critic ?? null,
    scores: judge?.scores ?? {},
    decision: {
      status,
      rationale: pair.review?.rationale ?? null,
      decided_at: pair.review?.decidedAt ?? null,
      original_chosen: originalIfEdited(pair, 'chosen'),
      original_rejected: originalIfEdited(pair, 'rejected'),
    },
    evidence,
  };
}
