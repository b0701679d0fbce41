import type { Colour, RGB } from './types';

export const COLOUR_RGB: Readonly<Record<Colour, RGB>> = {
  red: [215, 38, 38],
  green: [34, 150, 60],
  blue: [38, 82, 215],
  yellow: [235, 190, 0],
  purple: [135, 55, 175],
  orange: [240, 125, 15],
  black: [25, 25, 25],
};
