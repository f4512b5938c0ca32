// Next-token probabilities from read-back logits, on the CPU in float64: a row's log-normaliser,
// its k most likely tokens with their probabilities and text (TopTokens), for model.inspect's
// output and logit lens and generate()'s logprobs. Not sampling (the GPU samples during generation).
// Tests: tests/model/inspect.test.ts, tests/model/generate.test.ts (logprobs).

import { BinaryHeap } from '../heap.js';
import { NonFiniteLogitsError } from '../errors.js';
import { describeUnsamplable } from '../kernels/sample/kernel.js';
import type { Tokenizer } from '../tokenizer/types.js';
import { tokenPiece } from '../tokenizer/piece.js';

/** The k most likely next tokens at each of T positions, most likely first; shapes in row-major order. */
export interface TopTokens {
  /** Tokens kept per position. */
  k: number;
  /** (T, k) token ids; equal logits keep the lower id first. */
  ids: Uint32Array;
  /** (T, k) their probabilities: the softmax of the logits (float64, then stored as float32). */
  probs: Float32Array;
  /** (T, k) their text as it reads inside a text (tokenPiece: SentencePiece's leading space kept, a special token written out). */
  text: string[];
}

/**
 * Throws NonFiniteLogitsError for the first of the rows (each `rowV` long, its first `V` read; the
 * first at position `at`) that no softmax can normalise: a NaN or +Infinity, or nothing above
 * -Infinity. The sampler refuses such a row in generate(); logits() and inspect() refuse it here.
 * Returns the rows.
 */
export function checkLogitRows(rows: Float32Array, rowV: number, V: number, at: number): Float32Array {
  for (let r = 0; r * rowV < rows.length; r++) {
    const row = rows.subarray(r * rowV, r * rowV + V);
    let above = false;
    for (let i = 0; i < row.length; i++) {
      const x = row[i];
      if (x !== x || x === Infinity) throw new NonFiniteLogitsError(at + r, describeUnsamplable(row), 'position');
      if (x !== -Infinity) above = true;
    }
    if (!above) throw new NonFiniteLogitsError(at + r, describeUnsamplable(row), 'position');
  }
  return rows;
}

/**
 * A row's softmax normalizer, kept as its max and log(sum(exp(x - max))) in float64: summed into
 * one number, a max past about 1e16 (a huge logit bias) would swallow the log-sum.
 */
export interface LogNormalizer {
  max: number;
  logSum: number;
}

export function logNormalizer(row: ArrayLike<number>): LogNormalizer {
  let max = -Infinity;
  for (let i = 0; i < row.length; i++) max = Math.max(max, row[i]);
  let sum = 0;
  for (let i = 0; i < row.length; i++) sum += Math.exp(row[i] - max);
  return { max, logSum: Math.log(sum) };
}

/** log(softmax(row)[i]) of the logit x = row[i], from the row's normalizer. */
export function logProbability(x: number, n: LogNormalizer): number {
  return x - n.max - n.logSum;
}

/**
 * Indices of the k largest values, largest first, the lower index first among equals: a heap of
 * the best k so far, its worst on top (O(n log k)). Inserting into a sorted list took O(n k), 1 s
 * a row at k = 5000 over 50257 values; sorting every index cost 80 ms a row at k = 65.
 */
export function topIndices(values: ArrayLike<number>, k: number): number[] {
  /** Whether index a ranks below index b. */
  const worse = (a: number, b: number) => values[a]! < values[b]! || (values[a] === values[b] && a > b);
  const best = new BinaryHeap<number>(worse);
  for (let i = 0; i < values.length && k > 0; i++) {
    if (best.size < k) {
      best.push(i);
    } else if (worse(best.peek()!, i)) {
      best.pop();
      best.push(i);
    }
  }
  const top: number[] = [];
  for (let i = best.pop(); i !== undefined; i = best.pop()) top.push(i);
  return top.reverse();
}

/** Fills TopTokens position by position from rows of logits. */
export class TopTokensBuilder {
  private readonly ids: Uint32Array;
  private readonly probs: Float32Array;
  private readonly text: string[];

  constructor(
    T: number,
    private readonly k: number,
    /** Token texts by id, shared between builders so that each id is decoded once. */
    private readonly textOf: (id: number) => string,
  ) {
    this.ids = new Uint32Array(T * k);
    this.probs = new Float32Array(T * k);
    this.text = new Array<string>(T * k).fill('');
  }

  /** Position t's top k from its logits row and that row's normalizer. */
  add(t: number, logits: Float32Array, norm: LogNormalizer): void {
    topIndices(logits, this.k).forEach((id, j) => {
      this.ids[t * this.k + j] = id;
      this.probs[t * this.k + j] = Math.exp(logProbability(logits[id], norm));
      this.text[t * this.k + j] = this.textOf(id);
    });
  }

  build(): TopTokens {
    return { k: this.k, ids: this.ids, probs: this.probs, text: this.text };
  }
}

/** tokenPiece(tokenizer, id), remembered. */
export function tokenTexts(tokenizer: Tokenizer): (id: number) => string {
  const known = new Map<number, string>();
  return (id) => {
    let text = known.get(id);
    if (text === undefined) known.set(id, (text = tokenPiece(tokenizer, id)));
    return text;
  };
}
