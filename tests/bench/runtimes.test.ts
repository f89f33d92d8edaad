// The runtime comparison's report (src/bench/runtimes.ts): the decision follows the rule of issue 16 from the
// numbers alone (≥ 1.5× faster than the app's onnxruntime-web for the whole model at 2 threads, batch 1 and 8, with
// outputs within 1e-3 of onnxruntime-node's), and the table shows every row.
import { describe, expect, it } from 'vitest';
import {
  maxAbsDifference,
  type RuntimeComparison,
  type RuntimeId,
  type RuntimeRow,
  runtimeComparisonMarkdown,
  runtimeDecision,
} from '../../src/bench/runtimes';

const VERSIONS: Record<RuntimeId, string> = {
  'onnxruntime-web': '1.30.0',
  'onnxruntime-web-next': '1.31.1',
  'tfjs-wasm': '4.22.0',
};

/** A comparison whose 2-thread model times are `ms[runtime][batch]`; everything else 100 ms. */
function comparison(ms: Partial<Record<RuntimeId, Record<number, number>>>, diff = 2e-6): RuntimeComparison {
  const rows: RuntimeRow[] = [];
  for (const runtime of Object.keys(VERSIONS) as RuntimeId[]) {
    for (const graph of ['model', 'conv skeleton'] as const) {
      for (const threads of [1, 2]) {
        for (const batch of [1, 8]) {
          const time = graph === 'model' && threads === 2 ? ms[runtime]?.[batch] : undefined;
          rows.push({
            graph,
            runtime,
            version: VERSIONS[runtime],
            threads,
            threadsUsed: threads,
            binaries: ['x.wasm'],
            batch,
            ms: time ?? 100,
            maxAbsDiff: runtime === 'tfjs-wasm' ? diff : 2e-6,
          });
        }
      }
    }
  }
  return {
    command: 'npm run bench -- --only runtimes',
    machine: 'test machine',
    loadAverage: [0, 0, 0],
    callRuns: 15,
    crossOriginIsolated: true,
    node: [{ graph: 'model', threads: 2, batch: 1, ms: 20 }],
    rows,
  };
}

describe('runtimeDecision', () => {
  it('picks a runtime ≥ 1.5× faster at both batches as a new worker backend', () => {
    const c = comparison({ 'onnxruntime-web': { 1: 60, 8: 400 }, 'tfjs-wasm': { 1: 30, 8: 250 } });
    const { verdicts, sentence } = runtimeDecision(c);
    const tfjs = verdicts.find((v) => v.runtime === 'tfjs-wasm');
    expect(tfjs?.speedups).toEqual([
      { batch: 1, speedup: 2 },
      { batch: 8, speedup: 1.6 },
    ]);
    expect(tfjs?.qualifies).toBe(true);
    expect(sentence).toMatch(/^Decision: tfjs-backend-wasm 4\.22\.0 should become a backend of the worker/);
    expect(sentence).toContain('its speed-up over onnxruntime-web 1.30.0 is 2.00× at batch 1, 1.60× at batch 8');
  });

  it('keeps onnxruntime-web when the speed-up misses 1.5× at one batch', () => {
    const c = comparison({ 'onnxruntime-web': { 1: 60, 8: 400 }, 'tfjs-wasm': { 1: 30, 8: 300 } });
    const { verdicts, sentence } = runtimeDecision(c);
    expect(verdicts.every((v) => !v.qualifies)).toBe(true);
    expect(sentence).toMatch(/^Decision: keep onnxruntime-web 1\.30\.0: no runtime meets the rule/);
    expect(sentence).toContain('tfjs-backend-wasm 4.22.0: speed-up 2.00× at batch 1, 1.33× at batch 8');
  });

  it('does not pick a fast runtime whose outputs differ by more than 1e-3', () => {
    const c = comparison({ 'onnxruntime-web': { 1: 60, 8: 400 }, 'tfjs-wasm': { 1: 10, 8: 50 } }, 0.01);
    const { sentence } = runtimeDecision(c);
    expect(sentence).toMatch(/^Decision: keep/);
    expect(sentence).toContain('max abs difference 1.0e-2');
  });

  it('names a version bump when the next onnxruntime-web is the one that qualifies', () => {
    const c = comparison({ 'onnxruntime-web': { 1: 60, 8: 400 }, 'onnxruntime-web-next': { 1: 20, 8: 100 } });
    expect(runtimeDecision(c).sentence).toMatch(/^Decision: the app should move to onnxruntime-web 1\.31\.1/);
  });
});

describe('runtimeComparisonMarkdown', () => {
  it('prints the command, one table row per measurement, the binaries and the decision', () => {
    const c = comparison({ 'onnxruntime-web': { 1: 60, 8: 400 }, 'tfjs-wasm': { 1: 30, 8: 250 } });
    const text = runtimeComparisonMarkdown(c);
    expect(text).toContain('npm run bench -- --only runtimes');
    expect(text.split('\n').filter((line) => /^\| (model|conv skeleton) \|/.test(line))).toHaveLength(24);
    expect(text).toContain('| model | tfjs-backend-wasm 4.22.0 | 2 | 1 | 30.0 | 30.0 | 2.00 | 1.50 | 2.0e-6 |');
    expect(text).toContain('x.wasm');
    expect(text).toContain(runtimeDecision(c).sentence);
  });

  it('maxAbsDifference is the largest elementwise gap', () => {
    expect(maxAbsDifference(Float32Array.of(1, 2, 3), Float32Array.of(1, 2.5, 2))).toBe(1);
    expect(() => maxAbsDifference(Float32Array.of(1), Float32Array.of(1, 2))).toThrow();
  });
});
