/**
 * SIMA (arXiv 2405.15973): per item one greedy and one sampled answer; the same model, shown the
 * image, judges them against the reference answer with the critic prompt; the verdict (the last
 * `[[n]]`) picks chosen and rejected. Beyond the paper: judge both orders and keep only verdicts
 * that agree (the critic's position bias), with the agreement rate reported.
 */
import { parseCriticVerdict } from '../../metrics';
import { itemSeed } from '../item-seed';
import type { SampledAnswer, SampleJob } from '../../runtime/types';
import {
  GREEDY,
  chunksOf,
  type MethodControl,
  type MethodItem,
  type MethodResult,
  type MethodRuntime,
  itemPair,
  keepPair,
} from '../method-runtime';
import type { PairEvidence, PairRecord } from '../../data/pairs/pair-records';
import { CRITIC_CRITERIA, simaCriticPrompt } from './critic-prompts';

export interface SimaOptions {
  seed: number;
  maxNewTokens: number;
  criticMaxNewTokens: number;
  /** Of the sampled answer (the paper: 0.8 and 0.9). */
  temperature: number;
  topP: number;
  /** Also judge with the responses swapped and keep only pairs whose two verdicts agree. */
  bothOrders: boolean;
}

export const DEFAULT_SIMA_OPTIONS: SimaOptions = {
  seed: 1,
  maxNewTokens: 96,
  criticMaxNewTokens: 96,
  temperature: 0.8,
  topP: 0.9,
  bothOrders: false,
};

export interface SimaEvidence extends PairEvidence {
  method: 'sima';
  greedy: string;
  sampled: string;
  /** The critic's full text with response 1 = sampled, response 2 = greedy, and its verdict. */
  critic: string;
  verdict: 1 | 2;
  /** With both orders: the critic's text with the responses swapped, and its verdict in the original numbering. */
  swapped?: { critic: string; verdict: 1 | 2 };
  criteria: readonly string[];
}

export interface SimaResult extends MethodResult {
  /** With both orders: the share of judged items whose two verdicts agree. */
  agreement?: number;
}

export async function runSima(
  runtime: MethodRuntime,
  items: MethodItem[],
  options: SimaOptions,
  control: MethodControl = {},
): Promise<SimaResult> {
  const counts = { items: 0, pairs: 0, noReference: 0, identical: 0, noVerdict: 0, disagreed: 0 };
  let agreed = 0;
  const result: MethodResult = { pairs: [], counts };
  const criticJob = (item: MethodItem, response1: string, response2: string): SampleJob => ({
    request: {
      image: item.image,
      prompt: simaCriticPrompt(runtime.criticStyle, item.prompt, item.reference!, response1, response2),
    },
    options: { ...GREEDY, maxNewTokens: options.criticMaxNewTokens },
  });
  const verdictOf = ([critic]: SampledAnswer[]) => ({
    critic: critic!.text,
    verdict: parseCriticVerdict(critic!.text),
  });

  // A chunk of items at a time, each stage's calls decoded together: every item's greedy and sampled
  // answers, then the critic on the items whose two answers differ (in both orders when asked).
  for (const chunk of chunksOf(items, runtime.itemsPerCall)) {
    if (control.isCancelled?.()) break;
    const judged = chunk.filter((item) => item.reference);
    const answers = await runtime.sampleAll(
      judged.flatMap((item) => {
        const request = { image: item.image, prompt: item.prompt };
        return [
          { request, options: { ...GREEDY, maxNewTokens: options.maxNewTokens } },
          {
            request,
            options: {
              k: 1,
              seed: itemSeed(options.seed, item.id),
              temperature: options.temperature,
              topP: options.topP,
              topK: 0,
              greedy: false,
              maxNewTokens: options.maxNewTokens,
            },
          },
        ];
      }),
    );
    const texts = new Map(
      judged.map((item, i) => [item, { greedy: answers[2 * i]![0]!.text, sampled: answers[2 * i + 1]![0]!.text }]),
    );
    const differing = judged.filter((item) => texts.get(item)!.greedy !== texts.get(item)!.sampled);
    const orders = options.bothOrders ? 2 : 1;
    const critics = await runtime.sampleAll(
      differing.flatMap((item) => {
        const { greedy, sampled } = texts.get(item)!;
        return [criticJob(item, sampled, greedy), ...(options.bothOrders ? [criticJob(item, greedy, sampled)] : [])];
      }),
    );
    for (const item of chunk) {
      counts.items++;
      const d = differing.indexOf(item);
      const pair = !item.reference
        ? 'noReference'
        : d < 0
          ? 'identical'
          : simaPair(item, texts.get(item)!, critics.slice(d * orders, (d + 1) * orders).map(verdictOf));
      if (typeof pair === 'string') counts[pair]++;
      else keepPair(pair, result, control);
      control.onProgress?.(counts.items, items.length);
    }
  }
  return {
    ...result,
    agreement: options.bothOrders && agreed + counts.disagreed > 0 ? agreed / (agreed + counts.disagreed) : undefined,
  };

  /** The pair of an item whose greedy and sampled answers differ, from the critic's verdicts (the second with the answers swapped). */
  function simaPair(
    item: MethodItem,
    { greedy, sampled }: { greedy: string; sampled: string },
    [first, second]: { critic: string; verdict: 1 | 2 | null }[],
  ): PairRecord | 'noVerdict' | 'disagreed' {
    if (first!.verdict === null) return 'noVerdict';
    const evidence: SimaEvidence = {
      method: 'sima',
      greedy,
      sampled,
      critic: first!.critic,
      verdict: first!.verdict,
      criteria: CRITIC_CRITERIA,
    };
    if (second) {
      const inOriginalOrder = second.verdict === null ? null : second.verdict === 1 ? 2 : 1;
      if (inOriginalOrder !== first!.verdict) return 'disagreed';
      agreed++;
      evidence.swapped = { critic: second.critic, verdict: inOriginalOrder };
    }
    const [chosen, rejected] = first!.verdict === 1 ? [sampled, greedy] : [greedy, sampled];
    return itemPair(runtime, item, `s${options.seed}`, { chosen, rejected, evidence });
  }
}
