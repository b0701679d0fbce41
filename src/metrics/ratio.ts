/** a / b, or 0 when b is 0 (an empty set has no errors and no hits). */
export function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}
