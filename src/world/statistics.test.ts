import { describe, expect, it } from 'vitest';
import { partnerRate, sceneStatistics } from './statistics';
import type { Scene, SceneObject } from './types';

const obj = (colour: SceneObject['colour'], shape: SceneObject['shape'], cell: SceneObject['cell']): SceneObject => ({
  colour,
  shape,
  cell,
  size: 'small',
});
const scene = (index: number, objects: SceneObject[]): Scene => ({
  id: `test-0-${index}`,
  split: 'test',
  seed: 0,
  index,
  background: { rgb: [230, 230, 230], texture: 'plain', textureSeed: 0 },
  objects,
});

describe('sceneStatistics', () => {
  const scenes = [
    scene(0, [obj('red', 'circle', 'top left'), obj('blue', 'square', 'top')]),
    scene(1, [obj('red', 'circle', 'center'), obj('red', 'circle', 'left')]),
    scene(2, [obj('red', 'circle', 'top'), obj('blue', 'square', 'right'), obj('green', 'star', 'bottom')]),
  ];
  const stats = sceneStatistics(scenes);

  it('counts scenes containing each kind (a repeated kind counts once per scene)', () => {
    expect(stats.sceneCount).toBe(3);
    expect(stats.frequency['red circle']).toBe(3);
    expect(stats.frequency['blue square']).toBe(2);
    expect(stats.frequency['green star']).toBe(1);
    expect(stats.frequency['black cross']).toBe(0);
    expect(Object.keys(stats.frequency)).toHaveLength(42);
  });

  it('counts co-occurrence symmetrically and never a kind with itself', () => {
    expect(stats.coOccurrence['red circle']['blue square']).toBe(2);
    expect(stats.coOccurrence['blue square']['red circle']).toBe(2);
    expect(stats.coOccurrence['blue square']['green star']).toBe(1);
    expect(stats.coOccurrence['red circle']['red circle']).toBe(0);
  });

  it('gives the partner rate as a fraction of scenes with the first object', () => {
    expect(partnerRate(stats, { colour: 'red', shape: 'circle' }, { colour: 'blue', shape: 'square' })).toBeCloseTo(
      2 / 3,
    );
    expect(partnerRate(stats, { colour: 'black', shape: 'cross' }, { colour: 'blue', shape: 'square' })).toBe(0);
  });
});
