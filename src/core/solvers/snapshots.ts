// Which steps a solve stores for scrubbing: every one, or a bounded, evenly spaced selection per stage.
import type { SnapshotFilter, SolveOptions, Stage } from './types';

export function keepsSnapshot(option: SolveOptions['keepSnapshots'], stage: Stage): boolean {
  return typeof option === 'function' ? option(stage) : option === true;
}

/** Whether step i of 1..count is one of `kept` evenly spaced steps (the first and the last included). */
export function isEvenlySpaced(i: number, count: number, kept: number): boolean {
  if (count <= kept) return true;
  if (kept < 2) return i === count;
  const spacing = (count - 1) / (kept - 1);
  return Math.round(Math.round((i - 1) / spacing) * spacing) + 1 === i;
}

/**
 * Keeps at most `perStage` evenly spaced steps of stage 1 (or RED-diff's iterations) and of the sampling steps, and
 * every re-noising jump: at most 2·perStage + 1 snapshots per chain, whatever the preset's step counts.
 */
export function evenlySpacedSnapshots(perStage: number): SnapshotFilter {
  if (!Number.isInteger(perStage) || perStage < 1) {
    throw new Error(`snapshots per stage must be a positive integer, got ${perStage}`);
  }
  return (stage) => {
    if (stage.kind === 'renoise') return true;
    return isEvenlySpaced(stage.kind === 'map' ? stage.iteration : stage.step, stage.of, perStage);
  };
}
