/**
 * Which pairs a step trains on: each epoch visits every pair once, in a seeded shuffle, and step s
 * takes the next `perStep` of that stream. It depends only on (count, perStep, seed, step), so a
 * run resumed from a checkpoint at step s sees the same pairs as one that never stopped.
 */
import { mulberry32 } from '../../common/random';

function shuffled(count: number, seed: number, epoch: number): number[] {
  const next = mulberry32((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(epoch + 1, 0x85ebca6b)) >>> 0);
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

export function pairsForStep(count: number, perStep: number, seed: number, step: number): number[] {
  if (count === 0) throw new Error('There are no pairs to train on.');
  const orders = new Map<number, number[]>(); // each epoch's shuffle once, not once per pair
  return Array.from({ length: perStep }, (_, j) => {
    const position = step * perStep + j;
    const epoch = Math.floor(position / count);
    if (!orders.has(epoch)) orders.set(epoch, shuffled(count, seed, epoch));
    return orders.get(epoch)![position % count]!;
  });
}
