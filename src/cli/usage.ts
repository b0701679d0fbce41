/** A mistake in the command line: printed as one sentence with the usage, exit code 2. */
export class UsageError extends Error {}

export function positiveInteger(text: string, flag: string, min = 1): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new UsageError(`${flag} must be an integer ≥ ${min}, got "${text}".`);
  return value;
}
