import {
  chair,
  chairForAnswer,
  isAnswerCorrect,
  parseCriticVerdict,
  parseYesNo,
  scoreCritic,
  scorePopeBySplit,
  scoreQa,
  type ChairMode,
  type PopeScore,
} from '../metrics';
import { DESCRIBE_PROMPT } from '../world';
import {
  EVAL_QA_TYPES,
  type EvalAdapterRef,
  type EvalItemResult,
  type EvalReport,
  type EvalSceneCounts,
  type EvalSummary,
  type PopeFigures,
} from '../data/evals';
import type { Answerer, AnswerRequest } from './answerer';
import { buildEvalSet, type EvalItem } from './eval-set';

/** Token budgets per kind of answer. */
// A yes/no answer first says what the model sees ("I see a red circle and a blue star, so no.").
const budgets = { description: 96, question: 40, yesNo: 40, critic: 96 };

/** Scenes whose prompts are answered together: the same prompt over several images decodes as one batch. */
const SCENES_PER_BATCH = 8;

export interface EvalOptions {
  model: string;
  adapter?: EvalAdapterRef | null;
  /** The weights' dtype and the device, as the model was loaded (null when the host does not say). */
  dtype?: string | null;
  device?: string | null;
  /** The embedded model's weights hash (EvalSummary.modelSha256), when the host knows it. */
  modelSha256?: string | null;
  n: number;
  seed: number;
  /** How CHAIR reads the descriptions (default 'negation-aware'; 'literal' as papers report it). */
  chairMode?: ChairMode;
  onProgress?: (done: number, total: number) => void;
  isCancelled?: () => boolean;
}

export class EvaluationCancelled extends Error {
  constructor() {
    super('The evaluation was cancelled.');
  }
}

/** Every prompt a scene is asked, with its budget, in the order `scoreItem` reads the answers. */
function itemRequests(item: EvalItem): AnswerRequest[] {
  const ask = (prompt: string, maxNewTokens: number) => ({ image: item.image, prompt, maxNewTokens });
  return [
    ask(DESCRIBE_PROMPT, budgets.description),
    ...item.questions.map((q) => ask(q.text, budgets.question)),
    ...item.pope.map((q) => ask(q.text, budgets.yesNo)),
    ask(item.critic.prompt, budgets.critic),
  ];
}

/** One scene's result from its answers (in `itemRequests` order). */
function scoreItem(item: EvalItem, answers: string[], chairMode?: ChairMode): EvalItemResult {
  const [description = '', ...rest] = answers;
  const qa = item.questions.map((question, i) => {
    const response = rest[i]!;
    return { question, response, correct: isAnswerCorrect(question, response) };
  });
  const pope = item.pope.map((question, i) => {
    const response = rest[item.questions.length + i]!;
    const said = parseYesNo(response);
    return { question, response, said, correct: said === question.answer };
  });
  const criticResponse = rest[item.questions.length + item.pope.length]!;
  const verdict = parseCriticVerdict(criticResponse);
  const critic = {
    better: item.critic.better,
    response: criticResponse,
    verdict,
    correct: verdict === item.critic.better,
  };
  const judged = chairForAnswer(description, item.scene, { mode: chairMode });
  return { scene: item.scene, description, chair: judged, qa, pope, critic };
}

/** The answers to `requests`, as a batch where the answerer can. */
async function answerAll(answerer: Answerer, requests: AnswerRequest[], isCancelled?: () => boolean) {
  if (answerer.answerAll) return answerer.answerAll(requests, isCancelled);
  const answers: string[] = [];
  for (const { image, prompt, maxNewTokens } of requests) {
    if (isCancelled?.()) break;
    answers.push(await answerer.answer(image, prompt, maxNewTokens));
  }
  return answers;
}

const emptyPope: PopeScore = {
  n: 0,
  truePositives: 0,
  falsePositives: 0,
  trueNegatives: 0,
  falseNegatives: 0,
  accuracy: 0,
  precision: 0,
  recall: 0,
  f1: 0,
  yesRatio: 0,
};

export function popeFigures(score: PopeScore = emptyPope): PopeFigures {
  return {
    acc: score.accuracy,
    precision: score.precision,
    recall: score.recall,
    f1: score.f1,
    yes_ratio: score.yesRatio,
  };
}

const QA_TYPE_OF = { color: 'colour', count: 'count', position: 'position', relation: 'relation' } as const;

/** One scene's counts behind every figure of the summary (what paired comparisons resample). */
export function sceneCounts(result: EvalItemResult): EvalSceneCounts {
  const { mentions } = result.chair;
  const pope: EvalSceneCounts['pope'] = {};
  for (const { question, said } of result.pope) {
    const tally = (pope[question.split] ??= { tp: 0, fp: 0, tn: 0, fn: 0 });
    if (said === 'yes') tally[question.answer === 'yes' ? 'tp' : 'fp']++;
    else tally[question.answer === 'no' ? 'tn' : 'fn']++;
  }
  const qa = Object.fromEntries(
    EVAL_QA_TYPES.map((type) => {
      const asked = result.qa.filter((a) => a.question.type === QA_TYPE_OF[type]);
      return [type, { correct: asked.filter((a) => a.correct).length, total: asked.length }];
    }),
  ) as EvalSceneCounts['qa'];
  return {
    mentions: mentions.length,
    hallucinated: result.chair.hallucinatedCount,
    attr_errors: mentions.filter((m) => m.verdict === 'attribute-error').length,
    present: mentions.filter((m) => m.verdict !== 'hallucinated').length,
    pope,
    qa,
  };
}

/** Scores answers that were already given (the same arithmetic for a live run and a stored one). */
export function summarise(
  options: Pick<EvalOptions, 'model' | 'adapter' | 'dtype' | 'device' | 'modelSha256' | 'n' | 'seed' | 'chairMode'>,
  items: EvalItem[],
  results: EvalItemResult[],
): EvalSummary {
  const answers = results.map((r, i) => ({ text: r.description, scene: items[i].scene }));
  const chairResult = chair(answers, { mode: options.chairMode });
  const pope = scorePopeBySplit(results.flatMap((r) => r.pope));
  const qa = scoreQa(results.flatMap((r) => r.qa)).byType;
  return {
    model: options.model,
    adapter: options.adapter ?? null,
    dtype: options.dtype ?? null,
    device: options.device ?? null,
    ...(options.modelSha256 !== undefined ? { modelSha256: options.modelSha256 } : {}),
    n: options.n,
    seed: options.seed,
    chair: { i: chairResult.chairI, s: chairResult.chairS },
    attr_error: chairResult.attributeErrorRate,
    pope: {
      random: popeFigures(pope.random),
      popular: popeFigures(pope.popular),
      adversarial: popeFigures(pope.adversarial),
    },
    qa: {
      color: qa.colour.accuracy,
      count: qa.count.accuracy,
      position: qa.position.accuracy,
      relation: qa.relation.accuracy,
    },
    critic: { accuracy: scoreCritic(results.map((r) => r.critic)).accuracy },
    scenes: Object.fromEntries(results.map((r) => [r.scene.id, sceneCounts(r)])),
  };
}

/** Greedy answers on n debiased test scenes, scored with CHAIR, POPE, QA accuracy and critic accuracy. */
export async function evaluateModel(answerer: Answerer, options: EvalOptions): Promise<EvalReport> {
  const items = buildEvalSet(options.n, options.seed);
  const results: EvalItemResult[] = [];
  options.onProgress?.(0, items.length);
  for (let start = 0; start < items.length; start += SCENES_PER_BATCH) {
    if (options.isCancelled?.()) throw new EvaluationCancelled();
    const chunk = items.slice(start, start + SCENES_PER_BATCH);
    const requests = chunk.map(itemRequests);
    const answers = await answerAll(answerer, requests.flat(), options.isCancelled);
    if (options.isCancelled?.()) throw new EvaluationCancelled();
    let offset = 0;
    for (const [i, item] of chunk.entries()) {
      results.push(scoreItem(item, answers.slice(offset, offset + requests[i]!.length), options.chairMode));
      offset += requests[i]!.length;
    }
    options.onProgress?.(results.length, items.length);
  }
  return { summary: summarise(options, items, results), items: results };
}
