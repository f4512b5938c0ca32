// Hand-worked checks of the embed reference: token rows, learned positions with pos0, bad ids.
// CPU only; the GPU kernel tests compare against this reference.

import { describe, expect, it } from 'vitest';
import { embed } from './reference.js';

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
