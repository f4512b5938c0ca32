// What the DNA page measures on a sequence: GC content and the k-mer spectrum (how often each
// run of k bases occurs). Plain functions over strings of bases; N and anything not A/C/G/T is
// left out of both. Not the charts (main.ts). Tests: tests/browser/dna.test.ts.

const BASES = ['A', 'C', 'G', 'T'] as const;

/** The share of G and C among the sequence's A, C, G and T; NaN when it has none. */
export function gcContent(sequence: string): number {
  let gc = 0;
  let known = 0;
  for (const base of sequence) {
    if (base === 'G' || base === 'C') gc++;
    if (BASES.includes(base as (typeof BASES)[number])) known++;
  }
  return gc / known;
}

/** Every k-mer over A, C, G, T in lexicographic order (4^k of them). */
function allKmers(k: number): string[] {
  let kmers = [''];
  for (let i = 0; i < k; i++) kmers = kmers.flatMap((prefix) => BASES.map((base) => prefix + base));
  return kmers;
}

export interface KmerCount {
  kmer: string;
  count: number;
  /** count as a share of all the sequence's k-mers, so that sequences of different lengths compare. */
  share: number;
}

/** Each of the 4^k k-mers with how often it occurs in `sequence` (overlapping; k-mers with other letters skipped). */
export function kmerSpectrum(sequence: string, k: number): KmerCount[] {
  const counts = new Map(allKmers(k).map((kmer) => [kmer, 0]));
  let total = 0;
  for (let i = 0; i + k <= sequence.length; i++) {
    const kmer = sequence.slice(i, i + k);
    const count = counts.get(kmer);
    if (count === undefined) continue;
    counts.set(kmer, count + 1);
    total++;
  }
  return [...counts].map(([kmer, count]) => ({ kmer, count, share: total ? count / total : 0 }));
}
