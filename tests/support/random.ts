// Seeded pseudo-random numbers for tests: uniform Float32Array fills from mulberry32 (the training
// data's generator, src/train/data/random.ts, re-exported here for the tests that draw from it).
// Not for sampling (sample.ts has the PCG stream the GPU shares); deterministic across runs.
// Used by the kernel cases and reference tests; tested in tests/support/random.test.ts.

import { mulberry32 } from '../../src/train/data/random.js';

export { mulberry32 };

/** n values uniform in [-scale, scale), the same for the same seed. */
export function randomArray(n: number, seed: number, scale = 1): Float32Array {
  const next = mulberry32(seed);
  const y = new Float32Array(n);
  // 24-bit steps keep 2u-1 exact in float32, so rounding never reaches +scale.
  for (let i = 0; i < n; i++) y[i] = (Math.floor(next() * 2 ** 24) / 2 ** 23 - 1) * scale;
  return y;
}

/**
 * Weights of a (rows, K) matrix stored along K ('nk'), uniform in [-scale, scale), each run of 32
 * along K then scaled by 2^-(run % 5) and moved by (run % 3 - 1) * scale / 2: sub-blocks of many
 * sizes and means, so a block format's scales and mins take many values (uniform weights give every
 * sub-block nearly the same scale, the top of a k-quant's 6 bits).
 */
export function gradedWeights(rows: number, K: number, seed: number, scale = 1): Float32Array {
  return randomArray(rows * K, seed, scale).map((v, i) => {
    const run = Math.floor((i % K) / 32);
    return v * 2 ** -(run % 5) + ((run % 3) - 1) * 0.5 * scale;
  });
}
