import type { Rng } from '../../common/random';

export const DESCRIBE_PROMPT = 'Describe the image.';

export const DESCRIBE_PARAPHRASES: readonly string[] = [
  'What is in the image?',
  'Describe what you see.',
  'List the objects in the image.',
  'What objects are shown in this picture?',
  'Give a description of the image.',
  'Tell me what is in this picture.',
  'Describe the shapes in the image.',
  'What can you see in the image?',
  'Write a short description of this image.',
];

export const DESCRIBE_PROMPTS: readonly string[] = [DESCRIBE_PROMPT, ...DESCRIBE_PARAPHRASES];

export function pickDescribePrompt(rng: Rng): string {
  return rng.pick(DESCRIBE_PROMPTS);
}
