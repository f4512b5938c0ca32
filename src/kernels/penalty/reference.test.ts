// Hand-worked checks of the repetition-penalty reference: positive logits divided, negative ones
// multiplied, each distinct id once, bad ids and penalties rejected; the seen-mask form and the
// host's mask builder; the logit bias added after the penalty, and the host's bias row. CPU only; the GPU kernel tests (cases.ts) compare against this reference.

import { describe, expect, it } from 'vitest';
import { biasRow, seenBits } from './kernel.js';
import { logitBias, penaltyFromSeen, repetitionPenalty } from './reference.js';

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

  it('saturates at the largest finite float32 where the quotient or product would overflow', () => {
    const max = 3.4028234663852886e38; // (2 - 2^-23) * 2^127
    expect(Array.from(repetitionPenalty(logits, [5, 1], 2 ** -126))).toEqual([3, -(2 ** -125), 0.5, -0.25, 0, max]);
    expect(Array.from(repetitionPenalty(logits, [0, 1], 2 ** 127))).toEqual([3 * 2 ** -127, -max, 0.5, -0.25, 0, 7]);
  });

  it("keeps a broken model's NaN and infinities, penalised or biased, for the sampler to refuse", () => {
    const broken = Float32Array.of(NaN, Infinity, -Infinity, 2);
    const y = repetitionPenalty(broken, [0, 1, 2, 3], 2);
    expect(Array.from(y)).toEqual([NaN, Infinity, -Infinity, 1]);
    expect(Array.from(logitBias(broken, Float32Array.of(1, -3.4e38, 3.4e38, 1)))).toEqual([NaN, Infinity, -Infinity, 3]);
  });

  it('rejects ids outside the vocabulary and penalties <= 0', () => {
    expect(() => repetitionPenalty(logits, [6], 2)).toThrow(/id 6 outside \(V\) = \(6\)/);
    expect(() => repetitionPenalty(logits, [-1], 2)).toThrow(RangeError);
    expect(() => repetitionPenalty(logits, [0], 0)).toThrow(/penalty must be > 0/);
    expect(() => repetitionPenalty(logits, [0], NaN)).toThrow(RangeError);
  });
});

describe('penaltyFromSeen reference', () => {
  const logits = Float32Array.of(3, -2, 0.5, -0.25, 0, 7);

  it('penalises the ids whose bits are set, after adding the marked id', () => {
    const seen = Uint32Array.of(0b100001); // ids 0 and 5
    const { logits: y, seen: after } = penaltyFromSeen(logits, seen, 1, 2);
    expect(Array.from(y)).toEqual([1.5, -4, 0.5, -0.25, 0, 3.5]);
    expect(Array.from(after)).toEqual([0b100011]);
    expect(Array.from(seen)).toEqual([0b100001]); // input untouched
  });

  it('marks nothing for an undefined or out-of-range mark, and ignores padding bits past V', () => {
    const seen = Uint32Array.of(0xffffffc0); // only bits 6..31: all past V = 6
    expect(Array.from(penaltyFromSeen(logits, seen, undefined, 2).logits)).toEqual(Array.from(logits));
    expect(Array.from(penaltyFromSeen(logits, seen, 6, 2).seen)).toEqual([0xffffffc0]);
  });

  it('reads bit 31 and the words after the first', () => {
    const x = Float32Array.from({ length: 40 }, (_, i) => i + 1);
    const seen = Uint32Array.of(2 ** 31, 1 << 7); // ids 31 and 39
    const y = penaltyFromSeen(x, seen, 32, 4).logits;
    expect([y[31], y[32], y[39], y[30]]).toEqual([8, 33 / 4, 10, 31]);
  });
});

describe('logitBias reference', () => {
  const logits = Float32Array.of(3, -2, 0.5, -0.25, 0, 7);
  const max = 3.4028234663852886e38;

  it('adds the bias to every logit, rounding each sum to float32', () => {
    const y = logitBias(logits, Float32Array.of(-100, 0, 0.25, 1, 0.1, 0));
    expect(Array.from(y)).toEqual([-97, -2, 0.75, 0.75, Math.fround(0.1), 7]);
  });

  it('is added after the penalty, each step saturated: a saturated penalty and a bias that undoes it leave 0', () => {
    const seen = Uint32Array.of(0b10); // id 1
    const bias = Float32Array.of(0, max, 0, 0, max, 0);
    const y = penaltyFromSeen(logits, seen, undefined, 2 ** 127, bias).logits;
    expect(Array.from(y)).toEqual([3, 0, 0.5, -0.25, max, 7]); // -2 * 2^127 saturates at -max; + max = 0
  });

  it('rejects a bias row of another length', () => {
    expect(() => logitBias(logits, new Float32Array(5))).toThrow(/bias has 5 values for \(V\) = \(6\)/);
  });
});

describe('biasRow (the host builds the uploaded bias)', () => {
  it('puts each bias at its id and 0 elsewhere', () => {
    expect(Array.from(biasRow([[2, -100], [0, 1.5]], 4))).toEqual([1.5, 0, -100, 0]);
  });

  it('rejects ids outside the vocabulary and an id given twice', () => {
    expect(() => biasRow([[4, 1]], 4)).toThrow(/bias id 4 outside \(V\) = \(4\)/);
    expect(() => biasRow([[0.5, 1]], 4)).toThrow(RangeError);
    expect(() => biasRow([[1, 1], [1, 2]], 4)).toThrow(/bias id 1 given twice/);
  });
});

describe('seenBits (the host builds the uploaded mask)', () => {
  it('sets bit i % 32 of word i / 32 once per id, over ceil(V / 32) words', () => {
    expect(Array.from(seenBits([0, 31, 32, 31, 64], 65))).toEqual([(1 | 2 ** 31) >>> 0, 1, 1]);
    expect(seenBits([], 1)).toHaveLength(1);
  });

  it('rejects ids outside the vocabulary', () => {
    expect(() => seenBits([65], 65)).toThrow(/id 65 outside \(V\) = \(65\)/);
    expect(() => seenBits([1.5], 65)).toThrow(RangeError);
  });
});
