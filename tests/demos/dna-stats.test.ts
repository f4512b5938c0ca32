// What the DNA page measures on a sequence, against counts worked by hand: GC content over the
// known bases (N left out; a sequence of N alone has none, which the page says instead of "NaN %")
// and the k-mer spectrum.

import { describe, expect, it } from 'vitest';
import { gcContent, kmerSpectrum } from '../../demos/dna/stats.js';

describe('DNA page statistics', () => {
  it('GC content counts G and C among A, C, G and T only', () => {
    expect(gcContent('GGCA')).toBe(0.75);
    expect(gcContent('GNNA')).toBe(0.5); // the Ns are not bases of either kind
    expect(gcContent('NNNN')).toBeNaN();
  });

  it('the 3-mer spectrum counts each window', () => {
    const counts = new Map(kmerSpectrum('ACGTACG', 3).map((c) => [c.kmer, c]));
    // ACG, CGT, GTA, TAC, ACG: five windows, ACG twice; 64 3-mers listed, the others 0.
    expect(counts.get('ACG')).toMatchObject({ count: 2, share: 0.4 });
    expect(counts.get('CGT')).toMatchObject({ count: 1, share: 0.2 });
    expect(counts.size).toBe(64);
    expect([...counts.values()].reduce((n, c) => n + c.count, 0)).toBe(5);
  });
});
