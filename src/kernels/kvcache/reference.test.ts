// Hand-worked checks of the kvcache reference (splitQkv): q and the cache rows at pos0 from hand-made
// qkv rows, GQA widths, RoPE on q and k but never v, and the size checks. Then the rope reference
// it is built on: identity at position 0, a 90-degree rotation, the two pair layouts, partial
// rotary dims, and its inverse. Then splitQkvBackward against central finite differences of
// splitQkv, in float64. CPU only; the GPU kernel cases (cases.ts) compare against these references.

import { describe, expect, it } from 'vitest';
import { expectGradient } from '../../../tests/support/finite-difference.js';
import { randomArray } from '../../../tests/support/random.js';
import { ropeInverseFrequencies } from '../../model/rope-frequencies.js';
import { rope, splitQkv, splitQkvBackward, type KvCacheBackwardOptions } from './reference.js';

/** qkv (T, (NH + 2 NKV) HS) with element j of row t equal to 100 t + j, so each value names its source. */
function qkvRows(T: number, width: number): Float32Array {
  return Float32Array.from({ length: T * width }, (_, i) => 100 * Math.floor(i / width) + (i % width));
}

const close = (values: number[]) => values.map((v) => expect.closeTo(v, 6));
const range = (from: number, to: number, plus = 0) => Array.from({ length: to - from }, (_, i) => plus + from + i);

describe('splitQkv reference', () => {
  it('puts q in q and the k and v of row t in cache row pos0 + t, leaving the other rows', () => {
    // T=2, NH=2, NKV=1, HS=2: a qkv row is q0 q0 q1 q1 k k v v (width 8).
    const o = { T: 2, NH: 2, NKV: 1, HS: 2, pos0: 1, maxS: 4 };
    const k = new Float32Array(8).fill(-1);
    const v = new Float32Array(8).fill(-1);
    const q = splitQkv(qkvRows(2, 8), k, v, o);
    expect(Array.from(q)).toEqual([0, 1, 2, 3, 100, 101, 102, 103]);
    expect(Array.from(k)).toEqual([-1, -1, 4, 5, 104, 105, -1, -1]);
    expect(Array.from(v)).toEqual([-1, -1, 6, 7, 106, 107, -1, -1]);
  });

  it('splits GQA widths: NH q heads, then NKV k heads, then NKV v heads', () => {
    // NH=4, NKV=2, HS=3: q is elements 0..11, k 12..17, v 18..23 of a 24-wide row.
    const o = { T: 1, NH: 4, NKV: 2, HS: 3, pos0: 2, maxS: 3 };
    const k = new Float32Array(18);
    const v = new Float32Array(18);
    const q = splitQkv(qkvRows(1, 24), k, v, o);
    expect(Array.from(q)).toEqual(range(0, 12));
    expect(Array.from(k)).toEqual([...new Array(12).fill(0), ...range(12, 18)]);
    expect(Array.from(v)).toEqual([...new Array(12).fill(0), ...range(18, 24)]);
  });

  it('leaves q and k unchanged at position 0 with RoPE', () => {
    const o = { T: 1, NH: 2, NKV: 1, HS: 4, pos0: 0, maxS: 2 };
    const qkv = qkvRows(1, 16);
    for (const layout of ['interleaved', 'half'] as const) {
      const k = new Float32Array(8);
      const v = new Float32Array(8);
      const q = splitQkv(qkv, k, v, { ...o, rope: { theta: 10000, layout } });
      expect(Array.from(q)).toEqual(range(0, 8));
      expect(Array.from(k)).toEqual([...range(8, 12), 0, 0, 0, 0]);
      expect(Array.from(v)).toEqual([...range(12, 16), 0, 0, 0, 0]);
    }
  });

  it('rotates q and k by the position but copies v (HS=2, position 1: 1 rad)', () => {
    // NH=1, NKV=1, HS=2: the row is q k v, each (1, 0); pair 0 turns by pos * theta^0 = 1 rad.
    const qkv = Float32Array.of(1, 0, 1, 0, 1, 0);
    const k = new Float32Array(4);
    const v = new Float32Array(4);
    const q = splitQkv(qkv, k, v, { T: 1, NH: 1, NKV: 1, HS: 2, pos0: 1, maxS: 2, rope: { theta: 10000, layout: 'interleaved' } });
    const turned = [Math.cos(1), Math.sin(1)].map((x) => expect.closeTo(x, 6));
    expect(Array.from(q)).toEqual(turned);
    expect(Array.from(k)).toEqual([0, 0, ...turned]);
    expect(Array.from(v)).toEqual([0, 0, 1, 0]);
  });

  it('rejects positions past maxS and wrongly sized buffers', () => {
    const o = { T: 2, NH: 1, NKV: 1, HS: 2, pos0: 3, maxS: 4 };
    const cache = () => new Float32Array(8);
    expect(() => splitQkv(qkvRows(2, 6), cache(), cache(), o)).toThrow(/positions 3..4 exceed the cache of 4/);
    expect(() => splitQkv(qkvRows(2, 6), cache(), cache(), { ...o, pos0: 2 })).not.toThrow();
    expect(() => splitQkv(qkvRows(2, 5), cache(), cache(), { ...o, pos0: 0 })).toThrow(/qkv has 10 elements/);
    expect(() => splitQkv(qkvRows(2, 6), new Float32Array(6), cache(), { ...o, pos0: 0 })).toThrow(/caches must be/);
  });
});

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

  it('undoes itself with inverse: true, in both layouts', () => {
    const x64 = Float64Array.from(x);
    for (const layout of ['interleaved', 'half'] as const) {
      const o = { ...base, pos0: 700, layout, rotaryDim: 6 };
      const back = rope(rope(x64, o), { ...o, inverse: true });
      expect(back).toBeInstanceOf(Float64Array);
      expect(Math.max(...back.map((b, i) => Math.abs(b - x64[i])))).toBeLessThan(1e-12);
    }
  });

  it('rejects an odd rotaryDim and a wrong length', () => {
    expect(() => rope(x, { ...base, pos0: 0, layout: 'half', rotaryDim: 3 })).toThrow(/rotaryDim/);
    expect(() => rope(x.subarray(1), { ...base, pos0: 0, layout: 'half' })).toThrow(/\(T, NH, HS\) = \(2, 3, 8\)/);
  });
});

describe('splitQkvBackward reference', () => {
  // The loss is sum(wq * q) + sum(wk * k rows) + sum(wv * v rows) of splitQkv's outputs, for fixed
  // random weights, so its gradient is splitQkvBackward(wq, wk, wv). splitQkv is linear, so
  // float64 central differences err only by rounding, 1e-16 |loss| / h (~1e-13 with h = 1e-3):
  // 1e-10 holds; a rotation turned the wrong way errs by about |sin(2 angle)|, a misplaced block by O(1).
  const llama3 = ropeInverseFrequencies({
    ropeTheta: 500000, rotaryDim: 8, ropeScaling: { type: 'llama3', factor: 8, lowFreqFactor: 1, highFreqFactor: 4, originalContext: 16 },
  });
  const shapes: KvCacheBackwardOptions[] = [
    { T: 2, NH: 2, NKV: 1, HS: 4, pos0: 3 },
    { T: 3, NH: 4, NKV: 2, HS: 6, pos0: 5, rope: { theta: 10000, layout: 'interleaved' } },
    { T: 2, NH: 2, NKV: 2, HS: 8, pos0: 997, rope: { theta: 10000, layout: 'half', rotaryDim: 4 } },
    { T: 3, NH: 4, NKV: 1, HS: 10, pos0: 40, rope: { theta: 500000, layout: 'half', rotaryDim: 8, invFreq: llama3 } },
    { T: 1, NH: 1, NKV: 1, HS: 6, pos0: 0, rope: { theta: 100, layout: 'interleaved', rotaryDim: 2 } },
  ];
  for (const o of shapes) {
    const r = o.rope;
    const ropeLabel = r ? ` rope=${r.layout}${r.rotaryDim ? ` rot=${r.rotaryDim}` : ''}${r.invFreq ? ' invFreq' : ''}` : '';
    it(`matches finite differences: T=${o.T} NH=${o.NH} NKV=${o.NKV} HS=${o.HS} pos0=${o.pos0}${ropeLabel}`, () => {
      const { T, NH, NKV, HS, pos0 } = o;
      const maxS = pos0 + T + 1; // one cache row past the written ones
      const seed = T * 1000 + NH * 100 + HS + pos0;
      const qkv = Float64Array.from(randomArray(T * (NH + 2 * NKV) * HS, seed));
      const [wq, wk, wv] = [NH, NKV, NKV].map((heads, i) => Float64Array.from(randomArray(T * heads * HS, seed + 1 + i)));
      const rows = (cache: Float64Array) => cache.subarray(pos0 * NKV * HS, (pos0 + T) * NKV * HS);
      const dot = (a: Float64Array, b: Float64Array) => a.reduce((acc, x, i) => acc + x * b[i], 0);
      const loss = (x: Float64Array) => {
        const k = new Float64Array(maxS * NKV * HS);
        const v = new Float64Array(maxS * NKV * HS);
        const q = splitQkv(x, k, v, { ...o, maxS });
        return dot(q, wq) + dot(rows(k), wk) + dot(rows(v), wv);
      };
      const got = splitQkvBackward(wq, wk, wv, o);
      expect(got).toBeInstanceOf(Float64Array);
      expectGradient(loss, qkv, got, { h: 1e-3, atol: 1e-10, rtol: 0 });
    });
  }

  it('gives float32 for float32 inputs, and rejects wrongly sized gradients', () => {
    const o = { T: 2, NH: 2, NKV: 1, HS: 2, pos0: 1, rope: { theta: 10000, layout: 'half' as const } };
    const [dq, dk, dv] = [8, 4, 4].map((n, i) => randomArray(n, i + 1));
    const dqkv = splitQkvBackward(dq, dk, dv, o);
    expect(dqkv).toBeInstanceOf(Float32Array);
    expect(dqkv.length).toBe(16);
    expect(Array.from(dqkv.subarray(6, 8))).toEqual(Array.from(dv.subarray(0, 2))); // dv copied
    expect(() => splitQkvBackward(dq.subarray(1), dk, dv, o)).toThrow(/dq has 7/);
    expect(() => splitQkvBackward(dq, dk, dv.subarray(1), o)).toThrow(/dv has 3/);
  });
});
