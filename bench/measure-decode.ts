// Decode-speed measurement shared by the Node bench and the browser bench page: same runtime code,
// same image, same prompt, same seeds on both sides.
import { defaultSamplingOptions, sampleAnswers, type DtypeChoice, type LoadedVlm } from '../src/runtime';
import { rasterizeScene, sampleScenes } from '../src/world';
import type { RgbaImage } from '../src/common/rgba-image';

/** One model at one weight precision (the same for its three ONNX files). */
export interface BenchCase {
  model: string;
  dtype: 'fp32' | 'q4';
}

/** The fixture (the runtime's own cost) and the trained default model at fp32 and 4-bit. */
export const benchCases: BenchCase[] = [
  { model: 'tiny-random-smolvlm', dtype: 'fp32' },
  { model: 'shapes-vlm', dtype: 'fp32' },
  { model: 'shapes-vlm', dtype: 'q4' },
];

export function dtypeChoice(dtype: BenchCase['dtype']): DtypeChoice {
  return { vision_encoder: dtype, embed_tokens: dtype, decoder_model_merged: dtype };
}

export const benchPrompt = 'Describe the image.';

/** The one 64×64 RGBA test scene both sides decode from: identical pixels in Node and the browser. */
export function benchImage(): RgbaImage {
  return rasterizeScene(sampleScenes({ split: 'test', n: 1, seed: 1 })[0]);
}

/** Wall time of `load`, then the median of `reloads` more loads (each result disposed). */
export async function timeLoads<T>(load: () => Promise<T>, dispose: (loaded: T) => Promise<unknown>, reloads: number) {
  let started = performance.now();
  const first = await load();
  const firstMs = performance.now() - started;
  const again: number[] = [];
  for (let i = 0; i < reloads; i++) {
    started = performance.now();
    const loaded = await load();
    again.push(performance.now() - started);
    await dispose(loaded);
  }
  return { loaded: first, firstMs, reloadMs: median(again) };
}

export interface DecodeRun {
  seed: number;
  /** Tokens streamed (onToken calls), the end-of-utterance token included. */
  tokens: number;
  /** From calling sampleAnswers to the first streamed token: preprocessing, vision encoder, prefill. */
  firstTokenMs: number;
  /** From the first to the last streamed token: tokens-1 decode steps, no prefill. */
  decodeMs: number;
  tokensPerS: number;
}

export interface DecodeSummary {
  /** Medians over the kept runs. */
  tokensPerS: number;
  firstTokenMs: number;
  tokens: number;
  maxNewTokens: number;
  minTokens: number;
  sampling: string;
  runs: DecodeRun[];
  /** Runs dropped because the fixture ended its answer before minTokens. */
  dropped: number;
}

export interface DecodeBenchOptions {
  maxNewTokens: number;
  /** Runs to keep (each with at least minTokens tokens). */
  repetitions: number;
  minTokens: number;
  /** Give up after this many tries; the summary then holds whatever was kept. */
  maxAttempts: number;
}

export const defaultDecodeBench: DecodeBenchOptions = {
  maxNewTokens: 128,
  repetitions: 9,
  minTokens: 16,
  maxAttempts: 40,
};

/** One answer, k=1, timed from its streamed tokens. greedy=false: seeded sampling at temperature 1, no top-p. */
export async function timeOneAnswer(
  vlm: LoadedVlm,
  image: RgbaImage,
  greedy: boolean,
  seed: number,
  maxNewTokens: number,
): Promise<DecodeRun> {
  const stamps: number[] = [];
  const options = { ...defaultSamplingOptions, k: 1, greedy, temperature: 1, topP: 1, topK: 0, maxNewTokens, seed };
  const started = performance.now();
  await sampleAnswers(vlm, { image, prompt: benchPrompt }, options, { onToken: () => stamps.push(performance.now()) });
  const tokens = stamps.length;
  const decodeMs = tokens > 1 ? stamps[tokens - 1] - stamps[0] : 0;
  return {
    seed,
    tokens,
    firstTokenMs: tokens > 0 ? stamps[0] - started : NaN,
    decodeMs,
    tokensPerS: tokens > 1 ? ((tokens - 1) * 1000) / decodeMs : NaN,
  };
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * A greedy warm-up answer; if it reaches minTokens, every repetition is that same greedy answer
 * (identical work each time). If the fixture ends it early, seeded sampling at temperature 1 with
 * seeds 1, 2, … instead, keeping the runs of at least minTokens tokens. Medians over kept runs.
 */
export async function measureDecode(
  vlm: LoadedVlm,
  image: RgbaImage,
  options: DecodeBenchOptions = defaultDecodeBench,
): Promise<DecodeSummary> {
  const warmUp = await timeOneAnswer(vlm, image, true, 1, options.maxNewTokens);
  const greedy = warmUp.tokens >= options.minTokens;
  const runs: DecodeRun[] = [];
  let dropped = 0;
  for (let attempt = 1; attempt <= options.maxAttempts && runs.length < options.repetitions; attempt++) {
    const run = await timeOneAnswer(vlm, image, greedy, greedy ? 1 : attempt, options.maxNewTokens);
    if (run.tokens >= options.minTokens) runs.push(run);
    else dropped++;
  }
  return {
    tokensPerS: median(runs.map((r) => r.tokensPerS)),
    firstTokenMs: median(runs.map((r) => r.firstTokenMs)),
    tokens: median(runs.map((r) => r.tokens)),
    maxNewTokens: options.maxNewTokens,
    minTokens: options.minTokens,
    sampling: greedy
      ? 'greedy, k=1, after one greedy warm-up'
      : 'seeded sampling, temperature 1, k=1 (greedy warm-up ended early)',
    runs,
    dropped,
  };
}
