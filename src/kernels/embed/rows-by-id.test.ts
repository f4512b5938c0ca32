// The host-built index of rows by token id that the embedding backward runs on: grouping, order
// within an id, every row once, and the id check. CPU only.

import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../tests/support/random.js';
import { groupRowsById } from './rows-by-id.js';

describe('groupRowsById', () => {
  it('groups rows by ascending id, rows ascending within an id', () => {
    const index = groupRowsById([5, 1, 5, 0, 1, 5], 7);
    expect(Array.from(index.tokens)).toEqual([0, 1, 5]);
    expect(Array.from(index.offsets)).toEqual([0, 1, 3, 6]);
    expect(Array.from(index.order)).toEqual([3, 1, 4, 0, 2, 5]);
  });

  it('lists every row exactly once under its own id for random batches', () => {
    const rnd = mulberry32(8);
    for (const [rows, V] of [[1, 1], [17, 3], [300, 50257], [64, 65]]) {
      const ids = Uint32Array.from({ length: rows }, () => Math.floor(rnd() * V));
      const { tokens, offsets, order } = groupRowsById(ids, V);
      expect(Array.from(tokens)).toEqual([...new Set(ids)].sort((a, b) => a - b));
      expect(offsets.length).toBe(tokens.length + 1);
      expect(offsets[tokens.length]).toBe(rows);
      expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: rows }, (_, t) => t));
      tokens.forEach((id, k) => {
        const mine = order.subarray(offsets[k], offsets[k + 1]);
        expect(mine.length).toBeGreaterThan(0);
        mine.forEach((t, j) => {
          expect(ids[t]).toBe(id);
          if (j > 0) expect(t).toBeGreaterThan(mine[j - 1]);
        });
      });
    }
  });

  it('throws a RangeError naming the row of an id outside [0, V)', () => {
    expect(() => groupRowsById([0, 3], 3)).toThrow(/token id 3 at row 1/);
    expect(() => groupRowsById([-1], 3)).toThrow(RangeError);
    expect(() => groupRowsById([0.5], 3)).toThrow(RangeError);
  });
});
