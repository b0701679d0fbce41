import { expect, test } from 'vitest';
import { roundItemsOf } from './round-records';

test('a round record without its items (stored before the choice) ran on shapes scenes', () => {
  expect(roundItemsOf({})).toBe('scenes');
  expect(roundItemsOf({ items: 'scenes' })).toBe('scenes');
  expect(roundItemsOf({ items: 'gallery' })).toBe('gallery');
});
