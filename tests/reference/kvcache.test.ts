// Hand-worked checks of the kvcache reference (splitQkv): q and the cache rows at pos0 from hand-made
// qkv rows, GQA widths, RoPE on q and k but never v, and the size checks. CPU only; the GPU kernel
// tests (tests/kernels/cases/kvcache.ts) compare against this reference.

import { describe, expect, it } from 'vitest';
import { splitQkv } from '../../src/reference/kvcache.js';

/** qkv (T, (NH + 2 NKV) HS) with element j of row t equal to 100 t + j, so each value names its source. */
function qkvRows(T: number, width: number): Float32Array {
  return Float32Array.from({ length: T * width }, (_, i) => 100 * Math.floor(i / width) + (i % width));
}

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
