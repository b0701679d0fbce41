import type { EvalRunRecord } from '../../data/records';

/**
 * How a stored result names its adapter: "name · 1a2b3c4d" (the content hash's first 8 hex digits),
 * "base" for none, and "unknown adapter" when the record cannot say — it was stored before results
 * named their adapter (no dtype/device, an adapter that is a bare string, or none at all), when an
 * adapter switched on in Explore was stored as null.
 */
export function adapterLabel(summary: Partial<EvalRunRecord['summary']> | undefined): string {
  const adapter: unknown = summary?.adapter;
  if (adapter && typeof adapter === 'object') {
    const { name, sha256 } = adapter as { name?: unknown; sha256?: unknown };
    const hash = typeof sha256 === 'string' && sha256 ? ` · ${sha256.slice(0, 8)}` : '';
    return typeof name === 'string' && name ? `${name}${hash}` : `unknown adapter${hash}`;
  }
  if (adapter === null && summary && 'dtype' in summary) return 'base';
  return 'unknown adapter';
}

/** A stored result in one line: when, model, adapter, dtype, device, n and seed; missing parts of an older record read "?". */
export function resultLabel(
  record: Pick<EvalRunRecord, 'createdAt' | 'device'> & { summary?: Partial<EvalRunRecord['summary']> },
): string {
  const summary = record.summary;
  const when = Number.isFinite(record.createdAt) ? new Date(record.createdAt).toLocaleString() : 'unknown time';
  const device = summary?.device ?? record.device ?? '?';
  return [
    when,
    summary?.model ?? 'unknown model',
    adapterLabel(summary),
    summary?.dtype ?? '?',
    device,
    `n ${summary?.n ?? '?'}`,
    `seed ${summary?.seed ?? '?'}`,
  ].join(' · ');
}
