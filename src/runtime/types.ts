import type { RgbaImage } from '../common/rgba-image';

export type Device = 'webgpu' | 'wasm' | 'cpu';
export type Dtype = 'fp32' | 'fp16' | 'q8' | 'q4' | 'q4f16';
export type ModelFile = 'vision_encoder' | 'embed_tokens' | 'decoder_model_merged';
export type DtypeChoice = Record<ModelFile, Dtype>;

export interface SamplingOptions {
  /** Number of answers to sample for the one (image, prompt). */
  k: number;
  seed: number;
  temperature: number;
  /** Nucleus sampling: keep the smallest set of tokens whose probability mass is ≥ topP (1 = off). */
  topP: number;
  /** Keep only the topK most likely tokens (0 = off). */
  topK: number;
  maxNewTokens: number;
  /** No end of answer before this many tokens (Hugging Face's min_new_tokens); absent or 0 = off. */
  minNewTokens?: number;
  /** Always take the most likely token: every answer is the same. */
  greedy: boolean;
  /** Also stop after any of these tokens (CSR's sentence ends); the answer is then not `finished`. */
  stopIds?: number[];
}

export const defaultSamplingOptions: SamplingOptions = {
  k: 3,
  seed: 1234,
  temperature: 0.8,
  topP: 0.9,
  topK: 0,
  maxNewTokens: 64,
  minNewTokens: 0,
  greedy: false,
};

export interface Alternative {
  tokenId: number;
  text: string;
  logprob: number;
}

export interface SampledToken {
  tokenId: number;
  text: string;
  /** log π(token | context) under the model's raw distribution (before temperature, top-k, top-p). */
  logprob: number;
  /** The five most likely tokens at this step under the raw distribution. */
  top: Alternative[];
}

export interface SampledAnswer {
  index: number;
  /** The seed that reproduces this one answer on its own. */
  seed: number;
  text: string;
  tokens: SampledToken[];
  sumLogprob: number;
  /** True when the model ended the answer itself (end of utterance), false when cut by maxNewTokens or cancel. */
  finished: boolean;
}

export interface ScoredAnswer {
  tokenIds: number[];
  logprobs: number[];
  sumLogprob: number;
}

export interface SampleRequest {
  image: RgbaImage;
  prompt: string;
  /** Answer tokens already written: generation continues after them (CSR's sentence-by-sentence search). */
  answerPrefix?: number[];
  /** Applied in place to the processor's normalised pixel_values before the model sees them (SeVa's diffusion noise). */
  transformPixels?: (values: Float32Array) => void;
}

/** One sampling call: K answers for one (image, prompt). */
export interface SampleJob {
  request: SampleRequest;
  options: SamplingOptions;
}

/** Streamed while sampling: one token of answer `answerIndex`. */
export interface TokenEvent {
  answerIndex: number;
  token: SampledToken;
}

export interface FileProgress {
  file: string;
  loaded: number;
  total: number;
}

export interface LoadRequest {
  modelId: string;
  /** Leave out to let the runtime choose from what the device can do. */
  device?: Device;
  dtype?: Partial<DtypeChoice>;
}

export interface LoadedModelInfo {
  modelId: string;
  device: Device;
  dtype: DtypeChoice;
  /** Why this device and dtype were chosen, in one sentence a user can read. */
  reason: string;
  loadMs: number;
  /** The LoRA adapter applied to the decoder, if any. */
  adapter?: { id: string; name: string };
}
