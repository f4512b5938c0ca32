// Hand-worked checks of the rope reference: identity at position 0, a 90-degree rotation,
// the two pair layouts, partial rotary dims. CPU only; the GPU kernel tests compare against this.

import { describe, expect, it } from 'vitest';
import { rope } from '../../src/reference/index.js';
import { randomArray } from '../support/random.js';

const close = (values: number[]) => values.map((v) => expect.closeTo(v, 6));

describe('rope reference', () => {
  const x = randomArray(2 * 3 * 8, 7); // (T=2, NH=3, HS=8)
  const base = { T: 2, NH: 3, HS: 8, theta: 10000 } as const;

  it('is the identity at position 0', () => {
    const y = rope(x.subarray(0, 24), { ...base, T: 1, pos0: 0, layout: 'interleaved' });
    expect(Array.from(y)).toEqual(Array.from(x.subarray(0, 24)));
  });

  it('rotates by 1 rad and by 90 degrees (HS=4, theta = 4/pi^2, position 1)', () => {
    // Pair 0 turns by 1 * theta^0 = 1 rad; pair 1 by 1 * theta^(-1/2) = pi/2.
    const o = { T: 1, NH: 1, HS: 4, pos0: 1, theta: 4 / Math.PI ** 2 };
    const inter = rope(Float32Array.of(1, 0, 1, 0), { ...o, layout: 'interleaved' });
    expect(Array.from(inter)).toEqual(close([Math.cos(1), Math.sin(1), 0, 1]));
    // 'half' pairs (0, 2) and (1, 3).
    const half = rope(Float32Array.of(1, 1, 0, 0), { ...o, layout: 'half' });
    expect(Array.from(half)).toEqual(close([Math.cos(1), 0, Math.sin(1), 1]));
  });

  it('uses angle (pos0 + t) * theta^(-2i/rotaryDim)', () => {
    // HS=4, theta=10000: pair 1 turns by pos / 100.
    const y = rope(Float32Array.of(0, 0, 1, 0, 0, 0, 1, 0), { T: 2, NH: 1, HS: 4, pos0: 5, theta: 10000, layout: 'interleaved' });
    expect(Array.from(y)).toEqual(close([0, 0, Math.cos(0.05), Math.sin(0.05), 0, 0, Math.cos(0.06), Math.sin(0.06)]));
  });

  it('pairs differently in the two layouts, and both preserve pair norms', () => {
    const inter = rope(x, { ...base, pos0: 3, layout: 'interleaved' });
    const half = rope(x, { ...base, pos0: 3, layout: 'half' });
    expect(Array.from(inter)).not.toEqual(Array.from(half));
    for (let head = 0; head < 6; head++) {
      const off = head * 8;
      for (let i = 0; i < 4; i++) {
        const norm = (a: Float32Array, p: number, q: number) => Math.hypot(a[off + p], a[off + q]);
        expect(norm(inter, 2 * i, 2 * i + 1)).toBeCloseTo(norm(x, 2 * i, 2 * i + 1), 5);
        expect(norm(half, i, i + 4)).toBeCloseTo(norm(x, i, i + 4), 5);
      }
    }
  });

  it('leaves dims past rotaryDim untouched and does not modify its input', () => {
    const copy = Float32Array.from(x);
    const y = rope(x, { ...base, pos0: 9, layout: 'half', rotaryDim: 4 });
    expect(Array.from(x)).toEqual(Array.from(copy));
    for (let head = 0; head < 6; head++) {
      expect(Array.from(y.subarray(head * 8 + 4, head * 8 + 8))).toEqual(Array.from(x.subarray(head * 8 + 4, head * 8 + 8)));
    }
    expect(Array.from(y.subarray(0, 4))).not.toEqual(Array.from(x.subarray(0, 4)));
  });

  it('rejects an odd rotaryDim and a wrong length', () => {
    expect(() => rope(x, { ...base, pos0: 0, layout: 'half', rotaryDim: 3 })).toThrow(/rotaryDim/);
    expect(() => rope(x.subarray(1), { ...base, pos0: 0, layout: 'half' })).toThrow(/\(T, NH, HS\) = \(2, 3, 8\)/);
  });
});
