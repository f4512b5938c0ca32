// Seeded pseudo-random numbers for tests: mulberry32 and uniform Float32Array fills.
// Not for sampling (sample.ts has the PCG stream the GPU shares); deterministic across runs.
// Used by the kernel cases and reference tests; tested in tests/support/random.test.ts.

/** mulberry32: a tiny 32-bit generator returning uniforms in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n values uniform in [-scale, scale), the same for the same seed. */
export function randomArray(n: number, seed: number, scale = 1): Float32Array {
  const next = mulberry32(seed);
  const y = new Float32Array(n);
  // 24-bit steps keep 2u-1 exact in float32, so rounding never reaches +scale.
  for (let i = 0; i < n; i++) y[i] = (Math.floor(next() * 2 ** 24) / 2 ** 23 - 1) * scale;
  return y;
}
