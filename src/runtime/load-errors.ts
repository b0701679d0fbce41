/** Turns what transformers.js / onnxruntime / fetch throw while loading into one sentence a user can act on. */
export function describeLoadError(error: unknown, modelId: string, source: 'embedded' | 'hub'): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/\/ort\/|ort-wasm|no available backend/i.test(message)) {
    return `The onnxruntime WebAssembly files could not be loaded from /ort/, so "${modelId}" cannot run; reload the page.`;
  }
  if (
    source === 'hub' &&
    /failed to fetch|networkerror|enotfound|eai_again|getaddrinfo|network request failed|load failed/i.test(message)
  ) {
    return `The Hugging Face Hub could not be reached to download "${modelId}"; check the connection or pick an embedded model.`;
  }
  if (
    /could not locate file|404|not found|unauthorized|401|does not appear to have a file|local_files_only/i.test(
      message,
    )
  ) {
    return source === 'hub'
      ? `No model "${modelId}" was found on the Hugging Face Hub (or it is private); check the id.`
      : `The embedded model "${modelId}" is missing files in /models/${modelId}/; rebuild it.`;
  }
  if (/webgpu|gpu adapter/i.test(message)) {
    return `WebGPU failed while loading "${modelId}"; choose the wasm device instead.`;
  }
  if (/unsupported model type|unrecognized|not supported/i.test(message)) {
    return `"${modelId}" is not a vision-language model SelfAlign can run (it needs the SmolVLM/Idefics3 layout).`;
  }
  return `Loading "${modelId}" failed: ${message.split('\n')[0]}`;
}
