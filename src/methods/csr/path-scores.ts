/**
 * CSR's sentence tree and how paths are scored (YiyangZhou/CSR, utils.Rank_Node.calculate_ranks).
 * Rank fusion, as the released code: among siblings rank = (i + 1) / n by the model's own score
 * (best first) and clip_rank likewise by CLIP; a node's value is (1 − λ)·rank + λ·clip_rank and a
 * path's is the mean over its nodes: lowest = best. Raw-score fusion, as the paper's formula:
 * R = λ·R_I + (1 − λ)·R_T per sentence, the path's mean: highest = best.
 */

export interface SentenceNode {
  id: number;
  parent: number | null;
  depth: number;
  sentence: string;
  /** The model's own score: exp(mean token log-prob) of the sentence, in (0, 1]. */
  rT: number;
  /** Image–sentence relevance: max(CLIP cosine, 0). */
  rI: number;
  /** The answer ended after this sentence. */
  final: boolean;
}

export type Fusion = 'rank' | 'raw';

/** Per node: its fused value (rank fusion: lower is better; raw: higher is better). */
export function fusedValues(nodes: SentenceNode[], fusion: Fusion, lambda: number): Map<number, number> {
  const values = new Map<number, number>();
  if (fusion === 'raw') {
    for (const node of nodes) values.set(node.id, lambda * node.rI + (1 - lambda) * node.rT);
    return values;
  }
  const siblings = new Map<number | null, SentenceNode[]>();
  for (const node of nodes) siblings.set(node.parent, [...(siblings.get(node.parent) ?? []), node]);
  for (const group of siblings.values()) {
    const rankBy = (key: 'rT' | 'rI') => {
      const order = [...group].sort((a, b) => b[key] - a[key] || a.id - b.id);
      return new Map(order.map((node, i) => [node.id, (i + 1) / group.length]));
    };
    const model = rankBy('rT');
    const clip = rankBy('rI');
    for (const node of group) values.set(node.id, (1 - lambda) * model.get(node.id)! + lambda * clip.get(node.id)!);
  }
  return values;
}

/** The nodes from the first sentence to `leaf`. */
export function pathTo(nodes: Map<number, SentenceNode>, leaf: number): SentenceNode[] {
  const path: SentenceNode[] = [];
  for (let node = nodes.get(leaf); node; node = node.parent === null ? undefined : nodes.get(node.parent))
    path.unshift(node);
  return path;
}

/** Each path's score: the mean fused value of its nodes. */
export function pathScore(path: SentenceNode[], values: Map<number, number>): number {
  return path.reduce((sum, node) => sum + values.get(node.id)!, 0) / path.length;
}

/** Best and worst of the complete paths (by leaf id), in the fusion's order. */
export function bestAndWorst(nodes: SentenceNode[], leaves: number[], fusion: Fusion, lambda: number) {
  const values = fusedValues(nodes, fusion, lambda);
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const scored = leaves.map((leaf) => ({ leaf, score: pathScore(pathTo(byId, leaf), values) }));
  const better = (a: number, b: number) => (fusion === 'rank' ? a < b : a > b);
  let best = scored[0]!;
  let worst = scored[0]!;
  for (const entry of scored) {
    if (better(entry.score, best.score)) best = entry;
    if (better(worst.score, entry.score)) worst = entry;
  }
  return { best, worst, values };
}
