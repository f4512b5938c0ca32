// CPU reference for the sample kernel family: argmax, the PCG random stream, and
// temperature / top-k / top-p / min-p sampling. Finds the kept set by sorting, on purpose not
// the GPU's radix select. A row holding NaN or +Inf, or nothing above -Inf, gives
// NON_FINITE_TOKEN. Contract: shader.ts (SampleShape) and docs/KERNELS.md;
// hand-worked checks: reference.test.ts.

import { NON_FINITE_TOKEN, type SampleShape } from './shader.js';

export { NON_FINITE_TOKEN };

/** The filters of SampleShape: temperature <= 0 means greedy; topK > 0, topP in (0, 1) and minP > 0 each enable one. */
export type SampleOptions = Pick<SampleShape, 'temperature' | 'topK' | 'topP' | 'minP'>;

/**
 * Whether a row can be sampled: no NaN or +Infinity, and some logit above -Infinity. A -Infinity
 * logit alone masks its token (probability 0), as a logit bias or a padded vocabulary would.
 */
export function samplable(logits: ArrayLike<number>): boolean {
  let someAboveNegInf = false;
  for (let i = 0; i < logits.length; i++) {
    const x = logits[i];
    if (Number.isNaN(x) || x === Infinity) return false;
    if (x > -Infinity) someAboveNegInf = true;
  }
  return someAboveNegInf;
}

/** Index of the largest logit, the first one on ties; NON_FINITE_TOKEN for a row that is not samplable. */
export function argmax(logits: ArrayLike<number>): number {
  if (logits.length === 0) throw new RangeError('argmax: empty logits');
  if (!samplable(logits)) return NON_FINITE_TOKEN;
  let best = 0;
  for (let i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
  return best;
}

/** PCG-RXS-M-XS hash of a u32, all arithmetic mod 2^32 as in WGSL. */
export function pcgHash(v: number): number {
  const s = (Math.imul(v >>> 0, 747796405) + 2891336453) >>> 0;
  const w = Math.imul((s >>> ((s >>> 28) + 4)) ^ s, 277803737) >>> 0;
  return ((w >>> 22) ^ w) >>> 0;
}

/** The u in [0, 1) for decode step `step` of stream `seed`: top 24 bits of the hash over 2^24. */
export function uniformFromSeed(seed: number, step: number): number {
  return (pcgHash((seed ^ pcgHash(step)) >>> 0) >>> 8) / 2 ** 24;
}

/** The distribution `sample` draws from: p over the kept tokens, renormalised; 0 elsewhere. Throws on a row that is not samplable. */
export function sampleProbabilities(logits: ArrayLike<number>, o: SampleOptions): Float64Array {
  if (!samplable(logits)) throw new RangeError('sampleProbabilities: the logits hold NaN or +Infinity, or nothing above -Infinity');
  const { p, keep, keptMass } = keptSet(logits, o);
  const q = new Float64Array(logits.length);
  for (let i = 0; i < q.length; i++) if (keep[i]) q[i] = p[i] / keptMass;
  return q;
}

/** One token id for the uniform number u in [0, 1); NON_FINITE_TOKEN for a row that is not samplable. */
export function sample(logits: ArrayLike<number>, o: SampleOptions & { u: number }): number {
  const { u } = o;
  if (!(u >= 0 && u < 1)) throw new RangeError(`sample: u = ${u} is outside [0, 1)`);
  if (o.temperature <= 0 || !samplable(logits)) return argmax(logits);
  const { p, keep, keptMass } = keptSet(logits, o);
  const target = u * keptMass;
  let sum = 0;
  let last = -1;
  for (let i = 0; i < p.length; i++) {
    if (!keep[i]) continue;
    sum += p[i];
    if (p[i] > 0) last = i; // a masked (-Infinity) token never stands in for the last one
    if (sum > target) return i;
  }
  return last; // rounding left the running sum at or below target
}

interface KeptSet {
  p: Float64Array; // (V) softmax(logits / temperature)
  keep: Uint8Array; // (V) 1 for kept tokens
  keptMass: number; // sum of p over kept tokens, in index order like the draw
}

function keptSet(logits: ArrayLike<number>, o: SampleOptions): KeptSet {
  const V = logits.length;
  const best = argmax(logits);
  const p = new Float64Array(V);
  const keep = new Uint8Array(V);
  if (o.temperature <= 0) {
    p[best] = 1;
    keep[best] = 1;
    return { p, keep, keptMass: 1 };
  }
  let sum = 0;
  for (let i = 0; i < V; i++) {
    p[i] = Math.exp((logits[i] - logits[best]) / o.temperature);
    sum += p[i];
  }
  for (let i = 0; i < V; i++) p[i] /= sum;

  // p is monotone in the logit, so every rule keeps a prefix of this order: order[0..kept-1].
  const order = Array.from({ length: V }, (_, i) => i).sort((a, b) => logits[b] - logits[a] || a - b);
  let kept = V;
  const { topK = 0, topP = 1, minP = 0 } = o;
  if (topK > 0 && topK < V) {
    const boundary = logits[order[topK - 1]];
    kept = topK;
    while (kept < V && logits[order[kept]] >= boundary) kept++; // ties with the k-th all stay
  }
  if (topP > 0 && topP < 1) {
    let prefixMass = 0;
    for (let j = 0; j < kept; j++) prefixMass += p[order[j]];
    let cumulative = 0;
    for (let j = 0; j < kept; j++) {
      cumulative += p[order[j]] / prefixMass;
      if (cumulative >= topP) {
        const tau = p[order[j]];
        let end = j + 1;
        while (end < kept && p[order[end]] >= tau) end++; // ties with the boundary probability stay
        kept = end;
        break;
      }
    }
  }
  if (minP > 0) {
    const floor = minP * p[order[0]];
    let end = 1; // the most likely token always survives
    while (end < kept && p[order[end]] >= floor) end++;
    kept = end;
  }

  for (let j = 0; j < kept; j++) keep[order[j]] = 1;
  let keptMass = 0;
  for (let i = 0; i < V; i++) if (keep[i]) keptMass += p[i];
  return { p, keep, keptMass };
}
