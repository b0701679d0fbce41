import { describe, expect, it } from 'vitest';
import { axisWidth } from './chart-axis';

describe('axisWidth', () => {
  it('makes room for the longest tick label, so a small margin like -0.00025 is not cut off', () => {
    const narrow = axisWidth(['0', '0.5', '1']);
    const wide = axisWidth(['-0.00025', '0', '0.00025']);
    expect(wide).toBeGreaterThan(narrow);
    expect(wide).toBeGreaterThanOrEqual('-0.00025'.length * 7);
  });

  it('keeps a minimum before the chart has data', () => {
    expect(axisWidth(null)).toBe(40);
    expect(axisWidth([])).toBe(40);
  });
});
