import { describe, expect, it } from 'vitest';
import { IMAGE_SIZE } from '../world';
import { worldImageRecords } from './world-images';

describe('shapes-world gallery records', () => {
  it('are labelled with the size their PNG has (96×96)', async () => {
    const [record] = await worldImageRecords({ split: 'train', n: 1, seed: 1 });
    const png = new DataView(await record!.blob.arrayBuffer());
    // IHDR: width and height, big-endian, at bytes 16 and 20.
    expect([png.getUint32(16), png.getUint32(20)]).toEqual([IMAGE_SIZE, IMAGE_SIZE]);
    expect([record!.width, record!.height]).toEqual([96, 96]);
  });
});
