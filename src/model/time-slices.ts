// Host work whose time grows with a model (checking every value, converting every matrix, writing
// every buffer) written once as steps, a tensor each, and run two ways: all at once, for the
// synchronous API and tests, or in slices of the event loop's time, so that a large model's load
// does not hold the thread for seconds to minutes: an abort (the CLI's Ctrl-C, a worker's abort
// message) is heard within a slice, and an app's server or page keeps answering meanwhile.

import { nextTurn } from '../next-turn.js';

/** Work that yields after each unit (a tensor): drive it with runSteps or runInSlices. */
export type Steps<T> = Generator<void, T, void>;

/** The longest a slice holds the thread before letting the event loop turn: a tensor's step is not cut. */
const SLICE_MS = 20;

/** Runs every step at once. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * Runs the steps, letting the event loop turn whenever a slice has run `sliceMs` (at least once
 * a step with 0), and stops with the signal's reason at the turn after an abort. A step is never cut: the
 * longest hold is one tensor's work.
 */
export async function runInSlices<T>(steps: Steps<T>, signal?: AbortSignal, sliceMs = SLICE_MS): Promise<T> {
  signal?.throwIfAborted();
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart < sliceMs) continue;
    await nextTurn();
    if (signal?.aborted) {
      steps.return(undefined as T); // runs the steps' finally blocks
      signal.throwIfAborted();
    }
    sliceStart = performance.now();
  }
}
