// Batches of (inputs, targets) from a token stream, row-major (B, T) Uint32Arrays with targets one
// token ahead: random windows for training (seeded, nanoGPT's get_batch) and non-overlapping windows
// for the held-out loss (deterministic). Not the loss itself (the trainer). Tests: tests/train/batches.test.ts.

import { TrainingDataError } from '../../errors.js';
import { show } from '../../value-words.js';
import { randomBelow, type Rng } from './random.js';

export interface Batch {
  /** rows * contextLength ids, row r at r * contextLength. */
  inputs: Uint32Array;
  /** inputs shifted by one: targets[r, t] follows inputs[r, t] in the corpus. */
  targets: Uint32Array;
  rows: number;
  contextLength: number;
}

/** Throws a RangeError naming the hyperparameter unless `value` is a positive safe integer. */
export function checkPositiveInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer, got ${show(value)}`);
}

/**
 * Throws unless `tokens` holds one window of `contextLength` inputs and the target after it; `what`
 * names the corpus, `name` the context length (a caller's own name for it, such as a flag).
 */
export function checkWindow(tokens: ArrayLike<number>, contextLength: number, what = 'the corpus', name = 'contextLength'): void {
  checkPositiveInteger(name, contextLength);
  if (tokens.length === 0) throw new TrainingDataError(`${what} is empty`);
  if (tokens.length < contextLength + 1) {
    throw new TrainingDataError(`${what} has ${tokens.length} tokens, shorter than one context window: ${name} ${contextLength} needs ${contextLength + 1} (the window and the token after it)`);
  }
}

/** `batchSize` windows starting anywhere in 0..n-T-1, drawn from `rng` (the same stream, the same batch). */
export function sampleBatch(tokens: Uint32Array, options: { batchSize: number; contextLength: number; rng: Rng }): Batch {
  const { batchSize, contextLength: T, rng } = options;
  checkPositiveInteger('batchSize', batchSize);
  checkWindow(tokens, T);
  const batch = emptyBatch(batchSize, T);
  for (let r = 0; r < batchSize; r++) fillRow(batch, r, tokens, randomBelow(rng, tokens.length - T));
  return batch;
}

/**
 * The held-out windows, back to back from the start (window k covers tokens kT..kT+T), in batches of
 * up to `batchSize` rows (the last may have fewer). With `maxTokens`, only floor(maxTokens / T) of
 * them (at least one), spread evenly over the whole held-out text rather than its beginning. Each
 * window starts without context, as in training, so its first positions are the hardest.
 */
export function heldOutBatches(tokens: Uint32Array, options: { batchSize: number; contextLength: number; maxTokens?: number }): Batch[] {
  const { batchSize, contextLength: T, maxTokens } = options;
  checkPositiveInteger('batchSize', batchSize);
  checkWindow(tokens, T, 'the held-out split');
  if (maxTokens !== undefined) checkPositiveInteger('maxTokens', maxTokens);
  const total = Math.floor((tokens.length - 1) / T);
  const count = maxTokens === undefined ? total : Math.max(1, Math.min(total, Math.floor(maxTokens / T)));
  const batches: Batch[] = [];
  for (let first = 0; first < count; first += batchSize) {
    const batch = emptyBatch(Math.min(batchSize, count - first), T);
    for (let r = 0; r < batch.rows; r++) fillRow(batch, r, tokens, Math.floor(((first + r) * total) / count) * T);
    batches.push(batch);
  }
  return batches;
}

function emptyBatch(rows: number, contextLength: number): Batch {
  return { inputs: new Uint32Array(rows * contextLength), targets: new Uint32Array(rows * contextLength), rows, contextLength };
}

function fillRow(batch: Batch, row: number, tokens: Uint32Array, start: number): void {
  const T = batch.contextLength;
  batch.inputs.set(tokens.subarray(start, start + T), row * T);
  batch.targets.set(tokens.subarray(start + 1, start + T + 1), row * T);
}
