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
  };
  const columns: PairColumns = {};
  if (typeof evidence.verdict === 'number') columns.verdict = `[[${evidence.verdict}]]`;
  if (typeof evidence.chosenScore === 'number' && typeof evidence.rejectedScore === 'number') {
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
