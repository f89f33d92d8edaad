// What every solver takes and returns (the solver contract of the solvers issue).
import type { Rng } from '../rng';
import type { Image } from '../tensor';

/** Where a solver is, for progress bars and for scrubbing through stored steps. */
export type Stage =
  | { kind: 'map'; iteration: number; of: number } // stage 1 (MAP-RPS) or RED-diff: optimiser iteration k of N
  | { kind: 'renoise'; t0: number; sigma: number } // jump from an estimate to x_{t0}
  | { kind: 'sample'; step: number; of: number; t: number; sigma: number }; // reverse step k of N, leaving timestep t

/** One stored step: the state x_t (VP scaling, as the network sees it) and the current x0-estimate. */
export interface Snapshot {
  stage: Stage;
  xt: Float32Array;
  x0: Float32Array;
}

export interface Progress {
  stage: Stage;
  /** Denoiser calls made so far (a batched call counts once) and the planned total. */
  nfe: number;
  nfeTotal: number;
  /** Current x0-estimate of the first active chain (a live preview; do not keep it, it may be reused). */
  preview: Float32Array;
}

/** Chooses the steps whose snapshots a solve keeps (e.g. evenlySpacedSnapshots: bounded memory). */
export type SnapshotFilter = (stage: Stage) => boolean;

export interface SolveOptions {
  rng: Rng;
  /** Rejects (with the signal's reason) before the next denoiser call once aborted; passed to the denoiser too. */
  signal?: AbortSignal;
  onStep?: (progress: Progress) => void;
  /** Keep x_t and the x0-estimate in the result: of every step (true; memory: 2 images per step) or of the steps a
   * filter accepts. */
  keepSnapshots?: boolean | SnapshotFilter;
}

export interface SolveResult {
  image: Image;
  /** Denoiser calls the result needed (a batched call counts once). */
  nfe: number;
  snapshots?: Snapshot[];
}
