// Model bytes are checked against the card (length, then SHA-256) before they are used or cached; a damaged cache
// entry is deleted and the model downloaded once more. fetch and the Cache API are replaced by in-memory fakes.
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type DownloadProgress,
  fetchModelBytes,
  MODEL_CACHE_NAME,
  ModelLoadError,
  modelBytesProblem,
  modelCacheKey,
} from '../../src/worker/modelFetch';

const URL = 'http://127.0.0.1:4173/models/fashion32.onnx';
const MODEL = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 251);
const EXPECTED = { bytes: MODEL.length, sha256: createHash('sha256').update(MODEL).digest('hex') };
const KEY = modelCacheKey(URL, EXPECTED.sha256);

/** Byte equality without an element-by-element deep comparison (slow on 300 kB). */
const isModel = (bytes: Uint8Array | undefined) => bytes !== undefined && Buffer.from(MODEL).equals(bytes);

/** The Cache API as far as modelFetch uses it, over a Map of URL → bytes. */
class MemoryCache {
  readonly entries = new Map<string, Uint8Array>();
  async match(key: string) {
    const bytes = this.entries.get(key);
    return bytes && new Response(bytes.slice());
  }
  async put(key: string, response: Response) {
    this.entries.set(key, new Uint8Array(await response.arrayBuffer()));
  }
  async delete(key: string | { url: string }) {
    return this.entries.delete(typeof key === 'string' ? key : key.url);
  }
  async keys() {
    return [...this.entries.keys()].map((url) => ({ url }));
  }
}

/** A response whose body arrives in 64 KiB chunks, optionally failing after `failAfter` bytes. */
function streamed(bytes: Uint8Array, failAfter?: number): Response {
  let offset = 0;
  return new Response(
    new ReadableStream<Uint8Array>({
      pull(controller) {
        if (failAfter !== undefined && offset >= failAfter) {
          controller.error(new TypeError('network error'));
          return;
        }
        if (offset >= bytes.length) {
          controller.close();
          return;
        }
        controller.enqueue(bytes.slice(offset, offset + 65_536));
        offset += 65_536;
      },
    }),
  );
}

let cache: MemoryCache;
let fetchMock: ReturnType<typeof vi.fn<(url: string) => Promise<Response>>>;

beforeEach(() => {
  cache = new MemoryCache();
  vi.stubGlobal('caches', {
    open: async (name: string) => {
      expect(name).toBe(MODEL_CACHE_NAME);
      return cache;
    },
  });
  fetchMock = vi.fn<(url: string) => Promise<Response>>();
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

const load = (progress: DownloadProgress[] = []) => fetchModelBytes(URL, EXPECTED, (p) => progress.push(p));

async function storedEntries(result: Awaited<ReturnType<typeof load>>): Promise<string[]> {
  await result.stored;
  return [...cache.entries.keys()];
}

describe('model bytes', () => {
  it('checks the length first, then the SHA-256', async () => {
    expect(await modelBytesProblem(MODEL, EXPECTED)).toBeUndefined();
    expect(await modelBytesProblem(MODEL.slice(0, 1000), EXPECTED)).toBe(`expected ${MODEL.length} bytes, got 1000`);
    const flipped = MODEL.slice();
    flipped[123_456] ^= 1;
    expect(await modelBytesProblem(flipped, EXPECTED)).toMatch(
      new RegExp(`^its SHA-256 is [0-9a-f]{64}, the model card says ${EXPECTED.sha256}$`),
    );
  });

  it('downloads good bytes with progress and caches them under their hash, replacing older entries', async () => {
    cache.entries.set(`${URL}?version=0123abcd`, Uint8Array.of(1, 2, 3));
    fetchMock.mockResolvedValueOnce(streamed(MODEL));
    const progress: DownloadProgress[] = [];
    const result = await load(progress);
    expect(result.fromCache).toBe(false);
    expect(isModel(result.bytes)).toBe(true);
    expect(progress.at(-1)).toEqual({ loadedBytes: MODEL.length, totalBytes: MODEL.length, fromCache: false });
    expect(await storedEntries(result)).toEqual([KEY]);
    expect(isModel(cache.entries.get(KEY))).toBe(true);

    const again = await load();
    expect(again.fromCache).toBe(true);
    expect(isModel(again.bytes)).toBe(true);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['a truncated body', MODEL.slice(0, MODEL.length >> 1), `expected ${MODEL.length} bytes, got ${MODEL.length >> 1}`],
    ['an empty body', new Uint8Array(0), `expected ${MODEL.length} bytes, got 0`],
    [
      'a longer body (read only up to the first chunk past the length)',
      Uint8Array.from({ length: MODEL.length * 4 }, (_, i) => MODEL[i % MODEL.length]),
      `expected ${MODEL.length} bytes, got ${Math.ceil((MODEL.length + 1) / 65_536) * 65_536}`,
    ],
    ['a corrupt body of the right length', MODEL.map((v, i) => (i > 1000 && i < 5000 ? 0 : v)), 'its SHA-256 is'],
  ])('refuses %s and caches nothing', async (_, body, message) => {
    fetchMock.mockResolvedValueOnce(streamed(body));
    const error = await load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as Error).message).toContain(`the downloaded model is damaged: ${message}`);
    expect(cache.entries.size).toBe(0);
  });

  it('reports HTTP errors and a connection that breaks off, and caches nothing', async () => {
    fetchMock.mockResolvedValueOnce(new Response('not found', { status: 404 }));
    await expect(load()).rejects.toThrow(new ModelLoadError(`could not download ${URL} (HTTP 404)`));
    fetchMock.mockResolvedValueOnce(streamed(MODEL, 131_072));
    await expect(load()).rejects.toThrow(`could not download ${URL} (network error)`);
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    await expect(load()).rejects.toThrow(`could not download ${URL} (Failed to fetch)`);
    expect(cache.entries.size).toBe(0);
  });

  it.each([
    ['damaged', MODEL.map((v, i) => (i === 77 ? v ^ 0xff : v))],
    ['truncated', MODEL.slice(0, 1_960_238 % MODEL.length)],
  ])('deletes a %s cache entry and downloads the model once more', async (_, poisoned) => {
    cache.entries.set(KEY, poisoned);
    fetchMock.mockResolvedValueOnce(streamed(MODEL));
    const result = await load();
    expect(result.fromCache).toBe(false);
    expect(isModel(result.bytes)).toBe(true);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(await storedEntries(result)).toEqual([KEY]);
    expect(isModel(cache.entries.get(KEY))).toBe(true);
  });

  it('deletes a damaged cache entry even when the new download is damaged too', async () => {
    cache.entries.set(KEY, MODEL.slice(0, 10));
    fetchMock.mockResolvedValueOnce(streamed(MODEL.slice(0, 20)));
    await expect(load()).rejects.toThrow(`the downloaded model is damaged: expected ${MODEL.length} bytes, got 20`);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(cache.entries.size).toBe(0);
  });
});
