/**
 * CSR (arXiv 2405.14622): the answer is grown sentence by sentence. Each open node gets N sampled
 * next sentences, each scored by the model (R_T = exp of its mean token log-prob) and by CLIP
 * against the image (R_I = max(cos, 0)); per depth the best and the worst open branches are kept
 * (⌊N/2⌋ − 1 best, at least one, and ⌊N/2⌋ worst, by the calibrated path score: the paper's pruning;
 * the released code prunes by the model's score alone). Chosen = the best complete path, rejected =
 * the worst, fused by rank as the released code does or by raw scores.
 */
import { itemSeed } from '../item-seed';
import {
  itemPair,
  keepPair,
  type MethodControl,
  type MethodItem,
  type MethodResult,
  type MethodRuntime,
} from '../method-runtime';
import type { PairEvidence } from '../../data/pairs/pair-records';
import { bestAndWorst, fusedValues, pathScore, pathTo, type Fusion, type SentenceNode } from './path-scores';

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

/** Keeps the best max(1, ⌊N/2⌋ − 1) and the worst ⌊N/2⌋ open nodes, or all when there are no more than N. */
function prune(open: SentenceNode[], nodes: SentenceNode[], options: CsrOptions): SentenceNode[] {
  if (open.length <= options.candidates) return open;
  const values = fusedValues(nodes, options.fusion, options.lambda);
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const sign = options.fusion === 'rank' ? 1 : -1;
  const ranked = [...open].sort(
    (a, b) => sign * (pathScore(pathTo(byId, a.id), values) - pathScore(pathTo(byId, b.id), values)) || a.id - b.id,
  );
  const half = Math.floor(options.candidates / 2);
  return [...ranked.slice(0, Math.max(1, half - 1)), ...ranked.slice(ranked.length - half)];
}

export async function runCsr(
  runtime: MethodRuntime,
  items: MethodItem[],
  options: CsrOptions,
  control: MethodControl = {},
): Promise<MethodResult> {
  if (!runtime.clipSimilarities) throw new Error('CSR needs a CLIP model to score sentences against the image.');
  const counts = { items: 0, pairs: 0, noPaths: 0, identical: 0 };
  const result: MethodResult = { pairs: [], counts };
  for (const item of items) {
    if (control.isCancelled?.()) break;
    counts.items++;
    const nodes: SentenceNode[] = [];
    const answerIds = new Map<number, number[]>();
    const leaves: number[] = [];
    let open: { id: number | null; ids: number[] }[] = [{ id: null, ids: [] }];
    for (let depth = 0; depth < options.maxSentences && open.length > 0; depth++) {
      const created: SentenceNode[] = [];
      for (const parent of open) {
        const samples = await runtime.sample(
          { image: item.image, prompt: item.prompt, answerPrefix: parent.ids },
          {
            k: options.candidates,
            seed: itemSeed(options.seed, `${item.id}/${parent.id ?? 'root'}`),
            temperature: options.temperature,
            topP: options.topP,
            topK: 0,
            greedy: false,
            maxNewTokens: options.sentenceTokens,
            stopIds: runtime.sentenceEndIds,
          },
        );
        for (const sample of samples) {
          const sentence = sample.text.trim();
          if (sentence.length < 4) {
            // CSR drops fragments under 4 characters; one that is the end of the answer ends the
            // parent's path there: the parent is a complete answer, a leaf.
            if (sample.finished && parent.id !== null && !nodes[parent.id]!.final) {
              nodes[parent.id]!.final = true;
              leaves.push(parent.id);
            }
            continue;
          }
          const id = nodes.length + created.length;
          answerIds.set(id, [...parent.ids, ...sample.tokens.map((token) => token.tokenId)]);
          const meanLogprob = sample.sumLogprob / Math.max(1, sample.tokens.length);
          created.push({
            id,
            parent: parent.id,
            depth,
            sentence,
            rT: Math.exp(meanLogprob),
            rI: 0,
            final: sample.finished || depth === options.maxSentences - 1,
          });
        }
      }
      if (created.length === 0) break;
      const similarities = await runtime.clipSimilarities(
        item.image,
        created.map((node) => node.sentence),
      );
      created.forEach((node, i) => (node.rI = Math.max(similarities[i]!, 0)));
      nodes.push(...created);
      leaves.push(...created.filter((node) => node.final).map((node) => node.id));
      open = prune(
        created.filter((node) => !node.final),
        nodes,
        options,
      ).map((node) => ({ id: node.id, ids: answerIds.get(node.id)! }));
    }
    const ends = leaves.length < 2 ? undefined : bestAndWorst(nodes, leaves, options.fusion, options.lambda);
    if (!ends) counts.noPaths++;
    else {
      const byId = new Map(nodes.map((node) => [node.id, node]));
      const chosenPath = pathTo(byId, ends.best.leaf);
      const rejectedPath = pathTo(byId, ends.worst.leaf);
      const text = (path: SentenceNode[]) => path.map((node) => node.sentence).join(' ');
      if (text(chosenPath) === text(rejectedPath)) counts.identical++;
      else {
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
        const pair = itemPair(runtime, item, `s${options.seed}`, {
          chosen: text(chosenPath),
          rejected: text(rejectedPath),
          evidence,
        });
        keepPair(pair, result, control);
      }
    }
    control.onProgress?.(counts.items, items.length);
  }
  return result;
}
