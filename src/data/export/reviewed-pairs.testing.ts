// Pairs for export tests: every review status, edits, a swap, the three methods' evidence, two
// pairs on one scene, and two pairs on one image file (photos/cat.png, next to the pairs file).
import type { PairEvidence, PairRecord } from '../pairs/pair-records';
import { oraclePairs } from '../pairs/oracle-pairs.testing';

export const PHOTO_PATH = 'photos/cat.png';

export function reviewedPairs(): PairRecord[] {
  const [a, b, c, d, e, f, g, h] = oraclePairs(8) as [
    PairRecord,
    PairRecord,
    PairRecord,
    PairRecord,
    PairRecord,
    PairRecord,
    PairRecord,
    PairRecord,
  ];
  const sima = {
    method: 'sima',
    greedy: a.rejected,
    sampled: a.chosen,
    critic: 'Response 1 names the right objects. [[1]]',
    verdict: 1,
    criteria: ['objects', 'relationships', 'attributes'],
  } as PairEvidence;
  const csr = {
    method: 'csr',
    fusion: 'rank',
    lambda: 0.9,
    nodes: [],
    chosenPath: [],
    rejectedPath: [],
    chosenScore: 1.5,
    rejectedScore: -0.25,
  } as PairEvidence;
  const seva = {
    method: 'seva',
    augmentation: 'diffusion',
    t: 500,
    signal: 0.27,
    noise: 0.96,
    seed: 3,
    clean: b.chosen,
    augmented: b.rejected,
  } as PairEvidence;
  return [
    {
      ...a,
      method: 'sima',
      model: 'shapes-vlm',
      item: 'train-9-0',
      evidence: sima,
      review: { status: 'accepted', rationale: 'right colours', decidedAt: 1_700_000_000_000 },
    },
    {
      ...b,
      method: 'seva',
      model: 'shapes-vlm',
      evidence: seva,
      review: { status: 'swapped', rationale: 'the clean answer missed a star' },
    },
    { ...c, review: { status: 'accepted', editedChosen: 'A large red circle at the top.' } },
    { ...d, review: { status: 'swapped', editedRejected: 'Only a small blue square on the left.' } },
    { ...e, review: { status: 'tie' } },
    { ...f, review: { status: 'both-bad' } },
    g, // pending
    {
      ...h,
      id: 'photo-a',
      method: 'csr',
      model: 'shapes-vlm',
      image: { path: PHOTO_PATH },
      evidence: csr,
      review: { status: 'accepted' },
    },
    { ...b, id: 'seva-again', review: { status: 'accepted' } }, // b's scene again
    { ...a, id: 'photo-b', image: { path: `./${PHOTO_PATH}` }, review: { status: 'swapped' } },
  ];
}
