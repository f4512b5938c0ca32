// Hand-worked checks of the matmul reference (reference.ts, also gemv's): both weight layouts,
// bias, activations, residual. CPU only; the GPU kernel tests (cases.ts, ../gemv/cases.ts) compare
// against this reference on random shapes.

import { describe, expect, it } from 'vitest';
import { geluScalar, siluScalar } from '../elementwise/reference.js';
import { matmul } from './reference.js';

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
