/**
 * Model files rewritten on their way into onnxruntime: how a LoRA adapter reaches an embedded
 * model without re-exporting it (the caller patches the decoder's zero LoRA slots). transformers.js
 * asks its cache before reading a file, so for the length of one load a cache answers the matching
 * files with patched bytes and lets every other file load as usual.
 */
import { env } from '@huggingface/transformers';
import { readLocation } from './model-files';

export interface FilePatch {
  /** Which files (by path or URL) to rewrite. */
  pattern: RegExp;
  patch(bytes: Uint8Array): Uint8Array;
}

export async function withPatchedFiles<T>(patch: FilePatch | undefined, load: () => Promise<T>): Promise<T> {
  if (!patch) return load();
  const saved = { useCustomCache: env.useCustomCache, customCache: env.customCache };
  // transformers.js asks again under the file's Hub URL once it has loaded (Node): answer by the
  // matched file name with the bytes already patched.
  const patched = new Map<string, Uint8Array>();
  env.useCustomCache = true;
  env.customCache = {
    async match(key: string | Request) {
      const location = typeof key === 'string' ? key : key.url;
      const name = location.match(patch.pattern)?.[0];
      if (!name) return undefined;
      if (!patched.has(name)) patched.set(name, patch.patch(await readLocation(location)));
      const bytes = patched.get(name)!;
      return new Response(bytes as Uint8Array<ArrayBuffer>, {
        headers: { 'content-length': String(bytes.byteLength) },
      });
    },
    async put() {},
  } as unknown as typeof env.customCache;
  try {
    return await load();
  } finally {
    env.useCustomCache = saved.useCustomCache;
    env.customCache = saved.customCache;
  }
}
