// `npm run bench`: one JSON object per line on stdout (notes on stderr). Measures, never asserts.
//   dpo: the engine's LoRA-DPO step time per pair (shapes-vlm, and a SmolLM2-135M-shaped decoder);
//   pretrain: the engine's training step time (jax-js, wasm, Node) for the recipe's two stages;
//   export: preference-dataset export of 5,000 pairs (TRL / LLaMA-Factory JSONL, Parquet, zip);
//   review: the Pairs view with 20,000 pairs in Chromium (first render, scroll frame times, filter and search);
//   load / decode: each bench case (the fixture, shapes-vlm fp32 and q4) on onnxruntime-node
//   (native CPU) and on onnxruntime-web wasm in Chromium, plus WebGPU as a functional check;
//   round (only when named: about an hour here): one round of each method, n 300 and eval n 500, in
//   Node and in Chromium on wasm, with each stage's seconds and share.
import { benchBrowser } from './browser-decode';
import { benchBrowserDpo } from './browser-dpo';
import { benchDpo } from './dpo-speed';
import { benchExport } from './export-speed';
import { benchReviewTable } from './review-table';
import { benchCases, type BenchCase, type DecodeSummary } from './measure-decode';
import { benchNative } from './native-decode';
import { benchPretrain, recipeSteps } from './pretrain-speed';
import { benchBrowserRound } from './browser-round';
import { DEFAULT_ROUND_BENCH, measureRound, ROUND_BENCH_METHODS, type RoundSpeed } from './round-speed';
import type { MethodName } from '../src/data/runs';
import { startEngine } from '../src/engine/jax-runtime';

const round = (value: number, digits = 2) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : null);
const print = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);
const note = (text: string) => process.stderr.write(`bench: ${text}\n`);

function decodeFields(decode: DecodeSummary) {
  return {
    tokens_per_s: round(decode.tokensPerS),
    first_token_ms: round(decode.firstTokenMs),
    tokens: decode.tokens,
    runs: decode.runs.length,
    dropped_runs: decode.dropped,
    max_new_tokens: decode.maxNewTokens,
    sampling: decode.sampling,
  };
}

async function dpo() {
  note('dpo: timing LoRA-DPO steps (jax-js, wasm)');
  for (const speed of await benchDpo()) {
    if ('error' in speed) {
      print({ bench: 'dpo', model: speed.model, runtime: 'jax-js wasm (Node)', skipped: speed.error });
      continue;
    }
    print({
      bench: 'dpo',
      model: speed.model,
      runtime: 'jax-js wasm (Node)',
      pairs_per_step: speed.pairsPerStep,
      answer_tokens: speed.answerTokens,
      steps: speed.steps,
      s_per_pair: round(speed.secondsPerPair, 3),
      tokens_per_s: round(speed.tokensPerS, 0),
      peak_rss_mib: round(speed.peakMemoryMiB ?? NaN, 0),
    });
  }
  note('dpo: the same in Chromium (jax-js in the page)');
  const browser = await benchBrowserDpo();
  if ('skipped' in browser) return print({ bench: 'dpo', runtime: 'jax-js (Chromium)', skipped: browser.skipped });
  for (const outcome of browser) {
    const runtime = `jax-js ${outcome.device} (Chromium${outcome.device === 'webgpu' ? ', SwiftShader: software' : ''})`;
    if ('error' in outcome) {
      print({ bench: 'dpo', model: outcome.model, runtime, skipped: outcome.error });
      continue;
    }
    const { speed, threads } = outcome;
    print({
      bench: 'dpo',
      model: speed.model,
      runtime,
      pairs_per_step: speed.pairsPerStep,
      answer_tokens: speed.answerTokens,
      steps: speed.steps,
      s_per_pair: round(speed.secondsPerPair, 3),
      tokens_per_s: round(speed.tokensPerS, 0),
      js_heap_mib: round(speed.peakMemoryMiB ?? NaN, 0),
      threads,
    });
  }
}

async function pretrain() {
  note("pretrain: timing the recipe's training steps (jax-js, wasm)");
  for (const speed of await benchPretrain()) {
    print({
      bench: 'pretrain',
      stage: speed.stage,
      runtime: 'jax-js wasm (Node)',
      batch_size: speed.batchSize,
      steps: speed.steps,
      steps_per_s: round(speed.stepsPerS, 3),
      tokens_per_s: round(speed.tokensPerS, 0),
      recipe_steps: recipeSteps[speed.stage],
      recipe_minutes: round(recipeSteps[speed.stage] / speed.stepsPerS / 60, 1),
    });
  }
}

async function exportSpeed() {
  note('export: timing dataset export of 5,000 pairs (scene images rendered and PNG-encoded)');
  for (const speed of await benchExport()) {
    print({
      bench: 'export',
      stage: speed.stage,
      format: speed.format,
      parquet: speed.parquet,
      pairs: speed.pairs,
      ms: round(speed.ms, 0),
      pairs_per_s: round((speed.pairs / speed.ms) * 1000, 0),
      mib: round(speed.bytes / 2 ** 20, 2),
    });
  }
}

async function reviewTable() {
  note('review: the Pairs view with 20,000 pairs in Chromium');
  print({ bench: 'review-table', ...(await benchReviewTable()) });
}

async function native(): Promise<Map<BenchCase, number>> {
  const speeds = new Map<BenchCase, number>();
  for (const bench of benchCases) {
    note(`native: loading ${bench.model} (${bench.dtype}) on onnxruntime-node, then timing decode`);
    const result = await benchNative(bench);
    const ids = { model: bench.model, runtime: 'onnxruntime-node', device: result.info.device, dtype: bench.dtype };
    print({ bench: 'load', ...ids, ms: round(result.loadMs), reload_ms: round(result.reloadMs) });
    print({
      bench: 'decode',
      ...ids,
      ...decodeFields(result.decode),
      threads: { available_parallelism: result.threads },
    });
    speeds.set(bench, result.decode.tokensPerS);
  }
  return speeds;
}

async function browser(nativeSpeeds: Map<BenchCase, number>) {
  note('browser: starting vite on :5176 and Chromium');
  const outcomes = await benchBrowser(benchCases);
  if ('skipped' in outcomes) {
    note(`browser skipped: ${outcomes.skipped}`);
    print({ bench: 'decode', runtime: 'onnxruntime-web', skipped: outcomes.skipped });
    return;
  }
  for (const outcome of outcomes) {
    const { bench, device } = outcome;
    const ids = { model: bench.model, runtime: 'onnxruntime-web', device, dtype: bench.dtype };
    const label =
      device === 'webgpu'
        ? { note: 'WebGPU here is SwiftShader (software): a functional check, not a GPU speed' }
        : { execution: 'page main thread' };
    if ('error' in outcome) {
      note(`${bench.model} ${bench.dtype} on ${device} skipped: ${outcome.error}`);
      print({ bench: 'decode', ...ids, skipped: outcome.error });
      continue;
    }
    const { result } = outcome;
    const threads = {
      hardware_concurrency: result.threads.hardwareConcurrency,
      cross_origin_isolated: result.threads.crossOriginIsolated,
      ort_wasm_num_threads: result.threads.ortNumThreads,
    };
    print({ bench: 'load', ...ids, ms: round(result.loadMs), reload_ms: round(result.reloadMs), ...label });
    print({ bench: 'decode', ...ids, ...decodeFields(result.decode), threads, ...label });
    const nativeSpeed = nativeSpeeds.get(bench);
    if (device === 'wasm' && nativeSpeed) {
      print({
        bench: 'decode_ratio',
        model: bench.model,
        dtype: bench.dtype,
        web_over_native: round(result.decode.tokensPerS / nativeSpeed, 3),
      });
    }
  }
}

/** An eval's figures without its per-scene counts. */
function figures({ chair, attr_error, pope, qa, critic }: RoundSpeed['base']) {
  return { chair, attr_error, pope_adversarial_f1: pope.adversarial.f1, qa, critic };
}

function roundFields(speed: RoundSpeed) {
  const share = (seconds: number) => round(seconds / speed.seconds, 3);
  const { method, train, evalBase, evalAdapted } = speed.stages;
  return {
    method: speed.method,
    n: speed.n,
    eval_n: speed.evalN,
    steps: speed.steps,
    pairs: speed.pairs,
    dtype: speed.base.dtype,
    device: speed.base.device,
    s: round(speed.seconds, 1),
    stage_s: {
      method: round(method, 1),
      train: round(train, 1),
      eval_base: round(evalBase, 1),
      eval_adapted: round(evalAdapted, 1),
    },
    share: { method: share(method), train: share(train), eval_base: share(evalBase), eval_adapted: share(evalAdapted) },
    counts: speed.counts,
    quality: speed.quality,
    chair_i: { base: speed.base.chair.i, adapted: speed.adapted.chair.i, delta: speed.delta.chair_i },
    adapted: figures(speed.adapted),
    base: figures(speed.base),
  };
}

/**
 * One round of each method (`--methods sima,seva` picks some), in Node and then in Chromium
 * (`--runtime node` or `--runtime chromium` picks one), each line printed when measured.
 */
async function roundSpeed(methods: readonly MethodName[], runtimes: readonly string[]) {
  await startEngine('wasm');
  for (const method of methods) {
    const bench = { method, ...DEFAULT_ROUND_BENCH };
    if (runtimes.includes('node')) {
      note(`round: ${method} in Node (onnxruntime-node, jax-js wasm)`);
      print({ bench: 'round', runtime: 'Node', ...roundFields(await measureRound(bench, 'cpu')) });
    }
    if (!runtimes.includes('chromium')) continue;
    note(`round: ${method} in Chromium (onnxruntime-web wasm, jax-js wasm, in the page)`);
    const outcomes = await benchBrowserRound([bench]);
    if ('skipped' in outcomes) print({ bench: 'round', runtime: 'Chromium wasm', method, skipped: outcomes.skipped });
    else if ('error' in outcomes[0]!)
      print({ bench: 'round', runtime: 'Chromium wasm', method, skipped: outcomes[0].error });
    else print({ bench: 'round', runtime: 'Chromium wasm', ...roundFields(outcomes[0]!) });
  }
}

/** `npm run bench` runs every part but round; `npm run bench -- dpo pretrain export` only those named. */
async function main() {
  const only = process.argv.slice(2);
  const wanted = (part: string) => only.length === 0 || only.includes(part);
  if (wanted('dpo')) await dpo();
  if (wanted('pretrain')) await pretrain();
  if (wanted('export')) await exportSpeed();
  if (wanted('review')) await reviewTable();
  if (wanted('decode')) await browser(await native());
  const methodsAt = only.indexOf('--methods');
  const methods = methodsAt >= 0 ? (only[methodsAt + 1]?.split(',') as MethodName[]) : ROUND_BENCH_METHODS;
  const runtimeAt = only.indexOf('--runtime');
  const runtimes = runtimeAt >= 0 ? [only[runtimeAt + 1]!] : ['node', 'chromium'];
  if (only.includes('round')) await roundSpeed(methods, runtimes);
}

main().catch((error: unknown) => {
  note(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
