/** The words the views show for the methods' names and their runs' counts, instead of code keys. */

const METHOD_NAMES: Record<string, string> = { sima: 'SIMA', seva: 'SeVa', csr: 'CSR', fisao: 'FiSAO' };

/** A method as its paper names it (SIMA, SeVa, CSR, FiSAO); an unknown one as it was stored. */
export const methodName = (method: string): string => METHOD_NAMES[method] ?? method;

const COUNT_LABELS: Record<string, string> = {
  items: 'items',
  pairs: 'pairs',
  noReference: 'no reference answer',
  identical: 'both answers the same',
  noVerdict: 'no verdict from the critic',
  disagreed: 'verdict changed with the order',
  noPaths: 'fewer than two sentence paths',
  noMentions: 'no objects named',
  tied: 'scores tied',
  unalignedAnswers: 'answers whose tokens could not be matched to words',
};

/** "items 3 · pairs 2 · both answers the same 1": items and pairs always, then each reason an item gave no pair that happened. */
export function formatCounts(counts: Record<string, number>): string {
  const keys = ['items', 'pairs', ...Object.keys(counts).filter((key) => key !== 'items' && key !== 'pairs')];
  return keys
    .filter((key) => key === 'items' || key === 'pairs' || (counts[key] ?? 0) > 0)
    .map((key) => `${COUNT_LABELS[key] ?? key} ${counts[key] ?? 0}`)
    .join(' · ');
}
