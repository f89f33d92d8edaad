import { describe, expect, it } from 'vitest';
import { chooseBackend } from '../../src/worker/backend';

const adapter = { requestAdapter: async () => ({}) };
const noAdapter = { requestAdapter: async () => null };

describe('chooseBackend', () => {
  it('takes WebGPU when an adapter exists', async () => {
    const choice = await chooseBackend({ gpu: adapter, crossOriginIsolated: true, hardwareConcurrency: 8 });
    expect(choice.kind).toBe('webgpu');
  });

  it('falls back to threaded WASM when cross-origin isolated, capped at 4 threads', async () => {
    const choice = await chooseBackend({ gpu: noAdapter, crossOriginIsolated: true, hardwareConcurrency: 8 });
    expect(choice).toMatchObject({ kind: 'wasm-threads', threads: 4 });
    expect(choice.fallbackReasons).toEqual(['WebGPU unavailable: navigator.gpu gave no adapter']);
  });

  it('falls back to single-threaded WASM without cross-origin isolation and says why', async () => {
    const choice = await chooseBackend({ crossOriginIsolated: false, hardwareConcurrency: 2 });
    expect(choice).toMatchObject({ kind: 'wasm', threads: 1, label: 'WASM, 1 thread (SIMD)' });
    expect(choice.fallbackReasons.join(' ')).toMatch(/navigator.gpu is missing.*not cross-origin isolated/);
  });

  it('treats a failing requestAdapter as no adapter', async () => {
    const broken = {
      requestAdapter: async () => {
        throw new Error('GPU process crashed');
      },
    };
    const choice = await chooseBackend({ gpu: broken, crossOriginIsolated: true, hardwareConcurrency: 2 });
    expect(choice.kind).toBe('wasm-threads');
    expect(choice.fallbackReasons[0]).toContain('GPU process crashed');
  });
});
