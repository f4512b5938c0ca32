// Checks of the fused GEMV reference on hand-worked values: the norm prologue, then the gate pair
// or the bias, in both layouts. CPU only; the GPU cases (cases.ts) compare against this reference.

import { describe, expect, it } from 'vitest';
import { fusedGemv } from './reference.js';

const close = (values: number[], digits = 6) => values.map((v) => expect.closeTo(v, digits));

describe('fusedGemv reference', () => {
  it('RMSNorm then the SwiGLU pair: [3, 4] with eps 0.5 and gamma [1, 0.5]', () => {
    // mean square (9 + 16) / 2 = 12.5, + eps = 13: x' = [3, 4] / sqrt(13) * [1, 0.5] = [3, 2] / sqrt(13).
    // gate = x' . [1, -1] = 1 / sqrt(13); up = x' . [2, 1] = 8 / sqrt(13); y = silu(gate) * up.
    const r = 1 / Math.sqrt(13);
    const silu = (g: number) => g / (1 + Math.exp(-g));
    const y = fusedGemv(Float32Array.of(3, 4), Float32Array.of(1, -1), {
      T: 1, K: 2, N: 1, layout: 'nk', norm: 'rms', gamma: [1, 0.5], eps: 0.5, w2: [2, 1],
    });
    expect([...y]).toEqual(close([silu(r) * 8 * r]));
  });

  it("LayerNorm then the matrix and bias, the same in 'nk' and 'kn'", () => {
    // [1, 3]: mean 2, variance 1, eps 0 -> [-1, 1]; * gamma [2, 1] + beta [0.5, 0] -> [-1.5, 1].
    // Rows [1, 1] and [2, -1], bias [0.25, 0]: [-1.5 + 1 + 0.25, -3 - 1] = [-0.25, -4].
    const o = { T: 1, K: 2, N: 2, norm: 'layer' as const, gamma: [2, 1], beta: [0.5, 0], eps: 0, bias: [0.25, 0] };
    expect([...fusedGemv(Float32Array.of(1, 3), Float32Array.of(1, 1, 2, -1), { ...o, layout: 'nk' })]).toEqual(close([-0.25, -4]));
    expect([...fusedGemv(Float32Array.of(1, 3), Float32Array.of(1, 2, 1, -1), { ...o, layout: 'kn' })]).toEqual(close([-0.25, -4]));
  });

  it('each row of x gets its own statistics', () => {
    // Row 2 is row 1 times 10 plus 5: LayerNorm makes them equal.
    const o = { T: 2, K: 2, N: 1, layout: 'nk' as const, norm: 'layer' as const, gamma: [1, 1], beta: [0, 0], eps: 0 };
    const y = fusedGemv(Float32Array.of(1, 3, 15, 35), Float32Array.of(1, 2), o);
    expect([...y]).toEqual(close([1, 1])); // [-1, 1] . [1, 2]
  });

  it('refuses a norm without its parameters, and a gated pair with a bias', () => {
    expect(() => fusedGemv(Float32Array.of(1, 2), Float32Array.of(1, 1), { T: 1, K: 2, N: 1, layout: 'nk', norm: 'layer', gamma: [1, 1], eps: 0 })).toThrow(/needs gamma, beta and eps/);
    expect(() => fusedGemv(Float32Array.of(1, 2), Float32Array.of(1, 1), { T: 1, K: 2, N: 1, layout: 'nk', w2: [1, 1], bias: [1] })).toThrow(/no bias/);
  });
});
