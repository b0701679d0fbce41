/**
 * CSR (arXiv 2405.14622): the answer is grown sentence by sentence (sentence-tree.ts: N sampled next
 * sentences per open node, scored by the model and by CLIP, pruned per depth). Chosen = the best
 * complete path, rejected = the worst, fused by rank as the released code does or by raw scores.
 * The trees of `runtime.itemsPerCall` items grow together, so their open nodes decode in batches.
 */
import {
  chunksOf,
  itemPair,
  keepPair,
  type MethodControl,
  type MethodItem,
  type MethodResult,
  type MethodRuntime,
} from '../method-runtime';
import type { PairEvidence, PairRecord } from '../../data/pairs/pair-records';
import { bestAndWorst, pathTo, type Fusion, type SentenceNode } from './path-scores';
import { SentenceTree } from './sentence-tree';

export interface CsrOptions {
  seed: number;
  /** Candidate next sentences per open node. */
  candidates: number;
  maxSentences: number;
  sentenceTokens: number;
  temperature: number;
  topP: number;
  /** Weight of CLIP in the fusion (the paper's λ, the code's clip_alpha). */
  lambda: number;
  fusion: Fusion;
}

export const DEFAULT_CSR_OPTIONS: CsrOptions = {
  seed: 1,
  candidates: 5,
  maxSentences: 6,
  sentenceTokens: 40,
  temperature: 0.8,
  topP: 0.9,
  lambda: 0.9,
  fusion: 'rank',
};

export interface CsrEvidence extends PairEvidence {
  method: 'csr';
  fusion: Fusion;
  lambda: number;
  /** Every scored sentence, with its fused value. */
  nodes: (SentenceNode & { value: number })[];
  chosenPath: number[];
  rejectedPath: number[];
  chosenScore: number;
  rejectedScore: number;
}

/** The pair of a grown tree: its best and worst complete paths, or why there is none. */
function treePair(
  runtime: MethodRuntime,
  { item, nodes, leaves }: SentenceTree,
  options: CsrOptions,
): PairRecord | 'noPaths' | 'identical' {
  const ends = leaves.length < 2 ? undefined : bestAndWorst(nodes, leaves, options.fusion, options.lambda);
  if (!ends) return 'noPaths';
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const chosenPath = pathTo(byId, ends.best.leaf);
  const rejectedPath = pathTo(byId, ends.worst.leaf);
  const text = (path: SentenceNode[]) => path.map((node) => node.sentence).join(' ');
  if (text(chosenPath) === text(rejectedPath)) return 'identical';
  const evidence: CsrEvidence = {
    method: 'csr',
    fusion: options.fusion,
    lambda: options.lambda,
    nodes: nodes.map((node) => ({ ...node, value: ends.values.get(node.id)! })),
    chosenPath: chosenPath.map((node) => node.id),
    rejectedPath: rejectedPath.map((node) => node.id),
    chosenScore: ends.best.score,
    rejectedScore: ends.worst.score,
  };
  return itemPair(runtime, item, `s${options.seed}`, {
    chosen: text(chosenPath),
    rejected: text(rejectedPath),
    evidence,
  });
}

export async function runCsr(
  runtime: MethodRuntime,
  items: MethodItem[],
  options: CsrOptions,
  control: MethodControl = {},
): Promise<MethodResult> {
  const clipSimilarities = runtime.clipSimilarities;
  if (!clipSimilarities) throw new Error('CSR needs a CLIP model to score sentences against the image.');
  const counts = { items: 0, pairs: 0, noPaths: 0, identical: 0 };
  const result: MethodResult = { pairs: [], counts };
  for (const chunk of chunksOf(items, runtime.itemsPerCall)) {
    if (control.isCancelled?.()) break;
    const trees = chunk.map((item) => new SentenceTree(item, options));
    for (let growing = trees; growing.length > 0; growing = growing.filter((tree) => tree.growing)) {
      const jobs = growing.map((tree) => tree.jobs(runtime.sentenceEndIds));
      const samples = await runtime.sampleAll(jobs.flat());
      let offset = 0;
      for (const [t, tree] of growing.entries()) {
        await tree.grow(samples.slice(offset, offset + jobs[t]!.length), clipSimilarities);
        offset += jobs[t]!.length;
      }
    }
    for (const tree of trees) {
      counts.items++;
      const pair = treePair(runtime, tree, options);
      if (typeof pair === 'string') counts[pair]++;
      else keepPair(pair, result, control);
      control.onProgress?.(counts.items, items.length);
    }
  }
  return result;
}
