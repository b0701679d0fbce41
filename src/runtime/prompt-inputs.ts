import { RawImage, Tensor } from '@huggingface/transformers';
import { resizeRgb, rgbOverWhite } from './image-prep';
import type { LoadedVlm } from './load-model';
import type { SampleRequest } from './types';

export type ModelInputs = Record<string, Tensor>;

interface ResizingImageProcessor {
  config: { size?: unknown; do_resize?: boolean };
  get_resize_output_image_size(image: RawImage, size: unknown): [number, number];
}

/**
 * The image as the processor will see it: RGB, already at the size the processor would resize it
 * to, so its platform resizer (sharp in Node, canvas in browsers) is a no-op.
 */
function preparedImage(vlm: LoadedVlm, request: SampleRequest): RawImage {
  const rgb = rgbOverWhite(request.image);
  const imageProcessor = (vlm.processor as unknown as { image_processor: ResizingImageProcessor }).image_processor;
  const asRaw = (img: { data: Uint8ClampedArray; width: number; height: number }) =>
    new RawImage(img.data, img.width, img.height, 3);
  if (imageProcessor.config.do_resize === false || !imageProcessor.config.size) return asRaw(rgb);
  const [width, height] = imageProcessor.get_resize_output_image_size(asRaw(rgb), imageProcessor.config.size);
  return asRaw(resizeRgb(rgb, width, height));
}

/** The chat-formatted prompt text, ending where the assistant's answer begins. */
export function chatPrompt(vlm: LoadedVlm, prompt: string): string {
  const messages = [{ role: 'user', content: [{ type: 'image' }, { type: 'text', text: prompt }] }];
  return (vlm.processor as unknown as { apply_chat_template(m: unknown, o: unknown): string }).apply_chat_template(
    messages,
    {
      add_generation_prompt: true,
    },
  );
}

/** input_ids, attention_mask, pixel_values, pixel_attention_mask for one image and one prompt. */
export async function promptInputs(vlm: LoadedVlm, request: SampleRequest): Promise<ModelInputs> {
  // transformers.js processors are callable objects.
  const process = vlm.processor as unknown as (text: string, images: RawImage[]) => Promise<ModelInputs>;
  const inputs = await process(chatPrompt(vlm, request.prompt), [preparedImage(vlm, request)]);
  request.transformPixels?.(inputs.pixel_values!.data as Float32Array);
  return inputs;
}

/** The same inputs with answer tokens appended, for one teacher-forced pass. */
export function withAnswer(inputs: ModelInputs, answerIds: number[]): ModelInputs {
  const promptIds = Array.from(inputs.input_ids.data as BigInt64Array);
  const ids = [...promptIds, ...answerIds.map(BigInt)];
  return {
    ...inputs,
    input_ids: new Tensor('int64', BigInt64Array.from(ids), [1, ids.length]),
    attention_mask: new Tensor('int64', new BigInt64Array(ids.length).fill(1n), [1, ids.length]),
  };
}

export function tokenText(vlm: LoadedVlm, tokenId: number): string {
  const tokenizer = (vlm.processor as unknown as { tokenizer: { decode(ids: number[], o?: unknown): string } })
    .tokenizer;
  return tokenizer.decode([tokenId], { skip_special_tokens: false });
}

export function decodeAnswer(vlm: LoadedVlm, tokenIds: number[]): string {
  const tokenizer = (vlm.processor as unknown as { tokenizer: { decode(ids: number[], o?: unknown): string } })
    .tokenizer;
  return tokenizer.decode(tokenIds, { skip_special_tokens: true }).trim();
}

export function encodeAnswer(vlm: LoadedVlm, text: string): number[] {
  const tokenizer = (vlm.processor as unknown as { tokenizer: { encode(t: string, o?: unknown): number[] } }).tokenizer;
  return tokenizer.encode(text, { add_special_tokens: false });
}

/** The token ids that end an answer (from generation_config / config). */
export function endOfAnswerIds(vlm: LoadedVlm): number[] {
  const generation = (vlm.model as unknown as { generation_config?: { eos_token_id?: number | number[] } })
    .generation_config;
  const eos =
    generation?.eos_token_id ?? (vlm.model.config as unknown as { eos_token_id?: number | number[] }).eos_token_id;
  return eos === undefined ? [] : Array.isArray(eos) ? eos : [eos];
}

/** Token ids whose text ends a sentence ('.', '!' or '?' at its end): where CSR's sentences stop. */
export function sentenceEndIds(vlm: LoadedVlm): number[] {
  const tokenizer = (
    vlm.processor as unknown as { tokenizer: { get_vocab(): Map<string, number> | Record<string, number> } }
  ).tokenizer;
  // transformers.js 4 returns the vocabulary as a Map (Object.values of it is empty); older ones, an object.
  const vocab = tokenizer.get_vocab();
  const ids = vocab instanceof Map ? [...vocab.values()] : Object.values(vocab);
  return ids.filter((id) => /[.!?]\s*$/.test(tokenText(vlm, id)));
}
