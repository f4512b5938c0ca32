// CPU reference for the penalty kernel family: the CTRL-style repetition penalty applied to
// the logits of tokens already in the context (divide positive logits, multiply negative ones),
// the same read from a seen-mask (bit i % 32 of word i / 32 set for each id i in the context), and
// a logit bias added after it.
// Contract: shader.ts and docs/KERNELS.md; hand-worked checks: reference.test.ts; the GPU cases
// (cases.ts) compare against it.

/** The largest finite float32: a penalised logit saturates there instead of overflowing to an infinity. */
const F32_MAX = 3.4028234663852886e38;

/**
 * `x` computed from the logit `l`, as float32, saturated at the largest finite float32 instead of
 * overflowing to an infinity; a non-finite `l` (a broken model's NaN or infinity) is kept as it
 * is, for the sampler to refuse.
 */
const saturate = (l: number, x: number) => (Number.isFinite(l) ? Math.min(F32_MAX, Math.max(-F32_MAX, Math.fround(x))) : l);

/** Returns a copy of logits with each distinct id in `ids` penalised once. */
export function repetitionPenalty(logits: Float32Array, ids: ArrayLike<number>, penalty: number): Float32Array {
  if (!(penalty > 0)) throw new RangeError(`repetitionPenalty: penalty must be > 0, got ${penalty}`);
  const y = Float32Array.from(logits);
  for (const id of new Set(Array.from(ids))) {
    if (id < 0 || id >= logits.length) throw new RangeError(`repetitionPenalty: id ${id} outside (V) = (${logits.length})`);
    const l = logits[id];
    y[id] = saturate(l, l > 0 ? l / penalty : l * penalty);
  }
  return y;
}

/** Returns a copy of logits with `bias` (V) added, each sum rounded to float32 and saturated (non-finite logits kept). */
export function logitBias(logits: Float32Array, bias: Float32Array): Float32Array {
  if (bias.length !== logits.length) throw new RangeError(`logitBias: bias has ${bias.length} values for (V) = (${logits.length})`);
  return logits.map((l, i) => saturate(l, l + bias[i]));
}

/**
 * The kernel's step: `mark` (an id, or undefined) joins the mask, then every id whose bit is set
 * is penalised, then `bias` (when given) is added. Bits at or past V (the last word's padding) are
 * ignored. Returns copies.
 */
export function penaltyFromSeen(logits: Float32Array, seen: Uint32Array, mark: number | undefined, penalty: number, bias?: Float32Array): { logits: Float32Array; seen: Uint32Array } {
  const V = logits.length;
  const bits = Uint32Array.from(seen);
  if (mark !== undefined && mark >= 0 && mark < V) bits[Math.floor(mark / 32)] |= 2 ** (mark % 32);
  const ids: number[] = [];
  for (let i = 0; i < V; i++) if (Math.floor(bits[Math.floor(i / 32)] / 2 ** (i % 32)) % 2 === 1) ids.push(i);
  const penalised = repetitionPenalty(logits, ids, penalty);
  return { logits: bias ? logitBias(penalised, bias) : penalised, seen: bits };
}
