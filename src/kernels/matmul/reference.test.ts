// Hand-worked checks of the matmul reference (reference.ts, also gemv's): both weight layouts,
// bias, activations, residual; and its backward against central finite differences of the
// float64 forward. CPU only; the GPU kernel tests (cases.ts, ../gemv/cases.ts) compare against
// this reference on random shapes.

import { describe, expect, it } from 'vitest';
import { checkGradient } from '../../../tests/support/finite-difference.js';
import { randomArray } from '../../../tests/support/random.js';
import { geluScalar, siluScalar } from '../elementwise/reference.js';
import { matmul, matmulBackward, matmulF64, type WeightLayout } from './reference.js';

// x (T=2, K=3) and W as (N=2, K=3): y = x W^T = [[1-3, 2+2], [4-6, 8+5]].
const x = Float32Array.of(1, 2, 3, 4, 5, 6);
const wNK = Float32Array.of(1, 0, -1, 2, 1, 0);
const wKN = Float32Array.of(1, 2, 0, 1, -1, 0); // the same W stored as (K=3, N=2)
const dims = { T: 2, K: 3, N: 2 };

const close = (values: number[]) => values.map((v) => expect.closeTo(v, 5));

describe('matmul reference', () => {
  it('multiplies in the nk layout', () => {
    expect(Array.from(matmul(x, wNK, { ...dims, layout: 'nk' }))).toEqual([-2, 4, -2, 13]);
  });

  it('multiplies in the kn layout', () => {
    expect(Array.from(matmul(x, wKN, { ...dims, layout: 'kn' }))).toEqual([-2, 4, -2, 13]);
  });

  it('adds bias before the activation and residual after it', () => {
    const bias = Float32Array.of(2, -3); // pre-activations become [0, 1, 0, 10]
    const residual = Float32Array.of(10, 20, 30, 40);
    const plain = matmul(x, wNK, { ...dims, layout: 'nk', bias });
    expect(Array.from(plain)).toEqual([0, 1, 0, 10]);
    const g = matmul(x, wKN, { ...dims, layout: 'kn', bias, activation: 'gelu', residual });
    expect(Array.from(g)).toEqual(close([10, 20 + geluScalar(1), 30, 40 + geluScalar(10)]));
    const s = matmul(x, wNK, { ...dims, layout: 'nk', bias, activation: 'silu' });
    expect(Array.from(s)).toEqual(close([0, siluScalar(1), 0, siluScalar(10)]));
  });

  it('gives T=1 rows the same answer as the matching row of a larger T', () => {
    const row1 = matmul(x.subarray(3), wNK, { T: 1, K: 3, N: 2, layout: 'nk' });
    expect(Array.from(row1)).toEqual([-2, 13]);
  });

  it('names the expected shape on a length mismatch', () => {
    expect(() => matmul(x, wNK.subarray(1), { ...dims, layout: 'nk' })).toThrow(/\(N, K\) = \(2, 3\)/);
    expect(() => matmul(x.subarray(1), wNK, { ...dims, layout: 'kn' })).toThrow(/\(T, K\)/);
    expect(() => matmul(x, wNK, { ...dims, layout: 'nk', bias: new Float32Array(3) })).toThrow(/bias/);
  });
});

describe('matmul backward reference', () => {
  const shapes = [
    { T: 1, K: 1, N: 1 },
    { T: 3, K: 5, N: 7 },
    { T: 4, K: 2, N: 3 },
  ];
  for (const layout of ['nk', 'kn'] as WeightLayout[]) {
    for (const { T, K, N } of shapes) {
      it(`matches central differences of the float64 forward: ${T}x${K}x${N} ${layout} with bias`, () => {
        const seed = 100 * T + 10 * K + N;
        const [x, w, bias, dy] = [randomArray(T * K, seed), randomArray(K * N, seed + 1), randomArray(N, seed + 2), randomArray(T * N, seed + 3)];
        const shape = { T, K, N, layout };
        const grads = matmulBackward(x, w, dy, { ...shape, bias: true });
        // The loss sum(dy * y) has gradient dy at y, so its gradients are the backward's outputs.
        const loss = (xs: ArrayLike<number>, ws: ArrayLike<number>, bs: ArrayLike<number>) =>
          matmulF64(xs, ws, { ...shape, bias: bs }).reduce((sum, y, i) => sum + y * dy[i], 0);
        // The loss is linear in each input, so central differences have no truncation error: only
        // float64 rounding of the loss (~1e-16 * |loss| / h ~ 1e-12) and the float32 rounding of
        // the backward's outputs (relative 6e-8) remain; 1e-6 relative + 1e-9 absolute covers both.
        const cases = [
          ['dx', x, grads.dx, (v: Float64Array) => loss(v, w, bias)],
          ['dw', w, grads.dw, (v: Float64Array) => loss(x, v, bias)],
          ['db', bias, grads.db!, (v: Float64Array) => loss(x, w, v)],
        ] as const;
        for (const [name, v, g, f] of cases) {
          expect(g.length, name).toBe(v.length);
          const report = checkGradient(f, v, g, { h: 1e-3, atol: 1e-9, rtol: 1e-6 });
          expect(report.ok, `${name}: ${report.message}`).toBe(true);
        }
      });
    }
  }

  it('leaves db out without bias, and matches matmul rounded from float64', () => {
    const shape = { T: 2, K: 3, N: 2, layout: 'nk' as const };
    expect(matmulBackward(x, wNK, Float32Array.of(1, 0, 0, 1), shape).db).toBeUndefined();
    expect(Array.from(matmul(x, wNK, shape))).toEqual(Array.from(Float32Array.from(matmulF64(x, wNK, shape))));
  });

  it('works a small case by hand: dx = dy W, dW = dy^T x', () => {
    // dy picks y[0, 0] only: dx row 0 = W row 0 = [1, 0, -1], dW row 0 = x row 0 = [1, 2, 3].
    const dy = Float32Array.of(1, 0, 0, 0);
    const g = matmulBackward(x, wNK, dy, { ...dims, layout: 'nk', bias: true });
    expect(Array.from(g.dx)).toEqual([1, 0, -1, 0, 0, 0]);
    expect(Array.from(g.dw)).toEqual([1, 2, 3, 0, 0, 0]);
    expect(Array.from(g.db!)).toEqual([1, 0]);
    // The same W stored (K, N): dW keeps that layout, so x row 0 lands in column 0.
    expect(Array.from(matmulBackward(x, wKN, dy, { ...dims, layout: 'kn' }).dw)).toEqual([1, 0, 2, 0, 3, 0]);
  });

  it('names the expected shape of dy on a length mismatch', () => {
    expect(() => matmulBackward(x, wNK, new Float32Array(3), { ...dims, layout: 'nk' })).toThrow(/dy .*\(T, N\) = \(2, 2\)/);
  });
});
