/**
 * Prompt token ids exactly as transformers.js's Idefics3Processor builds them for one image that
 * is not split (a single tile): the SmolVLM chat template, then the `<image>` placeholder expanded
 * to `<fake_token_around_image><global-img>` + `<image>`×image_seq_len + `<fake_token_around_image>`.
 */

/** Text → token ids, with special tokens such as `<image>` recognised (a tokenizer's `encode`). */
export type EncodeText = (text: string) => number[];

export const IMAGE_TOKEN = '<image>';
export const FAKE_TOKEN_AROUND_IMAGE = '<fake_token_around_image>';
export const GLOBAL_IMAGE_TOKEN = '<global-img>';
export const END_OF_UTTERANCE = '<end_of_utterance>';

/** The SmolVLM chat template for one user turn (image, then text) and the generation prompt. */
export function chatPromptText(prompt: string): string {
  return `<|im_start|>User:${IMAGE_TOKEN}${prompt}${END_OF_UTTERANCE}\nAssistant:`;
}

/**
 * The template's text for a later user turn (text only) and the generation prompt: the previous
 * answer's `<end_of_utterance>` is followed by a newline.
 */
export function followUpPromptText(prompt: string): string {
  return `\nUser: ${prompt}${END_OF_UTTERANCE}\nAssistant:`;
}

/** What Idefics3Processor puts in place of `<image>` for an image that is not split. */
export function singleImageText(imageSeqLen: number): string {
  return FAKE_TOKEN_AROUND_IMAGE + GLOBAL_IMAGE_TOKEN + IMAGE_TOKEN.repeat(imageSeqLen) + FAKE_TOKEN_AROUND_IMAGE;
}

/** The processor's input_ids for (one single-tile image, prompt), ending at "Assistant:". */
export function buildPromptIds(encode: EncodeText, prompt: string, imageSeqLen: number): number[] {
  return encode(chatPromptText(prompt).replace(IMAGE_TOKEN, singleImageText(imageSeqLen)));
}

/**
 * The assistant's tokens after "Assistant:": the template writes ": " before a text turn, so the
 * answer starts with a space, and the turn ends with `<end_of_utterance>` (the eos token).
 */
export function buildAnswerIds(encode: EncodeText, answer: string): number[] {
  return encode(` ${answer}${END_OF_UTTERANCE}`);
}

/** One exchange of a conversation: the user's text and the assistant's answer. */
export interface ChatTurn {
  prompt: string;
  answer: string;
}

/**
 * A training sequence for a conversation about one image (the image goes with the first turn), as
 * the chat template writes it; the mask is 1 on answer tokens only.
 */
export function buildTrainingIds(
  encode: EncodeText,
  turns: readonly ChatTurn[],
  imageSeqLen: number,
): { ids: number[]; lossMask: number[] } {
  const ids: number[] = [];
  const lossMask: number[] = [];
  turns.forEach((turn, k) => {
    const promptIds =
      k === 0 ? buildPromptIds(encode, turn.prompt, imageSeqLen) : encode(followUpPromptText(turn.prompt));
    const answerIds = buildAnswerIds(encode, turn.answer);
    ids.push(...promptIds, ...answerIds);
    lossMask.push(...promptIds.map(() => 0), ...answerIds.map(() => 1));
  });
  return { ids, lossMask };
}
