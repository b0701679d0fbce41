/** A sampling seed for (run seed, item): the same item gets the same samples whatever list it is in. */
export function itemSeed(seed: number, itemId: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < itemId.length; i++) h = Math.imul(h ^ itemId.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
