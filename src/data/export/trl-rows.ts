// TRL DPOTrainer, conversational vision format: the image is a typed part of the user turn and
// the pixels are in `images` (one per image part).
import type { EffectivePair } from '../pairs/effective-preference';
import { imageColumn, listOf, stringColumn, structOf, type TableSchema } from './table-schema';

export interface TrlRow<Image> {
  prompt: [{ role: 'user'; content: [{ type: 'image' }, { type: 'text'; text: string }] }];
  chosen: [{ role: 'assistant'; content: [{ type: 'text'; text: string }] }];
  rejected: [{ role: 'assistant'; content: [{ type: 'text'; text: string }] }];
  images: Image[];
}

const answer = (text: string): TrlRow<never>['chosen'] => [{ role: 'assistant', content: [{ type: 'text', text }] }];

export function trlRow<Image>({ pair, chosen, rejected }: EffectivePair, image: Image): TrlRow<Image> {
  return {
    prompt: [{ role: 'user', content: [{ type: 'image' }, { type: 'text', text: pair.prompt }] }],
    chosen: answer(chosen),
    rejected: answer(rejected),
    images: [image],
  };
}

// In Parquet the image part's `text` is null, as `datasets` stores {"type":"image"} next to text parts.
const turns = listOf(
  structOf({ role: stringColumn, content: listOf(structOf({ type: stringColumn, text: stringColumn })) }),
);
export const TRL_COLUMNS: TableSchema = { prompt: turns, chosen: turns, rejected: turns, images: listOf(imageColumn) };
