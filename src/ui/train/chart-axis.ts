/** About the width of one digit of the charts' 12 px axis font, and the room for ticks and gap. */
const CHAR_PX = 7.5;
const PADDING_PX = 18;

/**
 * The width a y axis needs for its longest tick label ("-0.00025" needs more than "0.5"), so no
 * label is cut off at the chart's left edge; at least `min`.
 */
export function axisWidth(labels: readonly string[] | null | undefined, min = 40): number {
  const longest = Math.max(0, ...(labels ?? []).map((label) => label.length));
  return Math.max(min, Math.ceil(longest * CHAR_PX + PADDING_PX));
}
