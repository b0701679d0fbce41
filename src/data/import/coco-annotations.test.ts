// COCO instance annotations → the ground-truth COCO-80 objects of each image, for CHAIR and POPE
// on the user's own images; bad structure and unknown categories refused in one sentence.
import { describe, expect, it } from 'vitest';
import { COCO_CATEGORIES } from '../../metrics/coco-vocabulary';
import { cocoItems, parseCocoInstances } from './coco-annotations';
import { COCO_80, COCO_80_NAMES } from './coco-categories';
import { importDataset } from './import-dataset';
import { fakeJpeg, fakePng } from './import-fixtures.testing';

const annotations = {
  info: { description: 'my photos' },
  images: [
    { id: 42, file_name: 'COCO_val2014_000000000042.jpg', width: 640, height: 480 },
    { id: 73, file_name: 'kitchen.png', width: 320, height: 240 },
    { id: 74, file_name: 'empty.jpg', width: 10, height: 10 },
    { id: 99, file_name: 'not-uploaded.jpg', width: 10, height: 10 },
  ],
  annotations: [
    { id: 1, image_id: 42, category_id: 18, bbox: [0, 0, 10, 10], area: 100, iscrowd: 0 },
    { id: 2, image_id: 42, category_id: 1, bbox: [0, 0, 10, 10], area: 100, iscrowd: 1 },
    { id: 3, image_id: 42, category_id: 18, bbox: [5, 5, 10, 10], area: 100, iscrowd: 0 },
    { id: 4, image_id: 73, category_id: 82, bbox: [0, 0, 5, 5], area: 25, iscrowd: 0 },
    { id: 5, image_id: 73, category_id: 44, bbox: [0, 0, 5, 5], area: 25, iscrowd: 0 },
  ],
  categories: [
    { id: 1, name: 'person' },
    { id: 18, name: 'dog' },
    { id: 44, name: 'bottle' },
    { id: 82, name: 'refrigerator' },
  ],
};
const json = (value: unknown) => JSON.stringify(value);

describe('COCO annotations', () => {
  it('gives each image its objects as COCO-80 names, in COCO order, once each, crowds included', () => {
    const truth = parseCocoInstances(json(annotations), 'instances.json');
    expect(truth.images.map(({ fileName, objects }) => [fileName, objects])).toEqual([
      ['COCO_val2014_000000000042.jpg', ['person', 'dog']],
      ['kitchen.png', ['bottle', 'refrigerator']],
      ['empty.jpg', []],
      ['not-uploaded.jpg', []],
    ]);
    expect(truth.find('photos/kitchen.png')?.objects).toEqual(['bottle', 'refrigerator']);
  });

  it('makes items of the uploaded images it annotates, with the describe prompt by default', async () => {
    const files = new Map([
      ['coco/instances.json', new TextEncoder().encode(json(annotations))],
      ['coco/val/COCO_val2014_000000000042.jpg', fakeJpeg(1)],
      ['coco/val/kitchen.png', fakePng(2)],
      ['coco/val/empty.jpg', fakeJpeg(3)],
    ]);
    const result = await importDataset(files, { prompt: 'Describe this image in detail.' });
    if (result.kind !== 'items') throw new Error('expected items');
    expect(result.source).toBe('coco');
    expect(result.items.map(({ id, prompt, objects, image }) => [id, prompt, objects, image.name])).toEqual([
      ['coco-42', 'Describe this image in detail.', ['person', 'dog'], 'coco/val/COCO_val2014_000000000042.jpg'],
      ['coco-73', 'Describe this image in detail.', ['bottle', 'refrigerator'], 'coco/val/kitchen.png'],
      ['coco-74', 'Describe this image in detail.', [], 'coco/val/empty.jpg'],
    ]);
    const truth = parseCocoInstances(json(annotations), 'instances.json');
    expect(() => cocoItems(truth, new Map([['stray.png', fakePng(9)]]), 'instances.json')).toThrow(
      'The image stray.png has no entry in instances.json, so its ground truth is unknown; add it there or leave it out of the import.',
    );
  });

  it('refuses unknown category ids, non-COCO categories and broken structure in one sentence', () => {
    const withAnnotation = (extra: object) =>
      json({ ...annotations, annotations: [...annotations.annotations, { id: 6, image_id: 42, ...extra }] });
    expect(() => parseCocoInstances(withAnnotation({ category_id: 91 }), 'instances.json')).toThrow(
      'Annotation 6 in instances.json has the category id 91, which its "categories" list does not define.',
    );
    expect(() => parseCocoInstances(withAnnotation({ category_id: 1, image_id: 7 }), 'instances.json')).toThrow(
      'Annotation 6 in instances.json is on the image id 7, which its "images" list does not define.',
    );
    expect(() =>
      parseCocoInstances(json({ ...annotations, categories: [{ id: 1, name: 'hat' }] }), 'mine.json'),
    ).toThrow(
      'The category "hat" in mine.json is not one of the 80 COCO categories, so CHAIR and POPE could not score it.',
    );
    expect(() => parseCocoInstances(json({ images: [] }), 'mine.json')).toThrow(
      'mine.json is not COCO instance annotations: it needs "images", "annotations" and "categories" lists.',
    );
    expect(() => parseCocoInstances('{"images":[],"annotations":[],"categories":[],"prototype":{}}', 'x.json')).toThrow(
      'x.json holds the key "prototype"',
    );
  });

  it('knows the 80 COCO categories by their ids, with the names the metrics use', () => {
    expect(COCO_80.size).toBe(80);
    expect([COCO_80.get(1), COCO_80.get(90), COCO_80.get(12)]).toEqual(['person', 'toothbrush', undefined]);
    expect(COCO_80_NAMES).toEqual(COCO_CATEGORIES);
  });
});
