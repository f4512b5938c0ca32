// CPU reference for the gradnorm family: the global L2 norm over many gradient tensors, in
// float64, and the clip scale derived from it. Not the optimizer step (adamw/reference.ts).
// Contract: shader.ts; hand-worked checks: reference.test.ts.

/** sqrt of the sum of squares of every element of every tensor. */
export function globalNorm(grads: readonly Float32Array[]): number {
  let sum = 0;
  for (const g of grads) for (let i = 0; i < g.length; i++) sum += g[i] * g[i];
  return Math.sqrt(sum);
}

/** What gradients are multiplied by: min(1, maxNorm / (norm + 1e-6)); 1 when maxNorm is 0 (no clipping). */
export function clipScale(norm: number, maxNorm: number): number {
  if (!(maxNorm >= 0 && Number.isFinite(maxNorm))) throw new RangeError(`clip: maxNorm must be finite and >= 0, got ${maxNorm}`);
  return maxNorm > 0 ? Math.min(1, maxNorm / (norm + 1e-6)) : 1;
}
