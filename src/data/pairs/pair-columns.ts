import type { PairRecord } from './pair-records';

/** What the review table shows of a pair's evidence: the critic's verdict, the two sides' scores and their margin. */
export interface PairColumns {
  verdict?: string;
  chosenScore?: number;
  rejectedScore?: number;
  /** How much better the method judged chosen than rejected (positive = chosen better), in the method's own score. */
  margin?: number;
}

export function pairColumns(pair: PairRecord): PairColumns {
  const evidence = (pair.evidence ?? {}) as {
    method?: string;
    verdict?: number;
    chosenScore?: unknown;
    rejectedScore?: unknown;
    fusion?: string;
    chosen?: { score?: unknown };
    rejected?: { score?: unknown };
  };
  const columns: PairColumns = {};
  if (typeof evidence.verdict === 'number') columns.verdict = `[[${evidence.verdict}]]`;
  // FiSAO keeps each answer's score (the sum of its objects' calibrated rewards) with the answer.
  const fisaoChosen = evidence.method === 'fisao' ? evidence.chosen?.score : undefined;
  const fisaoRejected = evidence.method === 'fisao' ? evidence.rejected?.score : undefined;
  if (typeof fisaoChosen === 'number' && typeof fisaoRejected === 'number') {
    columns.chosenScore = fisaoChosen;
    columns.rejectedScore = fisaoRejected;
    columns.margin = fisaoChosen - fisaoRejected;
  } else if (typeof evidence.chosenScore === 'number' && typeof evidence.rejectedScore === 'number') {
    columns.chosenScore = evidence.chosenScore;
    columns.rejectedScore = evidence.rejectedScore;
    // CSR's rank fusion scores a path by its mean rank: lower is better.
    const lowerIsBetter = evidence.method === 'csr' && evidence.fusion === 'rank';
    columns.margin = lowerIsBetter
      ? evidence.rejectedScore - evidence.chosenScore
      : evidence.chosenScore - evidence.rejectedScore;
  }
  return columns;
}
