// Shape outlines in unit coordinates: centred at (0, 0), half-extent 1, y pointing down.
// Vertex lists are literals (not computed with sin/cos) so every engine rasterises identically.
import type { Shape } from './types';

type Polygon = readonly (readonly [number, number])[];

const TRIANGLE: Polygon = [
  [0, -0.9],
  [0.95, 0.8],
  [-0.95, 0.8],
];

/** Five-pointed star, outer radius 1, inner radius 0.4, shifted down 0.0955 to centre it vertically. */
const STAR: Polygon = [
  [0, -0.9045],
  [0.2351, -0.2281],
  [0.9511, -0.2135],
  [0.3804, 0.2191],
  [0.5878, 0.9045],
  [0, 0.4955],
  [-0.5878, 0.9045],
  [-0.3804, 0.2191],
  [-0.9511, -0.2135],
  [-0.2351, -0.2281],
];

/** Even–odd crossing test. */
function insidePolygon(polygon: Polygon, x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function shapeContains(shape: Shape, x: number, y: number): boolean {
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  switch (shape) {
    case 'circle':
      return x * x + y * y <= 1;
    case 'square':
      return ax <= 0.82 && ay <= 0.82;
    case 'diamond':
      return ax * 0.85 + ay <= 1 && ay <= 1;
    case 'cross':
      return (ax <= 0.3 && ay <= 0.95) || (ay <= 0.3 && ax <= 0.95);
    case 'triangle':
      return insidePolygon(TRIANGLE, x, y);
    case 'star':
      return insidePolygon(STAR, x, y);
  }
}
