// Hand-worked checks of the embed reference: token rows, learned positions with pos0, bad ids; the
// backward by hand and against central finite differences of embed. CPU only; the GPU kernel tests
// compare against these references.

import { describe, expect, it } from 'vitest';
import { fd } from '../../../tests/support/finite-difference.js';
import { randomArray } from '../../../tests/support/random.js';
import { embed, embedBackward } from './reference.js';

const wte = Float32Array.of(0, 1, 10, 11, 20, 21); // (V=3, C=2)
const wpe = Float32Array.of(0.5, 0.5, 1, 1, 2, 2, 3, 3); // (P=4, C=2)

describe('embed reference', () => {
  it('copies token rows when there is no wpe', () => {
    expect(Array.from(embed([2, 0, 1], wte, { T: 3, C: 2, V: 3 }))).toEqual([20, 21, 0, 1, 10, 11]);
  });

  it('adds wpe rows starting at pos0', () => {
    const y = embed(Uint32Array.of(2, 0), wte, { T: 2, C: 2, V: 3, wpe, pos0: 1 });
    expect(Array.from(y)).toEqual([21, 22, 2, 3]);
    const y0 = embed(Int32Array.of(1), wte, { T: 1, C: 2, V: 3, wpe });
    expect(Array.from(y0)).toEqual([10.5, 11.5]);
  });

  it('throws a RangeError naming an id outside [0, V)', () => {
    expect(() => embed([0, 3], wte, { T: 2, C: 2, V: 3 })).toThrow(RangeError);
    expect(() => embed([0, 3], wte, { T: 2, C: 2, V: 3 })).toThrow(/token id 3/);
    expect(() => embed([-1], wte, { T: 1, C: 2, V: 3 })).toThrow(/token id -1/);
  });

  it('throws when positions run past wpe', () => {
    expect(() => embed([0, 1], wte, { T: 2, C: 2, V: 3, wpe, pos0: 3 })).toThrow(/wpe/);
  });

  it('rejects a wte that is not (V, C)', () => {
    expect(() => embed([0], wte.subarray(1), { T: 1, C: 2, V: 3 })).toThrow(/\(V, C\) = \(3, 2\)/);
  });
});

describe('embed backward reference', () => {
  it('sums dy rows by token id and by position, zero where nothing lands', () => {
    // B = 2 sequences of T = 2 at positions 1, 2; ids 2, 0 | 2, 2 (id 1 absent, wpe row 0 and 3 unused).
    const dy = Float32Array.of(1, 2, 3, 4, 10, 20, 30, 40); // (4, C=2)
    const { dwte, dwpe } = embedBackward([2, 0, 2, 2], dy, { T: 2, C: 2, V: 3, B: 2, wpe: { maxPos: 4 }, pos0: 1 });
    expect(Array.from(dwte)).toEqual([3, 4, 0, 0, 1 + 10 + 30, 2 + 20 + 40]);
    expect(Array.from(dwpe!)).toEqual([0, 0, 1 + 10, 2 + 20, 3 + 30, 4 + 40, 0, 0]);
    expect(embedBackward([1], Float32Array.of(5, 6), { T: 1, C: 2, V: 3 }).dwpe).toBeUndefined();
  });

  it('rejects ids outside [0, V) and positions past maxPos', () => {
    expect(() => embedBackward([3], new Float32Array(2), { T: 1, C: 2, V: 3 })).toThrow(/token id 3 at row 0/);
    expect(() => embedBackward([0, 1], new Float32Array(4), { T: 2, C: 2, V: 3, wpe: { maxPos: 2 }, pos0: 1 })).toThrow(/exceed wpe's 2 rows/);
  });

  it('matches central finite differences of embed over a batch', () => {
    // Every input a multiple of 2^-10 and h = 2^-4: each float32 sum in embed and each float64
    // product and sum of the loss is exact, and the loss is linear in wte and wpe, so the central
    // difference is the gradient exactly (tolerance 0).
    const [B, T, C, V, maxPos, pos0] = [3, 4, 3, 5, 9, 2];
    const dyadic = (n: number, seed: number) => randomArray(n, seed).map((v) => Math.round(v * 1024) / 1024);
    const ids = [4, 0, 4, 2, 1, 4, 4, 0, 2, 2, 0, 4]; // id 3 absent
    const wte = dyadic(V * C, 1);
    const wpe = dyadic(maxPos * C, 2);
    const dy = dyadic(B * T * C, 3);
    const loss = (te: ArrayLike<number>, pe: ArrayLike<number>) => {
      let sum = 0;
      for (let b = 0; b < B; b++) {
        const y = embed(ids.slice(b * T, (b + 1) * T), Float32Array.from(te), { T, C, V, wpe: Float32Array.from(pe), pos0 });
        y.forEach((v, i) => (sum += v * dy[b * T * C + i]));
      }
      return sum;
    };
    const h = 2 ** -4;
    const { dwte, dwpe } = embedBackward(ids, dy, { T, C, V, B, wpe: { maxPos }, pos0 });
    expect(Array.from(dwte)).toEqual(Array.from(wte, (_, i) => fd((te) => loss(te, wpe), wte, i, h)));
    expect(Array.from(dwpe!)).toEqual(Array.from(wpe, (_, i) => fd((pe) => loss(wte, pe), wpe, i, h)));
    expect(dwte.some((v) => v !== 0) && dwpe!.some((v) => v !== 0)).toBe(true);
  });
});
