// Hand-worked checks of the attention reference: trivial cache, weights, causal offsets, GQA.
// CPU only; the GPU kernel cases (cases.ts) compare against this reference.

import { describe, expect, it } from 'vitest';
import { attention } from './reference.js';

const close = (values: number[]) => values.map((v) => expect.closeTo(v, 5));
const LN3 = Math.log(3);

describe('attention reference', () => {
  it('returns v when there is one query and one cached position', () => {
    const q = Float32Array.of(0.3, -2, 5);
    const k = Float32Array.of(1, 7, -1);
    const v = Float32Array.of(4, 5, 6);
    expect(Array.from(attention(q, k, v, { T: 1, S: 1, NH: 1, NKV: 1, HS: 3 }))).toEqual([4, 5, 6]);
  });

  it('weights v by the softmax of q.k / sqrt(HS)', () => {
    // HS=4, so the default scale is 1/2; scores [0, ln 3] give weights [1/4, 3/4].
    const q = Float32Array.of(LN3, LN3, 0, 0);
    const k = Float32Array.of(0, 0, 0, 0, 1, 1, 0, 0);
    const v = Float32Array.of(4, 0, 0, 0, 8, 4, 0, 0);
    const y = attention(q, k, v, { T: 1, S: 2, NH: 1, NKV: 1, HS: 4 });
    expect(Array.from(y)).toEqual(close([7, 3, 0, 0]));
  });

  it('honours an explicit scale', () => {
    const y = attention(Float32Array.of(LN3), Float32Array.of(0, 2), Float32Array.of(4, 8), {
      T: 1, S: 2, NH: 1, NKV: 1, HS: 1, scale: 0.5,
    });
    expect(Array.from(y)).toEqual(close([7]));
  });

  it('places query rows at the end of the cache (causal)', () => {
    // S=3, T=2: row 0 sits at position 1 (keys 0..1), row 1 at position 2 (keys 0..2).
    // All scores are 0 with q = 0, so each row is the mean of the v rows it may see.
    const v = Float32Array.of(3, 6, 12);
    const y = attention(new Float32Array(2), new Float32Array(3), v, { T: 2, S: 3, NH: 1, NKV: 1, HS: 1 });
    expect(Array.from(y)).toEqual(close([4.5, 7]));
  });

  it('maps query head h to KV head floor(h / (NH / NKV))', () => {
    // NH=4, NKV=2: heads 0,1 read KV head 0 and heads 2,3 read KV head 1 (h % NKV would fail).
    const q = new Float32Array(4 * 2);
    const k = new Float32Array(2 * 2);
    const v = Float32Array.of(1, 2, 30, 40);
    const y = attention(q, k, v, { T: 1, S: 1, NH: 4, NKV: 2, HS: 2 });
    expect(Array.from(y)).toEqual([1, 2, 1, 2, 30, 40, 30, 40]);
  });

  it('rejects mismatched shapes', () => {
    const two = new Float32Array(2);
    const four = new Float32Array(4);
    expect(() => attention(two, four, new Float32Array(3), { T: 1, S: 2, NH: 1, NKV: 1, HS: 2 })).toThrow(/v has 3/);
    expect(() => attention(four, four, two, { T: 1, S: 2, NH: 1, NKV: 1, HS: 2 })).toThrow(/\(T, NH, HS\) = \(1, 1, 2\)/);
    expect(() => attention(four, two, two, { T: 2, S: 1, NH: 1, NKV: 1, HS: 2 })).toThrow(/only S = 1/);
    expect(() => attention(new Float32Array(6), four, four, { T: 1, S: 1, NH: 3, NKV: 2, HS: 2 })).toThrow(/multiple/);
  });
});
