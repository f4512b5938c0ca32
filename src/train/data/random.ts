// The seeded random numbers of training data: mulberry32, a tiny 32-bit generator, so the same seed
// draws the same batches in Node and in the browser (the tests' random fills use it too,
// tests/support/random.ts). Not for token sampling (the GPU sampler has its own PCG stream).
// Tests: tests/train/batches.test.ts.

/** Uniform numbers in [0, 1), 2^-32 apart. */
export type Rng = () => number;

/** mulberry32(seed): any number seeds it (taken modulo 2^32); the same seed gives the same stream. */
export function mulberry32(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new RangeError(`a random seed must be a finite number, got ${seed}`);
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer uniform in 0..n-1 (n at most 2^32: the bias is below n / 2^32, nil for corpora of megabytes). */
export function randomBelow(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}
