import { methodName } from '../../data/labels';

/** A local date and time as "2026-12-03 13:45". */
export function shortDateTime(time: number): string {
  const d = new Date(time);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/**
 * A trained adapter's name that tells runs apart: the methods its pairs came from, how many pairs,
 * steps and which loss, and when: "SIMA + CSR · 40 pairs · 20 steps · sigmoid · 2026-12-03 13:45".
 */
export function adapterName(run: {
  methods: readonly string[];
  pairs: number;
  steps: number;
  loss: string;
  createdAt: number;
}): string {
  const methods = [...new Set(run.methods)].sort().map(methodName).join(' + ') || 'no method';
  const pairs = `${run.pairs} pair${run.pairs === 1 ? '' : 's'}`;
  return `${methods} · ${pairs} · ${run.steps} steps · ${run.loss} · ${shortDateTime(run.createdAt)}`;
}
