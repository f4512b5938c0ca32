// stackedRows (src/model/weights/rows.ts), which both loaders stack q, k and v with: in every
// storage format its data is the stored form of the parts' values one after another (16-bit parts
// of odd length sharing a word at the join), made at each read from each part's data read once, and
// a matrix whose rows fill words a run of rows at a time, each part's runs in turn.

import { describe, expect, it } from 'vitest';
import { stackedRows } from '../../src/model/weights/rows.js';
import { deferredRowRuns, deferredTensor, eachRowRun, rowRunsOf, type StoredTensor, type WeightDType } from '../../src/quant/formats.js';
import { toFloat32, toStored } from '../../src/quant/stored.js';
import { randomArray } from '../support/random.js';

const K = 64; // two 32-value blocks a row
const stored = (shape: number[], dtype: WeightDType, seed: number): StoredTensor =>
  toStored({ shape, data: randomArray(shape.reduce((a, b) => a * b, 1), seed, 1), ...(shape.length === 2 ? { layout: 'nk' as const } : {}) }, dtype);

describe('stackedRows', () => {
  for (const dtype of ['f32', 'f16', 'bf16', 'q8_0', 'q4_0'] as const) {
    it(`${dtype}: matrices of 5, 3 and 3 rows, and vectors of 5, 3 and 3 values, as the stored form of their values in order`, () => {
      for (const shapes of [[[5, K], [3, K], [3, K]], [[5], [3], [3]]]) {
        if (shapes[0]!.length === 1 && dtype.startsWith('q')) continue; // block formats store matrices only
        const parts = shapes.map((shape, i) => stored(shape, dtype, 10 + i));
        const values = Float32Array.from(parts.flatMap((p) => [...toFloat32(p).data]));
        const rows = 11;
        const shape = shapes[0]!.length === 2 ? [rows, K] : [rows];
        const got = stackedRows(parts);
        expect([got.shape, got.dtype, got.layout]).toEqual([shape, dtype, shape.length === 2 ? 'nk' : undefined]);
        // Re-storing the stacked values stores each exactly (they are the format's values already).
        expect(got.data).toEqual(toStored({ shape, data: values, ...(shape.length === 2 ? { layout: 'nk' as const } : {}) }, dtype).data);
      }
    });
  }

  it('makes its data at each read, reading each part once', () => {
    const reads: number[] = [0, 0];
    const parts = [stored([2, K], 'f16', 1), stored([1, K], 'f16', 2)].map((p, i) =>
      deferredTensor({ shape: p.shape, dtype: p.dtype, layout: 'nk' }, () => (reads[i]!++, p.data)));
    const t = stackedRows(parts);
    expect(reads).toEqual([0, 0]);
    const [a, b] = [t.data, t.data];
    expect(a).not.toBe(b);
    expect(a).toEqual(b);
    expect(reads).toEqual([2, 2]);
  });

  // 2^20 values a run: 16,384 rows of 64.
  it('makes a matrix whose rows fill words a run of rows at a time, each part\'s runs in turn, as its whole data', () => {
    for (const dtype of ['f32', 'f16', 'q8_0', 'q4_0'] as const) {
      const plain = [stored([20000, K], dtype, 1), stored([5000, K], dtype, 2), stored([5000, K], dtype, 3)];
      // The first part brings runs of its own (as a GGUF matrix does), the others are read whole, once.
      const parts = [deferredRowRuns({ shape: plain[0]!.shape, dtype, layout: 'nk' }, () => plain[0]!.data, () => eachRowRun(plain[0]!)), ...plain.slice(1)];
      const t = stackedRows(parts);
      const runs = Array.from(rowRunsOf(t)!(), (r) => ({ first: r.first, rows: r.rows, data: r.data.slice() }));
      expect(runs.map((r) => [r.first, r.rows]), dtype).toEqual([[0, 16384], [16384, 3616], [20000, 5000], [25000, 5000]]);
      const whole = t.data; // once: made at each read
      const joined = whole.slice().fill(0);
      runs.reduce((at, r) => (joined.set(r.data, at), at + r.data.length), 0);
      expect(joined.findIndex((w, i) => w !== whole[i]), `${dtype}: the first word unlike the whole stack's`).toBe(-1);
    }
    expect(rowRunsOf(stackedRows([stored([3, 63], 'f16', 1), stored([3, 63], 'f16', 2)]))).toBeUndefined(); // odd K: rows share words
    expect(rowRunsOf(stackedRows([stored([5], 'f32', 1), stored([3], 'f32', 2)]))).toBeUndefined(); // vectors
  });

  it('refuses parts of different dtypes or row lengths, or stored \'kn\'', () => {
    expect(() => stackedRows([stored([2, K], 'f16', 1), stored([2, K], 'bf16', 2)])).toThrow('rows stack from tensors of one dtype and row length, got f16 [2, 64], bf16 [2, 64]');
    expect(() => stackedRows([stored([2, K], 'f32', 1), stored([2, 32], 'f32', 2)])).toThrow(RangeError);
    expect(() => stackedRows([])).toThrow(RangeError);
    expect(() => stackedRows([stored([2, K], 'f32', 1), { ...stored([K, 2], 'f32', 2), shape: [2, K], layout: 'kn' }])).toThrow("rows stack from 'nk' matrices");
  });
});
