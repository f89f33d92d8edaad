// Model bytes with download progress, checked against the model card (length, then SHA-256) and kept in the Cache
// API only once they passed, so a second visit loads without the network and a bad download is never kept.

export interface DownloadProgress {
  loadedBytes: number;
  totalBytes: number | undefined;
  fromCache: boolean;
}

export class ModelLoadError extends Error {
  override name = 'ModelLoadError';
}

/** The name of a RuntimeFailure (comlink keeps an error's name across the worker boundary, not its class). */
export const RUNTIME_FAILURE = 'RuntimeFailure';

/**
 * onnxruntime failed to start, to create a session or to run its warm-up call. Its WebAssembly runtime may be left
 * unable to create the next session (seen: a second session from bytes it refused never comes), so the page
 * replaces the worker before its next model load.
 */
export class RuntimeFailure extends ModelLoadError {
  override name = RUNTIME_FAILURE;
}

/** What the model card says the ONNX file is. */
export interface ExpectedModel {
  bytes: number;
  /** Lowercase hex. */
  sha256: string;
}

export const MODEL_CACHE_NAME = 'dp-playground-models-v1';

/** The Cache API key of the model at `url` with this content: a re-exported model is never served stale. */
export function modelCacheKey(url: string, sha256: string): string {
  return `${url}?sha256=${sha256}`;
}

async function openCache(): Promise<Cache | undefined> {
  try {
    return await globalThis.caches?.open(MODEL_CACHE_NAME);
  } catch {
    return undefined; // storage disabled (e.g. some private modes): load from the network every time
  }
}

export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Why `bytes` are not the file the card describes, or undefined when they are. Without `crypto.subtle` (a page
 * that is not a secure context, where the Cache API is missing too) only the length is checked.
 */
export async function modelBytesProblem(
  bytes: Uint8Array<ArrayBuffer>,
  expected: ExpectedModel,
): Promise<string | undefined> {
  if (bytes.length !== expected.bytes) return `expected ${expected.bytes} bytes, got ${bytes.length}`;
  if (!globalThis.crypto?.subtle) return undefined;
  const hash = await sha256Hex(bytes);
  if (hash !== expected.sha256) return `its SHA-256 is ${hash}, the model card says ${expected.sha256}`;
  return undefined;
}

async function readWithProgress(
  response: Response,
  fromCache: boolean,
  totalBytes: number,
  onProgress: (progress: DownloadProgress) => void,
): Promise<Uint8Array<ArrayBuffer>> {
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    onProgress({ loadedBytes: bytes.length, totalBytes, fromCache });
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
    if (loadedBytes > totalBytes) {
      // Longer than the card says: damaged whatever follows, so stop reading it.
      void reader.cancel();
      break;
    }
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
  bytes: Uint8Array<ArrayBuffer>;
  fromCache: boolean;
  /** Settles once downloaded bytes are in the cache (or could not be stored); the load goes on meanwhile. */
  stored: Promise<void>;
}

/** Replaces older versions of `url` in the cache with these bytes; never rejects (the model works uncached). */
async function store(cache: Cache, url: string, cacheKey: string, bytes: Uint8Array<ArrayBuffer>): Promise<void> {
  const copy = bytes.slice();
  try {
    for (const stale of await cache.keys()) if (stale.url.startsWith(`${url}?`)) await cache.delete(stale);
    await cache.put(cacheKey, new Response(copy, { headers: { 'content-type': 'application/octet-stream' } }));
  } catch {
    // quota exceeded or storage unavailable: the model still works, only uncached
  }
}

/** The cached bytes of this model when an entry exists and passes the checks; a bad entry is deleted. */
async function readCached(
  cache: Cache,
  cacheKey: string,
  expected: ExpectedModel,
  onProgress: (progress: DownloadProgress) => void,
): Promise<Uint8Array<ArrayBuffer> | undefined> {
  let bytes: Uint8Array<ArrayBuffer> | undefined;
  try {
    const cached = await cache.match(cacheKey);
    if (!cached) return undefined;
    bytes = await readWithProgress(cached, true, expected.bytes, onProgress);
    if (!(await modelBytesProblem(bytes, expected))) return bytes;
  } catch {
    // an unreadable entry is treated like a damaged one
  }
  try {
    await cache.delete(cacheKey);
  } catch {
    // the download below still gives good bytes; storing them replaces the entry
  }
  return undefined;
}

/**
 * The bytes at `url`, checked against `expected` (the model card): from the cache when a good entry for this
 * content exists, else downloaded. A damaged cache entry is deleted and the model downloaded once more; damaged
 * downloaded bytes are refused with a ModelLoadError and never cached.
 */
export async function fetchModelBytes(
  url: string,
  expected: ExpectedModel,
  onProgress: (progress: DownloadProgress) => void,
  signal?: AbortSignal,
): Promise<ModelBytes> {
  const cacheKey = modelCacheKey(url, expected.sha256);
  const cache = await openCache();
  const cached = cache && (await readCached(cache, cacheKey, expected, onProgress));
  if (cached) return { bytes: cached, fromCache: true, stored: Promise.resolve() };
  signal?.throwIfAborted();

  let bytes: Uint8Array<ArrayBuffer>;
  try {
    const response = await fetch(url, { signal, cache: 'no-store' });
    if (!response.ok) throw new ModelLoadError(`could not download ${url} (HTTP ${response.status})`);
    bytes = await readWithProgress(response, false, expected.bytes, onProgress);
  } catch (error) {
    if (error instanceof ModelLoadError || signal?.aborted) throw error;
    throw new ModelLoadError(`could not download ${url} (${error instanceof Error ? error.message : error})`);
  }
  const problem = await modelBytesProblem(bytes, expected);
  if (problem) throw new ModelLoadError(`the downloaded model is damaged: ${problem}`);
  return { bytes, fromCache: false, stored: cache ? store(cache, url, cacheKey, bytes) : Promise.resolve() };
}
