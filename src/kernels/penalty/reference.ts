// CPU reference for the penalty kernel family: the CTRL-style repetition penalty applied to
// the logits of tokens already in the context (divide positive logits, multiply negative ones).
// Contract: shader.ts and docs/KERNELS.md; hand-worked checks: reference.test.ts; the GPU cases
// (cases.ts) compare against it.

/** Returns a copy of logits with each distinct id in `ids` penalised once. */
export function repetitionPenalty(logits: Float32Array, ids: ArrayLike<number>, penalty: number): Float32Array {
  if (!(penalty > 0)) throw new RangeError(`repetitionPenalty: penalty must be > 0, got ${penalty}`);
  const y = Float32Array.from(logits);
  for (const id of new Set(Array.from(ids))) {
    if (id < 0 || id >= logits.length) throw new RangeError(`repetitionPenalty: id ${id} outside (V) = (${logits.length})`);
    const l = logits[id];
    y[id] = l > 0 ? l / penalty : l * penalty;
  }
  return y;
}
