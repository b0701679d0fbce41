import { describe, expect, it } from 'vitest';
import { COLOUR_RGB } from './palette';
import { rasterizeScene } from './rasterize';
import { IMAGE_SIZE, SHAPES, type Scene, type SceneObject } from './types';

function fnv1a(bytes: Uint8ClampedArray): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i]!;
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

function makeScene(objects: SceneObject[], texture: Scene['background']['texture'] = 'plain'): Scene {
  return {
    id: 'test-0-0',
    split: 'test',
    seed: 0,
    index: 0,
    background: { rgb: [230, 225, 215], texture, textureSeed: 12345 },
    objects,
  };
}

const fixture = makeScene(
  [
    { shape: 'circle', colour: 'red', size: 'large', cell: 'top left' },
    { shape: 'star', colour: 'blue', size: 'small', cell: 'center' },
    { shape: 'triangle', colour: 'yellow', size: 'large', cell: 'right' },
    { shape: 'cross', colour: 'black', size: 'large', cell: 'bottom right' },
  ],
  'speckle',
);

function pixel(image: { width: number; data: Uint8ClampedArray }, x: number, y: number): number[] {
  const o = (y * image.width + x) * 4;
  return Array.from(image.data.subarray(o, o + 4));
}

describe('rasterizeScene', () => {
  it('produces pinned bytes for a fixed scene (any drift breaks Node/browser identity)', () => {
    const image = rasterizeScene(fixture);
    expect(image.width).toBe(IMAGE_SIZE);
    expect(image.height).toBe(IMAGE_SIZE);
    expect(image.data).toHaveLength(96 * 96 * 4);
    expect(fnv1a(image.data)).toBe('7117855a');
    expect(fnv1a(rasterizeScene(fixture, { size: 64 }).data)).toBe('54c22c05');
  });

  it('is deterministic', () => {
    expect(fnv1a(rasterizeScene(fixture).data)).toBe(fnv1a(rasterizeScene(fixture).data));
    expect(rasterizeScene(fixture).data.join()).toBe(rasterizeScene(fixture).data.join());
  });

  it('paints the object colour at a cell centre and the background in an empty cell', () => {
    const image = rasterizeScene(makeScene([{ shape: 'square', colour: 'green', size: 'large', cell: 'top left' }]), {
      size: 90,
    });
    expect(pixel(image, 15, 15)).toEqual([...COLOUR_RGB.green, 255]);
    expect(pixel(image, 75, 75)).toEqual([230, 225, 215, 255]);
  });

  it('anti-aliases edges: a circle has pixels between background and object colour', () => {
    const image = rasterizeScene(makeScene([{ shape: 'circle', colour: 'black', size: 'large', cell: 'center' }]));
    const reds = new Set<number>();
    for (let i = 0; i < image.data.length; i += 4) reds.add(image.data[i]!);
    const intermediate = [...reds].filter((r) => r > COLOUR_RGB.black[0] && r < 230);
    expect(intermediate.length).toBeGreaterThan(5);
  });

  it('draws large shapes bigger than small ones, and every shape differently', () => {
    const covered = (object: SceneObject) => {
      const image = rasterizeScene(makeScene([object]));
      let n = 0;
      for (let i = 0; i < image.data.length; i += 4) if (image.data[i] !== 230) n++;
      return n;
    };
    for (const shape of SHAPES) {
      const small = covered({ shape, colour: 'black', size: 'small', cell: 'center' });
      const large = covered({ shape, colour: 'black', size: 'large', cell: 'center' });
      expect(large).toBeGreaterThan(2 * small);
    }
    const hashes = SHAPES.map((shape) =>
      fnv1a(rasterizeScene(makeScene([{ shape, colour: 'red', size: 'large', cell: 'center' }])).data),
    );
    expect(new Set(hashes).size).toBe(SHAPES.length);
  });

  it('keeps each object inside its own cell', () => {
    const image = rasterizeScene(makeScene([{ shape: 'square', colour: 'blue', size: 'large', cell: 'center' }]), {
      size: 63,
    });
    const outside: string[] = [];
    for (let y = 0; y < 63; y++) {
      for (let x = 0; x < 63; x++) {
        const inCentre = x >= 21 && x < 42 && y >= 21 && y < 42;
        if (!inCentre && pixel(image, x, y).join() !== '230,225,215,255') outside.push(`${x},${y}`);
      }
    }
    expect(outside).toEqual([]);
  });

  it('rejects impossible sizes', () => {
    expect(() => rasterizeScene(fixture, { size: 0 })).toThrow(/Image size/);
    expect(() => rasterizeScene(fixture, { supersample: 0 })).toThrow(/Supersample/);
  });
});
