// Hand-worked checks of the attention reference: trivial cache, weights, causal offsets, GQA.
// The probabilities: hand-worked weights, and P V equal to the forward. Then the backward against
// central finite differences of the forward, in float64.
// CPU only; the GPU kernel cases (cases.ts) compare against these references.

import { describe, expect, it } from 'vitest';
import { checkGradient } from '../../../tests/support/finite-difference.js';
import { randomArray } from '../../../tests/support/random.js';
import { attention, attentionBackward, attentionProbabilities } from './reference.js';
import type { AttentionShape } from './shader.js';

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

const f64 = (n: number, seed: number, scale: number) => Float64Array.from(randomArray(n, seed, scale));

describe('attention probabilities reference', () => {
  it('gives the hand-worked weights, causal and zero-padded to the width', () => {
    // HS = 4, scale 1/2, T = S = 2: row 0 sees key 0 alone (weight 1, whatever its query); row 1
    // sees keys 0, 1 with scores [0, ln 3], so weights [1/4, 3/4]; width 3 pads each row with a 0.
    const q = Float32Array.of(5, 5, 5, 5, LN3, LN3, 0, 0);
    const k = Float32Array.of(0, 0, 0, 0, 1, 1, 0, 0);
    const p = attentionProbabilities(q, k, { T: 2, S: 2, NH: 1, NKV: 1, HS: 4, width: 3 });
    expect(Array.from(p)).toEqual(close([1, 0, 0, 0.25, 0.75, 0]));
  });

  it('weights v into the forward attention, per head and GQA group', () => {
    const s: AttentionShape = { T: 3, S: 5, NH: 4, NKV: 2, HS: 4 };
    const q = f64(s.T * s.NH * s.HS, 1, 1.5);
    const k = f64(s.S * s.NKV * s.HS, 2, 1.5);
    const v = f64(s.S * s.NKV * s.HS, 3, 1.5);
    const p = attentionProbabilities(q, k, s); // (NH, T, S)
    const y = new Float64Array(s.T * s.NH * s.HS);
    for (let h = 0; h < s.NH; h++) {
      for (let t = 0; t < s.T; t++) {
        for (let key = 0; key < s.S; key++) {
          for (let i = 0; i < s.HS; i++) y[(t * s.NH + h) * s.HS + i] += p[(h * s.T + t) * s.S + key] * v[(key * s.NKV + Math.floor(h / 2)) * s.HS + i];
        }
      }
    }
    const want = attention(q, k, v, s);
    y.forEach((value, i) => expect(value).toBeCloseTo(want[i], 12));
    expect(() => attentionProbabilities(q, k, { ...s, width: 4 })).toThrow(/width = 4 is less than S = 5/);
  });
});

describe('attention backward reference', () => {
  // The loss is sum(w * attention(q, k, v)) for a fixed random w, so its gradient is
  // attentionBackward(..., dy = w). Float64 central differences with h = 1e-5 err by about
  // h^2 |f'''| / 6 plus 1e-16 |loss| / h, 5e-11 at most on these shapes, so 1e-8; a wrong sign,
  // scale, causal mask or head mapping errs by 1e-2 or more. Inputs up to +-1.5 give softmaxes far from flat and one-hot.
  const shapes: AttentionShape[] = [
    { T: 1, S: 4, NH: 1, NKV: 1, HS: 3 }, // one decode row
    { T: 3, S: 3, NH: 4, NKV: 2, HS: 4 }, // training: S = T, GQA groups of 2
    { T: 2, S: 5, NH: 3, NKV: 1, HS: 2 }, // continuing a cache: keys 0..2 seen by both rows
    { T: 4, S: 4, NH: 2, NKV: 2, HS: 5, scale: 0.9 },
  ];
  for (const s of shapes) {
    it(`matches finite differences: T=${s.T} S=${s.S} NH=${s.NH} NKV=${s.NKV} HS=${s.HS}${s.scale ? ` scale=${s.scale}` : ''}`, () => {
      const seed = s.T * 100 + s.S * 10 + s.NH;
      const q = f64(s.T * s.NH * s.HS, seed, 1.5);
      const k = f64(s.S * s.NKV * s.HS, seed + 1, 1.5);
      const v = f64(s.S * s.NKV * s.HS, seed + 2, 1.5);
      const w = f64(s.T * s.NH * s.HS, seed + 3, 1);
      const loss = (qq: Float64Array, kk: Float64Array, vv: Float64Array) => attention(qq, kk, vv, s).reduce((acc, y, i) => acc + w[i] * y, 0);
      const got = attentionBackward(q, k, v, w, s);
      const cases = [
        ['dq', q, (x: Float64Array) => loss(x, k, v)],
        ['dk', k, (x: Float64Array) => loss(q, x, v)],
        ['dv', v, (x: Float64Array) => loss(q, k, x)],
      ] as const;
      for (const [name, x, f] of cases) {
        expect(got[name]).toBeInstanceOf(Float64Array);
        const report = checkGradient(f, x, got[name], { h: 1e-5, atol: 1e-8, rtol: 0 });
        expect(report.ok, `${name}: ${report.message}`).toBe(true);
        expect(Math.max(...report.numeric.map(Math.abs)), `${name} is not trivially zero`).toBeGreaterThan(1e-2);
      }
    });
  }

  it('gives float32 gradients for float32 inputs, and rejects a wrongly sized dy', () => {
    const s = { T: 2, S: 2, NH: 2, NKV: 1, HS: 4 };
    const [q, k, v, dy] = [16, 8, 8, 16].map((n, i) => randomArray(n, i + 1));
    const g = attentionBackward(q, k, v, dy, s);
    expect(g.dq).toBeInstanceOf(Float32Array);
    expect([g.dq.length, g.dk.length, g.dv.length]).toEqual([16, 8, 8]);
    expect(() => attentionBackward(q, k, v, dy.subarray(1), s)).toThrow(/dy has 15/);
  });
});
