import { encodePngAsync, rasterizeScene, sampleScenes, type Scene, type Split } from '../world';
import type { ImageRecord } from './records';

async function pngBytes(scene: Scene): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = await encodePngAsync(rasterizeScene(scene));
  return new Uint8Array(bytes);
}

/** A shapes-world scene as a PNG data URL (for thumbnails and evaluation drill-downs). */
export async function sceneDataUrl(scene: Scene): Promise<string> {
  const bytes = await pngBytes(scene);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `data:image/png;base64,${btoa(binary)}`;
}

/** N seeded scenes of a split as gallery records with their ground truth attached. */
export async function worldImageRecords(options: { split: Split; n: number; seed: number }): Promise<ImageRecord[]> {
  const records: ImageRecord[] = [];
  for (const scene of sampleScenes(options)) {
    const blob = new Blob([await pngBytes(scene)], { type: 'image/png' });
    records.push({
      id: `world-${scene.id}`,
      name: `${scene.id}.png`,
      width: 64,
      height: 64,
      blob,
      thumbnail: await sceneDataUrl(scene),
      scene,
      createdAt: Date.now(),
    });
  }
  return records;
}
