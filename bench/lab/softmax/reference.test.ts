// Hand-worked checks of the softmax reference: values, scale, stability and the causal mask.
// CPU only; the GPU kernel tests compare against this reference.

import { describe, expect, it } from 'vitest';
import { softmax } from './reference.js';

const close = (values: number[]) => values.map((v) => expect.closeTo(v, 6));

describe('softmax reference', () => {
  it('matches exp(x_i) / sum exp(x_j) for [1, 2, 3]', () => {
    const sum = Math.exp(1) + Math.exp(2) + Math.exp(3);
    const y = softmax(Float32Array.of(1, 2, 3), { rows: 1, cols: 3 });
    expect(Array.from(y)).toEqual(close([Math.exp(1) / sum, Math.exp(2) / sum, Math.exp(3) / sum]));
  });

  it('applies scale before the exponent', () => {
    const sum = Math.exp(2) + Math.exp(4);
    const y = softmax(Float32Array.of(1, 2), { rows: 1, cols: 2, scale: 2 });
    expect(Array.from(y)).toEqual(close([Math.exp(2) / sum, Math.exp(4) / sum]));
  });

  it('subtracts the max so large logits do not overflow', () => {
    const y = softmax(Float32Array.of(1000, 1000, 2000, 2000), { rows: 2, cols: 2 });
    expect(Array.from(y)).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  it('masks the upper triangle of a square causal block', () => {
    const y = softmax(new Float32Array(9), { rows: 3, cols: 3, causal: true });
    expect(Array.from(y)).toEqual(close([1, 0, 0, 1 / 2, 1 / 2, 0, 1 / 3, 1 / 3, 1 / 3]));
  });

  it('lets the last row see every column when cols > rows', () => {
    // rows=2, cols=3: row 0 masks c > 1, row 1 sees all.
    const y = softmax(new Float32Array(6), { rows: 2, cols: 3, causal: true });
    expect(Array.from(y)).toEqual(close([1 / 2, 1 / 2, 0, 1 / 3, 1 / 3, 1 / 3]));
  });

  it('rejects a length that does not match (rows, cols)', () => {
    expect(() => softmax(new Float32Array(5), { rows: 2, cols: 3 })).toThrow(/\(rows, cols\) = \(2, 3\)/);
  });
});
