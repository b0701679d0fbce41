import type { PairImage } from './pairs/pair-records';
import {
  augmentImage,
  diffusionPreview,
  encodePngAsync,
  IMAGE_SIZE,
  rasterizeScene,
  sampleScene,
  sampleScenes,
  type RgbaImage,
  type Scene,
  type Split,
} from '../world';
import type { ImageRecord } from './records';
import type { SevaAugmentation } from './runs';

async function pngBytes(scene: Scene): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = await encodePngAsync(rasterizeScene(scene));
  return new Uint8Array(bytes);
}

/** An RGBA image as a PNG data URL. */
export async function imageDataUrl(image: RgbaImage): Promise<string> {
  const bytes = await encodePngAsync(image);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `data:image/png;base64,${btoa(binary)}`;
}

/** A shapes-world scene as a PNG data URL (for thumbnails and evaluation drill-downs). */
export function sceneDataUrl(scene: Scene): Promise<string> {
  return imageDataUrl(rasterizeScene(scene));
}

/** The scene a pair's image refers to, when it is a shapes-world scene. */
export function sceneOfPairImage(image: PairImage): Scene | undefined {
  return 'scene' in image ? sampleScene(image.scene.split, image.scene.seed, image.scene.index) : undefined;
}

/**
 * SeVa's augmented image of a scene, for display. Diffusion noise is previewed with mean and std
 * 0.5, the normalisation of SmolVLM and shapes-vlm.
 */
export function sevaPreviewUrl(scene: Scene, augmentation: SevaAugmentation, t: number, seed: number): Promise<string> {
  const image = rasterizeScene(scene);
  return imageDataUrl(
    augmentation === 'diffusion'
      ? diffusionPreview(image, t, seed, [0.5, 0.5, 0.5], [0.5, 0.5, 0.5])
      : augmentImage(image, augmentation, seed),
  );
}

/** N seeded scenes of a split as gallery records with their ground truth attached. */
export async function worldImageRecords(options: { split: Split; n: number; seed: number }): Promise<ImageRecord[]> {
  const records: ImageRecord[] = [];
  for (const scene of sampleScenes(options)) {
    const blob = new Blob([await pngBytes(scene)], { type: 'image/png' });
    records.push({
      id: `world-${scene.id}`,
      name: `${scene.id}.png`,
      width: IMAGE_SIZE,
      height: IMAGE_SIZE,
      blob,
      thumbnail: await sceneDataUrl(scene),
      scene,
      createdAt: Date.now(),
    });
  }
  return records;
}
