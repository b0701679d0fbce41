import type { ModelInputs } from './prompt-inputs';

/**
 * A text decoder that runs outside onnxruntime (the engine, carrying a LoRA adapter the exported
 * graph has no slots for), behind the same sampling and scoring code as the ONNX decoder.
 */
export interface ExternalDecoder {
  /** Logits [1, T, vocab] of one forward pass over the prompt inputs. */
  logits(inputs: ModelInputs): Promise<{ dims: number[]; data: Float32Array }>;
  /**
   * Generates after the prompt: `next` sees each step's logits over the vocabulary and returns the
   * token to append. Stops after a token in `stopIds`, after `maxNewTokens`, or when `shouldStop`.
   */
  generate(inputs: ModelInputs, options: GenerateOptions): Promise<void>;
  /** Frees its weights when the model is unloaded. */
  dispose(): void;
}

export interface GenerateOptions {
  maxNewTokens: number;
  stopIds: number[];
  next(logits: Float32Array): number;
  shouldStop(): boolean;
}
