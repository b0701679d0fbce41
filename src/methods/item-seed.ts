import { fnv1a } from '../common/random';

/** A sampling seed for (run seed, item): the same item gets the same samples whatever list it is in. */
export function itemSeed(seed: number, itemId: string): number {
  return fnv1a(itemId, 0x811c9dc5 ^ seed);
}
