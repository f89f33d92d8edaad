// Model bytes with download progress, kept in the Cache API so a second visit loads without the network.

export interface DownloadProgress {
  loadedBytes: number;
  totalBytes: number | undefined;
  fromCache: boolean;
}

export class ModelLoadError extends Error {
  override name = 'ModelLoadError';
}

const CACHE_NAME = 'dp-playground-models-v1';

async function openCache(): Promise<Cache | undefined> {
  try {
    return await globalThis.caches?.open(CACHE_NAME);
  } catch {
    return undefined; // storage disabled (e.g. some private modes): load from the network every time
  }
}

async function readWithProgress(
  response: Response,
  fromCache: boolean,
  onProgress: (progress: DownloadProgress) => void,
): Promise<Uint8Array> {
  const header = Number(response.headers.get('content-length'));
  const totalBytes = Number.isFinite(header) && header > 0 ? header : undefined;
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    onProgress({ loadedBytes: bytes.length, totalBytes: bytes.length, fromCache });
    return bytes;
  }
  const chunks: Uint8Array[] = [];
  let loadedBytes = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loadedBytes += value.length;
    onProgress({ loadedBytes, totalBytes, fromCache });
  }
  const bytes = new Uint8Array(loadedBytes);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

export interface ModelBytes {
  bytes: Uint8Array;
  fromCache: boolean;
  /** Settles once downloaded bytes are in the cache (or could not be stored); the load goes on meanwhile. */
  stored: Promise<void>;
}

/** Replaces older versions of `url` in the cache with these bytes; never rejects (the model works uncached). */
async function store(cache: Cache, url: string, cacheKey: string, bytes: Uint8Array): Promise<void> {
  const copy = bytes.slice();
  try {
    for (const stale of await cache.keys()) if (stale.url.startsWith(`${url}?`)) await cache.delete(stale);
    await cache.put(cacheKey, new Response(copy, { headers: { 'content-type': 'application/octet-stream' } }));
  } catch {
    // quota exceeded or storage unavailable: the model still works, only uncached
  }
}

/**
 * The bytes at `url`, from the cache when an entry for this `version` exists. `version` (e.g. a hash of the
 * model card) changes when the model is re-exported, so a stale cached model is never used.
 */
export async function fetchModelBytes(
  url: string,
  version: string,
  onProgress: (progress: DownloadProgress) => void,
): Promise<ModelBytes> {
  const cacheKey = `${url}?version=${encodeURIComponent(version)}`;
  const cache = await openCache();
  const cached = await cache?.match(cacheKey);
  if (cached) {
    return { bytes: await readWithProgress(cached, true, onProgress), fromCache: true, stored: Promise.resolve() };
  }

  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new ModelLoadError(`could not download ${url} (${String(error)})`);
  }
  if (!response.ok) throw new ModelLoadError(`could not download ${url} (HTTP ${response.status})`);
  const bytes = await readWithProgress(response, false, onProgress);
  return { bytes, fromCache: false, stored: cache ? store(cache, url, cacheKey, bytes) : Promise.resolve() };
}
