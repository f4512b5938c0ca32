// The range checks that config.json's reader (hf-config.ts) and GGUF metadata's (gguf-model.ts)
// share: each format reads a key's value and checks its type its own way, then the same rules say
// what a count, a positive real, an epsilon and a divisible width may be, so the two loaders can
// never disagree on what an impossible hyper-parameter is. Errors name the file and the key.

import { WeightFormatError } from '../../errors.js';

/** Shapes reach the GPU as 32-bit integers: a larger count is a damaged file, not a model. */
export const MAX_COUNT = 2 ** 31 - 1;

export abstract class HyperParameters {
  constructor(readonly file: string) {}

  abstract has(key: string): boolean;

  /** The value stored at `key` as the format keeps a count ('count') or a real ('real'); each format says what a missing key is. */
  protected abstract value(key: string, kind: 'count' | 'real'): unknown;

  protected abstract fail(key: string, expected: string, got: unknown): never;

  /** A count: a positive integer (layers, heads, widths, lengths). */
  count(key: string): number {
    const v = this.value(key, 'count');
    if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > MAX_COUNT) this.fail(key, `a positive integer (at most ${MAX_COUNT})`, v);
    return v as number;
  }

  /** A finite number above zero. */
  positive(key: string): number {
    const v = this.value(key, 'real');
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) this.fail(key, 'a positive number', v);
    return v;
  }

  /**
   * A norm epsilon: above zero, and at most 1 (real ones are 1e-5 or so; a larger one erases the
   * activations); `fallback` when the key is absent, or, without one, the format's missing-key error.
   */
  epsilon(key: string, fallback?: number): number {
    return this.atMostOne(key, fallback, 'a positive number at most 1');
  }

  /** `a / b` where a width must split evenly (the model width into heads). */
  quotient(a: number, b: number, aKey: string, bKey: string): number {
    if (a % b !== 0) throw new WeightFormatError(`${this.file}: ${aKey} = ${a} is not divisible by ${bKey} = ${b}`);
    return a / b;
  }

  /** A real in (0, 1], or `fallback` when the key is absent (none: it must be there); `expected` words the error. */
  protected atMostOne(key: string, fallback: number | undefined, expected: string): number {
    if (!this.has(key) && fallback !== undefined) return fallback;
    const v = this.positive(key);
    if (v > 1) this.fail(key, expected, v);
    return v;
  }
}
