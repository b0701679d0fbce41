/**
 * A CLIP model (shapes-clip, or a Hub CLIP) through transformers.js's CLIP classes: image–text
 * cosine similarities. Images are cropped and resized by our own resampler to the model's square,
 * so the processor never resizes (the same pixels in Node and the browser).
 */
import {
  AutoProcessor,
  AutoTokenizer,
  CLIPTextModelWithProjection,
  CLIPVisionModelWithProjection,
  RawImage,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  type Processor,
  type Tensor,
} from '@huggingface/transformers';
import { findModel } from './catalog';
import { describeLoadError } from './load-errors';
import { ModelLoadError } from './load-model';
import { resizeRgb, rgbOverWhite, type RgbImage } from './image-prep';
import { prepareEnvironmentFor } from './transformers-env';
import type { Device } from './types';
import type { RgbaImage } from '../common/rgba-image';

export const EMBEDDED_CLIP_ID = 'shapes-clip';
/** A CLIP in the transformers.js layout for Hub models (the CSR paper used ViT-L/14-336). */
export const HUB_CLIP_ID = 'Xenova/clip-vit-base-patch32';

/** The CLIP that scores a model's answers against images: shapes-clip for embedded models. */
export function clipFor(modelId: string): string {
  return findModel(modelId)?.source === 'embedded' ? EMBEDDED_CLIP_ID : HUB_CLIP_ID;
}

export interface LoadedClip {
  /** Cosine similarity of the image with each text. */
  similarities(image: RgbaImage, texts: string[]): Promise<number[]>;
  dispose(): Promise<void>;
}

/** The centred square of the image, resized to size × size. */
function centreSquare(image: RgbImage, size: number): RgbImage {
  const side = Math.min(image.width, image.height);
  const left = Math.floor((image.width - side) / 2);
  const top = Math.floor((image.height - side) / 2);
  const data = new Uint8ClampedArray(side * side * 3);
  for (let y = 0; y < side; y++) {
    const from = ((top + y) * image.width + left) * 3;
    data.set(image.data.subarray(from, from + side * 3), y * side * 3);
  }
  return resizeRgb({ width: side, height: side, data }, size, size);
}

function unitRows(tensor: Tensor): Float32Array[] {
  const [rows, width] = tensor.dims as [number, number];
  const data = tensor.data as Float32Array;
  return Array.from({ length: rows }, (_, r) => {
    const row = data.slice(r * width, (r + 1) * width);
    const norm = Math.hypot(...row) || 1;
    return row.map((v) => v / norm);
  });
}

export async function loadClip(modelId = EMBEDDED_CLIP_ID, device: Device = 'cpu'): Promise<LoadedClip> {
  const embedded = modelId === EMBEDDED_CLIP_ID;
  prepareEnvironmentFor({
    id: modelId,
    label: modelId,
    source: embedded ? 'embedded' : 'hub',
    description: '',
    dtypes: ['fp32'],
  });
  let tokenizer: PreTrainedTokenizer, processor: Processor, textModel: PreTrainedModel, visionModel: PreTrainedModel;
  try {
    tokenizer = await AutoTokenizer.from_pretrained(modelId);
    processor = await AutoProcessor.from_pretrained(modelId);
    textModel = await CLIPTextModelWithProjection.from_pretrained(modelId, { device, dtype: 'fp32' });
    visionModel = await CLIPVisionModelWithProjection.from_pretrained(modelId, { device, dtype: 'fp32' });
  } catch (error) {
    throw new ModelLoadError(describeLoadError(error, modelId, embedded ? 'embedded' : 'hub'));
  }
  const size =
    (visionModel.config as unknown as { vision_config?: { image_size: number }; image_size?: number }).vision_config
      ?.image_size ?? (visionModel.config as unknown as { image_size: number }).image_size;
  return {
    async similarities(image, texts) {
      const square = centreSquare(rgbOverWhite(image), size);
      const pixels = await (processor as unknown as (images: RawImage) => Promise<Record<string, Tensor>>)(
        new RawImage(square.data, size, size, 3),
      );
      const { image_embeds } = (await visionModel(pixels)) as { image_embeds: Tensor };
      const inputs = tokenizer(texts, { padding: true, truncation: true });
      const { text_embeds } = (await textModel(inputs)) as { text_embeds: Tensor };
      const [imageUnit] = unitRows(image_embeds) as [Float32Array];
      return unitRows(text_embeds).map((row) => row.reduce((sum, v, k) => sum + v * imageUnit[k]!, 0));
    },
    async dispose() {
      await Promise.all([textModel.dispose(), visionModel.dispose()]);
    },
  };
}
