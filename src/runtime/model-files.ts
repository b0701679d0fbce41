/**
 * One file of a model repo, read the way transformers.js finds it: embedded models from the app's
 * /models/ folder (public/models/ in Node), Hub models from the Hub. In browsers Hub files go
 * through the same Cache Storage transformers.js uses, so they download once and the Model panel
 * counts and deletes them with the rest.
 */
import { env } from '@huggingface/transformers';
import { sha256Hex } from '../common/sha256';
import { findModel } from './catalog';
import { prepareEnvironmentFor } from './transformers-env';

/** Bytes at a path (Node) or URL, with download progress where the size is known. */
export async function readLocation(
  location: string,
  onProgress?: (loaded: number, total: number) => void,
): Promise<Uint8Array> {
  if (globalThis.process?.versions?.node && !/^https?:/.test(location)) {
    const fs = 'node:fs/promises'; // a variable, so that bundlers leave Node's module out of the browser build
    const { readFile } = (await import(/* @vite-ignore */ fs)) as typeof import('node:fs/promises');
    return new Uint8Array(await readFile(location));
  }
  const cache =
    /^https?:/.test(location) && typeof caches !== 'undefined' ? await caches.open('transformers-cache') : undefined;
  const cached = await cache?.match(location);
  const response = cached ?? (await fetch(location));
  if (!response.ok) throw new Error(`Could not read ${location} (HTTP ${response.status}).`);
  const total = Number(response.headers.get('content-length')) || 0;
  let bytes: Uint8Array;
  if (!onProgress || !response.body) bytes = new Uint8Array(await response.arrayBuffer());
  else {
    const chunks: Uint8Array[] = [];
    let loaded = 0;
    const reader = response.body.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      chunks.push(chunk.value);
      loaded += chunk.value.length;
      onProgress(loaded, total);
    }
    bytes = new Uint8Array(await new Blob(chunks as BlobPart[]).arrayBuffer());
  }
  if (cache && !cached)
    await cache.put(
      location,
      new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-length': String(bytes.byteLength) } }),
    );
  return bytes;
}

/** Where `path` of model `modelId` lives: a local path or a Hub URL. */
export function modelFileLocation(modelId: string, path: string): string {
  const entry = findModel(modelId);
  if (!entry) throw new Error(`"${modelId}" is not a model id: use an embedded model or a Hub id like owner/name.`);
  prepareEnvironmentFor(entry);
  if (entry.source === 'embedded') return `${env.localModelPath}${entry.id}/${path}`;
  return `${env.remoteHost}${entry.id}/resolve/main/${path}`;
}

export async function readModelFile(
  modelId: string,
  path: string,
  onProgress?: (loaded: number, total: number) => void,
): Promise<Uint8Array> {
  try {
    return await readLocation(modelFileLocation(modelId, path), onProgress);
  } catch (error) {
    throw new Error(`Could not read ${path} of ${modelId}: ${(error as Error).message}`);
  }
}

/** The fp32 graphs every embedded model ships: their bytes are its weights. */
const EMBEDDED_GRAPHS = ['onnx/vision_encoder.onnx', 'onnx/embed_tokens.onnx', 'onnx/decoder_model_merged.onnx'];

const weightsHashes = new Map<string, Promise<string | null>>();

/**
 * Hex SHA-256 of an embedded model's fp32 graphs, one after another (what a retrained model changes);
 * null for Hub models. Read and hashed once per model and process: the app's files do not change under it.
 */
export function embeddedWeightsHash(modelId: string): Promise<string | null> {
  let hash = weightsHashes.get(modelId);
  if (!hash) {
    hash = hashEmbeddedGraphs(modelId);
    weightsHashes.set(modelId, hash);
    hash.catch(() => weightsHashes.delete(modelId)); // a failed read is tried again next time
  }
  return hash;
}

async function hashEmbeddedGraphs(modelId: string): Promise<string | null> {
  if (findModel(modelId)?.source !== 'embedded') return null;
  const files = await Promise.all(EMBEDDED_GRAPHS.map((path) => readModelFile(modelId, path)));
  const bytes = new Uint8Array(files.reduce((sum, file) => sum + file.length, 0));
  files.reduce((offset, file) => (bytes.set(file, offset), offset + file.length), 0);
  return sha256Hex(bytes);
}
