// LLaVA instruction data with a zip or folder of images → items with reference answers; a missing
// image, an escaping path or a prototype key refuses the whole file in one sentence.
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { importDataset, importFilesFrom } from './import-dataset';
import { fakeJpeg, fakePng } from './import-fixtures.testing';
import { importLlava, promptOf } from './llava';

const bytesOf = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const records = [
  {
    id: '000000033471',
    image: 'coco/train2017/000000033471.jpg',
    conversations: [
      { from: 'human', value: '<image>\nWhat are the colors of the bus in the image?' },
      { from: 'gpt', value: 'The bus in the image is white and red.' },
      { from: 'human', value: 'What feature can be seen on the back of the bus?' },
      { from: 'gpt', value: 'The back of the bus features an advertisement.' },
    ],
  },
  {
    id: 52846,
    image: '000000052846.jpg',
    conversations: [
      { from: 'human', value: 'Where is the cat sitting?\n<image>' },
      { from: 'gpt', value: 'On a laptop.' },
    ],
  },
  {
    id: 'text-only',
    conversations: [
      { from: 'human', value: 'Write a poem.' },
      { from: 'gpt', value: 'Roses…' },
    ],
  },
  {
    id: '000000033471',
    image: 'coco/train2017/000000033471.jpg',
    conversations: [{ from: 'human', value: '<image>\nDescribe the image.' }],
  },
];
const imagesZip = zipSync({ 'train2017/000000033471.jpg': fakeJpeg(1), 'train2017/000000052846.jpg': fakePng(2) });

describe('LLaVA import', () => {
  it('turns records and a zip of images into items with prompts and reference answers', async () => {
    const files = importFilesFrom([
      { path: 'llava_instruct.json', bytes: bytesOf(records) },
      { path: 'images.zip', bytes: imagesZip },
    ]);
    const result = await importDataset(files);
    if (result.kind !== 'items') throw new Error('expected items');
    expect(result.source).toBe('llava');
    expect(result.skipped).toEqual({ textOnly: 1, multiImage: 0 });
    expect(
      result.items.map(({ id, prompt, reference, image }) => ({
        id,
        prompt,
        reference,
        image: image.name,
        type: image.type,
      })),
    ).toEqual([
      {
        id: '000000033471',
        prompt: 'What are the colors of the bus in the image?',
        reference: 'The bus in the image is white and red.',
        image: 'train2017/000000033471.jpg',
        type: 'image/jpeg',
      },
      {
        id: '52846',
        prompt: 'Where is the cat sitting?',
        reference: 'On a laptop.',
        image: 'train2017/000000052846.jpg',
        type: 'image/png',
      },
      {
        id: '000000033471-2',
        prompt: 'Describe the image.',
        reference: undefined,
        image: 'train2017/000000033471.jpg',
        type: 'image/jpeg',
      },
    ]);
    expect(result.items[0]!.image.bytes).toEqual(fakeJpeg(1));
    expect(result.items[2]!.image).toBe(result.items[0]!.image); // one image, shown twice
  });

  it('attaches COCO ground-truth objects when annotations come along', async () => {
    const coco = {
      images: [
        { id: 33471, file_name: '000000033471.jpg' },
        { id: 52846, file_name: '000000052846.jpg' },
      ],
      annotations: [
        { id: 1, image_id: 33471, category_id: 6 },
        { id: 2, image_id: 33471, category_id: 1 },
        { id: 3, image_id: 52846, category_id: 17 },
      ],
      categories: [
        { id: 1, name: 'person' },
        { id: 6, name: 'bus' },
        { id: 17, name: 'cat' },
      ],
    };
    const files = importFilesFrom([
      { path: 'llava.json', bytes: bytesOf(records.slice(0, 2)) },
      { path: 'instances.json', bytes: bytesOf(coco) },
      { path: 'images.zip', bytes: imagesZip },
    ]);
    const result = await importDataset(files);
    if (result.kind !== 'items') throw new Error('expected items');
    expect(result.items.map((item) => item.objects)).toEqual([['person', 'bus'], ['cat']]);
    expect(result.read).toEqual(['llava.json', 'instances.json']);
  });

  it('refuses the whole file, returning nothing, when an image is missing', () => {
    const files = new Map([['images/000000052846.jpg', fakePng(2)]]);
    expect(() => importLlava(bytesOf(records), 'llava.json', files)).toThrow(
      'The image coco/train2017/000000033471.jpg of record 1 (id "000000033471") of llava.json is not in the import.',
    );
  });

  it('refuses image paths that escape the import, prototype keys, and files that are not images', () => {
    const files = new Map([
      ['a.jpg', fakeJpeg(1)],
      ['notes.jpg', new TextEncoder().encode('hello')],
    ]);
    const one = (image: string) =>
      bytesOf([{ id: 'x', image, conversations: [{ from: 'human', value: '<image>\nQ?' }] }]);
    expect(() => importLlava(one('../secret.jpg'), 'llava.json', files)).toThrow(
      'The image path "../secret.jpg" of record 1 (id "x") of llava.json climbs out of its folder with "..", so it could point outside the import; nothing was imported.',
    );
    expect(() => importLlava(one('/etc/a.jpg'), 'llava.json', files)).toThrow('is an absolute path');
    expect(() => importLlava(one('notes.jpg'), 'llava.json', files)).toThrow(
      'The file notes.jpg (record 1 (id "x") of llava.json) is not a PNG, JPEG, GIF, WebP or BMP image.',
    );
    const polluted =
      '[{"id":"x","image":"a.jpg","conversations":[{"from":"human","value":"Q?"}],"__proto__":{"admin":true}}]';
    expect(() => importLlava(polluted, 'llava.json', files)).toThrow(
      'llava.json holds the key "__proto__" (at [0].__proto__), which imports refuse because it could tamper with the app.',
    );
    expect(() => importLlava('[{"id":"x","image":"a.jpg"}]', 'llava.json', files)).toThrow(
      'Record 1 (id "x") of llava.json needs "conversations", a list of {"from", "value"} turns.',
    );
  });

  it('reads JSON Lines too, and strips <image> with the line breaks around it', () => {
    const jsonl = records
      .slice(0, 2)
      .map((r) => JSON.stringify(r))
      .join('\n');
    const files = new Map([
      ['train2017/000000033471.jpg', fakeJpeg(1)],
      ['000000052846.jpg', fakePng(2)],
    ]);
    expect(importLlava(jsonl, 'data.jsonl', files).items).toHaveLength(2);
    expect(promptOf('<image>\n\nDescribe it.\n')).toBe('Describe it.');
  });

  it('refuses two image paths of the data that would land on one file', () => {
    const two = ['gqa/images/1.jpg', 'vg/images/1.jpg'].map((image, i) => ({
      id: i,
      image,
      conversations: [{ from: 'human', value: '<image>\nQ?' }],
    }));
    expect(() => importLlava(bytesOf(two), 'mix.json', new Map([['images/1.jpg', fakeJpeg(1)]]))).toThrow(
      'mix.json names both gqa/images/1.jpg and vg/images/1.jpg, which both match the file images/1.jpg; keep the image folders as mix.json names them.',
    );
  });
});
