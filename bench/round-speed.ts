// One self-alignment round (pipeline/round.ts runRounds, the CLI's and the Round view's functions)
// with each stage timed: the method's sampling and judging, LoRA-DPO training, and the evaluation of
// the base and the adapted model. Runs the same in Node and in a page (bench/browser/round-page.ts).
import { METHODS, type MethodName } from '../src/data/runs';
import { pairQuality, type PairQuality } from '../src/data/pairs/pair-quality';
import type { EvalSummary } from '../src/data/evals';
import type { ResultComparison } from '../src/evaluation';
import { runRounds } from '../src/pipeline/round';
import { clipFor } from '../src/runtime/clip-scorer';
import { DEFAULT_FISAO_OPTIONS } from '../src/methods/fisao/fisao';

export const ROUND_BENCH_METHODS: readonly MethodName[] = METHODS;

export interface RoundBenchCase {
  method: MethodName;
  /** Train scenes the method runs on. */
  n: number;
  evalN: number;
  steps: number;
}

export const DEFAULT_ROUND_BENCH = { n: 300, evalN: 500, steps: 100 };

export interface RoundSpeed extends RoundBenchCase {
  pairs: number;
  /** The round's figures, the same as `selfalign round`'s with these settings (the same runRounds and seeds). */
  counts: Record<string, number>;
  quality: PairQuality;
  base: EvalSummary;
  adapted: EvalSummary;
  delta: ResultComparison['delta'];
  seconds: number;
  /** Seconds per stage: the method (sample + judge), training, the base model's eval, the adapted model's. */
  stages: { method: number; train: number; evalBase: number; evalAdapted: number };
}

export async function measureRound(
  bench: RoundBenchCase,
  featuresDevice: 'cpu' | 'wasm',
  modelId = 'shapes-vlm',
): Promise<RoundSpeed> {
  const stages = { method: 0, train: 0, evalBase: 0, evalAdapted: 0 };
  let stage: keyof typeof stages = 'method';
  let mark = performance.now();
  const enter = (next: keyof typeof stages) => {
    if (next === stage) return;
    const now = performance.now();
    stages[stage] += (now - mark) / 1000;
    stage = next;
    mark = now;
  };
  const started = performance.now();
  const result = await runRounds({
    modelId,
    settings: {
      method: bench.method,
      seed: 1,
      bothOrders: false,
      t: 500,
      calibrationItems: DEFAULT_FISAO_OPTIONS.calibrationItems,
    },
    n: bench.n,
    clipId: clipFor(modelId),
    steps: bench.steps,
    evalN: bench.evalN,
    rounds: 1,
    adapterName: `bench-${bench.method}`,
    featuresDevice,
    onMade: () => enter('train'),
    onEvalProgress: (which) => enter(which === 'base' ? 'evalBase' : 'evalAdapted'),
  });
  enter('method');
  const [round] = result.rounds;
  return {
    ...bench,
    pairs: round!.made.pairs.length,
    counts: round!.made.counts as Record<string, number>,
    quality: pairQuality(round!.made.pairs),
    base: result.base,
    adapted: round!.adapted,
    delta: round!.compared.delta,
    seconds: (performance.now() - started) / 1000,
    stages,
  };
}
