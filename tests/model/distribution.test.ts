// topIndices (src/model/distribution.ts), which picks the logprobs of a generation and the top
// tokens of an inspection: the k largest values, largest first, the lower index first among
// equals, for k from 1 to past the length. The oracle ranks every index by a plain count of the
// values that beat it.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topIndices } from '../../src/model/distribution.js';

/** Index i's rank: how many values are larger, or equal at a lower index. */
function byRank(values: number[], k: number): number[] {
  const rank = values.map((v, i) => values.filter((w, j) => w > v || (w === v && j < i)).length);
  return values.map((_, i) => i).filter((i) => rank[i]! < k).sort((a, b) => rank[a]! - rank[b]!);
}

describe('topIndices', () => {
  it('gives the k largest, largest first and the lower index first among equals, for small and large k', () => {
    // Few distinct values, so ties are common.
    const values = fc.array(fc.integer({ min: -4, max: 4 }).map((v) => v / 2), { minLength: 1, maxLength: 300 });
    fc.assert(fc.property(values, fc.integer({ min: 1, max: 320 }), (v, k) => {
      expect(topIndices(new Float32Array(v), k)).toEqual(byRank(v, k));
    }), { numRuns: 300 });
  });

  it('takes k past the length as all of them', () => {
    expect(topIndices([1, 3, 2], 5)).toEqual([1, 2, 0]);
    expect(topIndices(Array.from({ length: 70 }, (_, i) => i % 7), 100).slice(0, 3)).toEqual([6, 13, 20]);
  });
});
