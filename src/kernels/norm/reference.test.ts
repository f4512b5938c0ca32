// Hand-worked checks of the layernorm and rmsnorm references.
// CPU only; the GPU kernel tests compare against these references.

import { describe, expect, it } from 'vitest';
import { layernorm, rmsnorm } from './reference.js';

const close = (values: number[], digits = 5) => values.map((v) => expect.closeTo(v, digits));

describe('layernorm reference', () => {
  // [1, 2, 3, 4]: mean 2.5, biased variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25.
  const s = Math.sqrt(1.25);

  it('normalises [1, 2, 3, 4] and applies gamma and beta', () => {
    const y = layernorm(Float32Array.of(1, 2, 3, 4), Float32Array.of(1, 2, 1, 1), Float32Array.of(0, 0, 1, 0), {
      rows: 1, C: 4, eps: 0,
    });
    expect(Array.from(y)).toEqual(close([-1.5 / s, -1 / s, 0.5 / s + 1, 1.5 / s]));
  });

  it('includes eps inside the square root', () => {
    const ones = Float32Array.of(1, 1, 1, 1);
    const y = layernorm(Float32Array.of(1, 2, 3, 4), ones, new Float32Array(4), { rows: 1, C: 4, eps: 0.75 });
    expect(Array.from(y)).toEqual(close([-1.5 / Math.sqrt(2), -0.5 / Math.sqrt(2), 0.5 / Math.sqrt(2), 1.5 / Math.sqrt(2)]));
  });

  it('normalises each row on its own, even with a large offset', () => {
    const ones = Float32Array.of(1, 1, 1, 1);
    const x = Float32Array.of(1, 2, 3, 4, 10001, 10002, 10003, 10004);
    const y = layernorm(x, ones, new Float32Array(4), { rows: 2, C: 4, eps: 0 });
    const row = [-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s];
    expect(Array.from(y)).toEqual(close([...row, ...row]));
  });

  it('rejects a gamma of the wrong width', () => {
    expect(() => layernorm(new Float32Array(4), new Float32Array(3), new Float32Array(4), { rows: 1, C: 4, eps: 0 }))
      .toThrow(/gamma has 3 elements, expected \(C\) = \(4\)/);
  });
});

describe('rmsnorm reference', () => {
  it('divides [1, 2, 3, 4] by sqrt(mean(x^2)) = sqrt(7.5) and applies gamma', () => {
    const r = Math.sqrt(7.5);
    const y = rmsnorm(Float32Array.of(1, 2, 3, 4), Float32Array.of(1, 1, 2, 1), { rows: 1, C: 4, eps: 0 });
    expect(Array.from(y)).toEqual(close([1 / r, 2 / r, 6 / r, 4 / r]));
  });

  it('does not subtract the mean, and adds eps to the mean square', () => {
    // [2, 2]: mean square 4, plus eps 5 gives 9, so every value becomes 2/3.
    const y = rmsnorm(Float32Array.of(2, 2), Float32Array.of(1, 1), { rows: 1, C: 2, eps: 5 });
    expect(Array.from(y)).toEqual(close([2 / 3, 2 / 3]));
  });

  it('rejects x that is not (rows, C)', () => {
    expect(() => rmsnorm(new Float32Array(5), new Float32Array(2), { rows: 2, C: 2, eps: 0 })).toThrow(/\(rows, C\)/);
  });
});
