import { REVIEW_STATUSES, type ReviewStatus } from '../data/pairs/pair-records';

/** A mistake in the command line: printed as one sentence with the usage, exit code 2. */
export class UsageError extends Error {}

export function positiveInteger(text: string, flag: string, min = 1): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min)
    throw new UsageError(`${flag} must be an integer ≥ ${min}, got "${text}".`);
  return value;
}

/** A positive number (≥ 0 with `allowZero`), or `fallback` when the flag is absent. */
export function positiveNumber(
  text: string | undefined,
  flag: string,
  fallback: number,
  { allowZero = false } = {},
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0))
    throw new UsageError(`${flag} must be a ${allowZero ? 'non-negative' : 'positive'} number, got "${text}".`);
  return value;
}

/** A share from 0 to 1, or `fallback` when the flag is absent. */
export function share(text: string | undefined, flag: string, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!(value >= 0 && value <= 1)) throw new UsageError(`${flag} must be a number from 0 to 1, got "${text}".`);
  return value;
}

/** A comma-separated list of review statuses, e.g. "accepted,swapped"; undefined when the flag is absent. */
export function reviewStatuses(text: string | undefined, flag: string): ReviewStatus[] | undefined {
  const statuses = text?.split(',').map((s) => s.trim());
  const unknown = statuses?.find((s) => !REVIEW_STATUSES.includes(s as ReviewStatus));
  if (unknown !== undefined)
    throw new UsageError(`${flag} takes statuses from ${REVIEW_STATUSES.join(', ')}, got "${unknown}".`);
  return statuses as ReviewStatus[] | undefined;
}
