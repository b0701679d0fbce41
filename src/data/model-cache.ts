/** The browser cache where transformers.js keeps downloaded Hub files. */
const cacheName = 'transformers-cache';

export interface CachedModel {
  modelId: string;
  files: number;
  bytes: number;
}

/** Hub file URLs look like https://huggingface.co/<owner>/<name>/resolve/<revision>/<path>. */
function modelIdOf(url: string): string | null {
  const match = /^https?:\/\/[^/]+\/([^/]+\/[^/]+)\/resolve\//.exec(url);
  return match ? match[1] : null;
}

export async function listCachedModels(): Promise<CachedModel[]> {
  if (typeof caches === 'undefined') return [];
  const cache = await caches.open(cacheName);
  const byModel = new Map<string, CachedModel>();
  for (const request of await cache.keys()) {
    const modelId = modelIdOf(request.url);
    if (!modelId) continue;
    const response = await cache.match(request);
    const bytes = Number(response?.headers.get('content-length')) || (await response?.clone().blob())?.size || 0;
    const entry = byModel.get(modelId) ?? { modelId, files: 0, bytes: 0 };
    entry.files += 1;
    entry.bytes += bytes;
    byModel.set(modelId, entry);
  }
  return [...byModel.values()].sort((a, b) => a.modelId.localeCompare(b.modelId));
}

export async function deleteCachedModel(modelId: string): Promise<void> {
  const cache = await caches.open(cacheName);
  for (const request of await cache.keys()) {
    if (modelIdOf(request.url) === modelId) await cache.delete(request);
  }
}
