// Hand-worked checks of the repetition-penalty reference: positive logits divided, negative ones
// multiplied, each distinct id once, bad ids and penalties rejected. CPU only; the GPU kernel tests
// (cases.ts) compare against this reference.

import { describe, expect, it } from 'vitest';
import { repetitionPenalty } from './reference.js';

describe('repetitionPenalty reference', () => {
  const logits = Float32Array.of(3, -2, 0.5, -0.25, 0, 7);

  it('divides positive logits and multiplies negative ones, leaving other ids alone', () => {
    const y = repetitionPenalty(logits, [0, 1, 2, 3], 2);
    expect(Array.from(y)).toEqual([1.5, -4, 0.25, -0.5, 0, 7]);
  });

  it('leaves a zero logit at zero', () => {
    expect(Array.from(repetitionPenalty(logits, [4], 2))).toEqual([3, -2, 0.5, -0.25, 0, 7]);
  });

  it('penalises a repeated id once', () => {
    const y = repetitionPenalty(logits, [5, 1, 5, 5, 1], 2);
    expect(Array.from(y)).toEqual([3, -4, 0.5, -0.25, 0, 3.5]);
  });

  it('rounds the quotient to float32 and does not modify its input', () => {
    const copy = Float32Array.from(logits);
    const y = repetitionPenalty(logits, [0], 1.3);
    expect(y[0]).toBe(Math.fround(3 / 1.3));
    expect(Array.from(logits)).toEqual(Array.from(copy));
  });

  it('rejects ids outside the vocabulary and penalties <= 0', () => {
    expect(() => repetitionPenalty(logits, [6], 2)).toThrow(/id 6 outside \(V\) = \(6\)/);
    expect(() => repetitionPenalty(logits, [-1], 2)).toThrow(RangeError);
    expect(() => repetitionPenalty(logits, [0], 0)).toThrow(/penalty must be > 0/);
    expect(() => repetitionPenalty(logits, [0], NaN)).toThrow(RangeError);
  });
});
