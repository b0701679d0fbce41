// LLaMA-Factory, sharegpt ranking format: the human turn holds one <image> per image, the answers
// are single gpt turns, and dataset_info.json registers the file.
import type { EffectivePair } from '../pairs/effective-preference';
import { imageColumn, listOf, stringColumn, structOf, type TableSchema } from './table-schema';

export const IMAGE_TOKEN = '<image>';
export const LLAMA_FACTORY_DATASET = 'selfalign';

interface Turn<From extends 'human' | 'gpt'> {
  from: From;
  value: string;
}

export interface LlamaFactoryRow<Image> {
  conversations: [Turn<'human'>];
  chosen: Turn<'gpt'>;
  rejected: Turn<'gpt'>;
  images: Image[];
}

/** LLaMA-Factory counts <image> in every turn, so a text that holds one would break the count. */
function withoutImageToken(text: string, pairId: string, what: string): string {
  if (text.includes(IMAGE_TOKEN))
    throw new Error(
      `The ${what} of pair ${pairId} contains the text ${IMAGE_TOKEN}, which LLaMA-Factory reads as an image; remove it before exporting.`,
    );
  return text;
}

export function llamaFactoryRow<Image>(
  { pair, chosen, rejected }: EffectivePair,
  image: Image,
): LlamaFactoryRow<Image> {
  return {
    conversations: [{ from: 'human', value: IMAGE_TOKEN + withoutImageToken(pair.prompt, pair.id, 'prompt') }],
    chosen: { from: 'gpt', value: withoutImageToken(chosen, pair.id, 'chosen answer') },
    rejected: { from: 'gpt', value: withoutImageToken(rejected, pair.id, 'rejected answer') },
    images: [image],
  };
}

const turn = structOf({ from: stringColumn, value: stringColumn });
export const LLAMA_FACTORY_COLUMNS: TableSchema = {
  conversations: listOf(turn),
  chosen: turn,
  rejected: turn,
  images: listOf(imageColumn),
};

/** The dataset_info.json that registers the data file (put the export folder as dataset_dir). */
export function llamaFactoryDatasetInfo(dataFile: string) {
  return {
    [LLAMA_FACTORY_DATASET]: {
      file_name: dataFile,
      formatting: 'sharegpt',
      ranking: true,
      columns: { messages: 'conversations', chosen: 'chosen', rejected: 'rejected', images: 'images' },
      tags: { role_tag: 'from', content_tag: 'value', user_tag: 'human', assistant_tag: 'gpt' },
    },
  };
}
