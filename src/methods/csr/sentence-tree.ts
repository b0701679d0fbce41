/**
 * One item's CSR search as it grows: each open node gets N sampled next sentences, scored by the
 * model (R_T = exp of the mean token log-prob) and by CLIP (R_I = max(cos, 0)); per depth the best
 * and the worst open branches are kept (⌊N/2⌋ − 1 best, at least one, and ⌊N/2⌋ worst, by the
 * calibrated path score: the paper's pruning; the released code prunes by the model's score alone).
 * The tree only says what to sample next and takes the samples back, so the open nodes of many
 * items can be sampled together.
 */
import type { SampledAnswer, SampleJob } from '../../runtime/types';
import { itemSeed } from '../item-seed';
import type { MethodItem } from '../method-runtime';
import { fusedValues, pathScore, pathTo, type SentenceNode } from './path-scores';
import type { CsrOptions } from './csr';

interface OpenNode {
  id: number | null;
  /** The answer's tokens up to and including this node's sentence. */
  ids: number[];
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

export class SentenceTree {
  readonly nodes: SentenceNode[] = [];
  readonly leaves: number[] = [];
  private readonly answerIds = new Map<number, number[]>();
  private open: OpenNode[] = [{ id: null, ids: [] }];
  private depth = 0;

  constructor(
    readonly item: MethodItem,
    private readonly options: CsrOptions,
  ) {}

  get growing(): boolean {
    return this.open.length > 0 && this.depth < this.options.maxSentences;
  }

  /** One sampling call per open node: N candidate next sentences after its answer so far. */
  jobs(sentenceEndIds: number[]): SampleJob[] {
    const { item, options } = this;
    return this.open.map((parent) => ({
      request: { image: item.image, prompt: item.prompt, answerPrefix: parent.ids },
      options: {
        k: options.candidates,
        seed: itemSeed(options.seed, `${item.id}/${parent.id ?? 'root'}`),
        temperature: options.temperature,
        topP: options.topP,
        topK: 0,
        greedy: false,
        maxNewTokens: options.sentenceTokens,
        stopIds: sentenceEndIds,
      },
    }));
  }

  /** Takes the samples of `jobs()`, in its order, scores the new sentences with CLIP and prunes to the next depth. */
  async grow(
    samples: SampledAnswer[][],
    clipSimilarities: (image: MethodItem['image'], texts: string[]) => Promise<number[]>,
  ): Promise<void> {
    const { nodes, options } = this;
    const created: SentenceNode[] = [];
    for (const [p, parent] of this.open.entries()) {
      for (const sample of samples[p] ?? []) {
        const sentence = sample.text.trim();
        if (sentence.length < 4) {
          // CSR drops fragments under 4 characters; one that is the end of the answer ends the
          // parent's path there: the parent is a complete answer, a leaf.
          if (sample.finished && parent.id !== null && !nodes[parent.id]!.final) {
            nodes[parent.id]!.final = true;
            this.leaves.push(parent.id);
          }
          continue;
        }
        const id = nodes.length + created.length;
        this.answerIds.set(id, [...parent.ids, ...sample.tokens.map((token) => token.tokenId)]);
        const meanLogprob = sample.sumLogprob / Math.max(1, sample.tokens.length);
        created.push({
          id,
          parent: parent.id,
          depth: this.depth,
          sentence,
          rT: Math.exp(meanLogprob),
          rI: 0,
          final: sample.finished || this.depth === options.maxSentences - 1,
        });
      }
    }
    this.depth++;
    if (created.length === 0) {
      this.open = [];
      return;
    }
    const similarities = await clipSimilarities(
      this.item.image,
      created.map((node) => node.sentence),
    );
    created.forEach((node, i) => (node.rI = Math.max(similarities[i]!, 0)));
    nodes.push(...created);
    this.leaves.push(...created.filter((node) => node.final).map((node) => node.id));
    this.open = prune(
      created.filter((node) => !node.final),
      nodes,
      options,
    ).map((node) => ({ id: node.id, ids: this.answerIds.get(node.id)! }));
  }
}
