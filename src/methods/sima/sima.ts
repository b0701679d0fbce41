/**
 * SIMA (arXiv 2405.15973): per item one greedy and one sampled answer; the same model, shown the
 * image, judges them against the reference answer with the critic prompt; the verdict (the last
 * `[[n]]`) picks chosen and rejected. Beyond the paper: judge both orders and keep only verdicts
 * that agree (the critic's position bias), with the agreement rate reported.
 */
import { parseCriticVerdict } from '../../metrics';
import { itemSeed } from '../item-seed';
import {
  GREEDY,
  type MethodControl,
  type MethodItem,
  type MethodResult,
  type MethodRuntime,
  itemPair,
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
  const pairs: PairRecord[] = [];
  const judge = async (item: MethodItem, response1: string, response2: string) => {
    const prompt = simaCriticPrompt(runtime.criticStyle, item.prompt, item.reference!, response1, response2);
    const [critic] = await runtime.sample(
      { image: item.image, prompt },
      { ...GREEDY, maxNewTokens: options.criticMaxNewTokens },
    );
    return { critic: critic!.text, verdict: parseCriticVerdict(critic!.text) };
  };

  for (const item of items) {
    if (control.isCancelled?.()) break;
    counts.items++;
    const result = await simaItem(item);
    if (typeof result === 'string') counts[result]++;
    else {
      pairs.push(result);
      counts.pairs++;
      control.onPair?.(result);
    }
    control.onProgress?.(counts.items, items.length);
  }
  return {
    pairs,
    counts,
    agreement: options.bothOrders && agreed + counts.disagreed > 0 ? agreed / (agreed + counts.disagreed) : undefined,
  };

  async function simaItem(
    item: MethodItem,
  ): Promise<PairRecord | 'noReference' | 'identical' | 'noVerdict' | 'disagreed'> {
    if (!item.reference) return 'noReference';
    const request = { image: item.image, prompt: item.prompt };
    const [greedy] = await runtime.sample(request, { ...GREEDY, maxNewTokens: options.maxNewTokens });
    const [sampled] = await runtime.sample(request, {
      k: 1,
      seed: itemSeed(options.seed, item.id),
      temperature: options.temperature,
      topP: options.topP,
      topK: 0,
      greedy: false,
      maxNewTokens: options.maxNewTokens,
    });
    if (greedy!.text === sampled!.text) return 'identical';
    const first = await judge(item, sampled!.text, greedy!.text);
    if (first.verdict === null) return 'noVerdict';
    const evidence: SimaEvidence = {
      method: 'sima',
      greedy: greedy!.text,
      sampled: sampled!.text,
      critic: first.critic,
      verdict: first.verdict,
      criteria: CRITIC_CRITERIA,
    };
    if (options.bothOrders) {
      const second = await judge(item, greedy!.text, sampled!.text);
      const inOriginalOrder = second.verdict === null ? null : second.verdict === 1 ? 2 : 1;
      if (inOriginalOrder !== first.verdict) return 'disagreed';
      agreed++;
      evidence.swapped = { critic: second.critic, verdict: inOriginalOrder };
    }
    const [chosen, rejected] = first.verdict === 1 ? [sampled!.text, greedy!.text] : [greedy!.text, sampled!.text];
    return itemPair(runtime, item, `s${options.seed}`, { chosen, rejected, evidence });
  }
}
