// The loaders' checks that read every value of a tensor (finite values, finite block scales): the
// part of a checkpoint's parse whose time grows with its size (a whole read, from disk where the
// file is left there). A loader hands each to a TensorChecks: run at once where none is given
// (CHECK_NOW), or kept in a CheckList and run after the parse, a tensor a step (time-slices.ts),
// before anything reads the weights.

import type { Steps } from '../time-slices.js';

export interface TensorChecks {
  add(check: () => void): void;
}

export const CHECK_NOW: TensorChecks = { add: (check) => check() };

/** Hands `check` to `checks`; what it found (a 16-bit tensor's largest magnitude) once it has run, undefined before. */
export function addFinding<T>(checks: TensorChecks, check: () => T): () => T | undefined {
  let found: T | undefined;
  checks.add(() => {
    found = check();
  });
  return () => found;
}

export class CheckList implements TensorChecks {
  private readonly checks: Array<() => void> = [];

  add(check: () => void): void {
    this.checks.push(check);
  }

  /** Runs the checks kept so far, each its own step; the first to fail throws. */
  *run(): Steps<void> {
    for (const check of this.checks.splice(0)) {
      check();
      yield;
    }
  }
}
