// CPU reference for the attention kernel family: causal multi-head attention over a KV cache, its
// softmax weights (the probabilities program) and its backward. Plain loops per (t, h): scores, max-subtracted softmax, weighted sums, all in
// float64; Float32Array in gives Float32Array out, Float64Array in gives Float64Array out (the
// finite-difference checks). Not flash/online softmax.
// Contract: shader.ts (AttentionShape) and docs/KERNELS.md; checks: reference.test.ts.

import type { AttentionShape } from './shader.js';

type Floats = Float32Array | Float64Array;

/** Zeros of the same element type as `like`. */
function zerosLike<F extends Floats>(like: F, n: number): F {
  return (like instanceof Float64Array ? new Float64Array(n) : new Float32Array(n)) as F;
}

function checkShape(q: Floats, k: Floats, v: Floats, o: AttentionShape, fn: string): void {
  const { T, S, NH, NKV, HS } = o;
  if (q.length !== T * NH * HS) {
    throw new RangeError(`${fn}: q has ${q.length} elements, expected (T, NH, HS) = (${T}, ${NH}, ${HS})`);
  }
  for (const [name, a] of [['k', k], ['v', v]] as const) {
    if (a.length !== S * NKV * HS) {
      throw new RangeError(`${fn}: ${name} has ${a.length} elements, expected (S, NKV, HS) = (${S}, ${NKV}, ${HS})`);
    }
  }
  if (T > S) throw new RangeError(`${fn}: T = ${T} query rows but only S = ${S} cached positions`);
  if (NH % NKV !== 0) throw new RangeError(`${fn}: NH = ${NH} is not a multiple of NKV = ${NKV}`);
}

/**
 * Softmax weights of query row t, head h over keys 0..last into p (S entries); returns last.
 * The row sits at position S - T + t; head h reads KV head floor(h / (NH / NKV)).
 */
function rowProbabilities(q: Floats, k: Floats, o: AttentionShape, t: number, h: number, p: Float64Array): number {
  const { T, S, NH, NKV, HS } = o;
  const scale = o.scale ?? 1 / Math.sqrt(HS);
  const kvh = Math.floor(h / (NH / NKV));
  const last = S - T + t;
  const qOff = (t * NH + h) * HS;
  let max = -Infinity;
  for (let s = 0; s <= last; s++) {
    const kOff = (s * NKV + kvh) * HS;
    let dot = 0;
    for (let i = 0; i < HS; i++) dot += q[qOff + i] * k[kOff + i];
    p[s] = dot * scale;
    max = Math.max(max, p[s]);
  }
  let sum = 0;
  for (let s = 0; s <= last; s++) {
    p[s] = Math.exp(p[s] - max);
    sum += p[s];
  }
  for (let s = 0; s <= last; s++) p[s] /= sum;
  return last;
}

/** y (T, NH, HS): each query row's softmax-weighted sum of the v rows it may see. */
export function attention<F extends Floats>(q: F, k: F, v: F, o: AttentionShape): F {
  checkShape(q, k, v, o, 'attention');
  const { T, S, NH, NKV, HS } = o;
  const group = NH / NKV; // query heads per KV head
  const y = zerosLike(q, T * NH * HS); // (T, NH, HS)
  const p = new Float64Array(S);
  const acc = new Float64Array(HS);
  for (let t = 0; t < T; t++) {
    for (let h = 0; h < NH; h++) {
      const kvh = Math.floor(h / group);
      const last = rowProbabilities(q, k, o, t, h, p);
      acc.fill(0);
      for (let s = 0; s <= last; s++) {
        const vOff = (s * NKV + kvh) * HS;
        for (let i = 0; i < HS; i++) acc[i] += p[s] * v[vOff + i];
      }
      y.set(acc, (t * NH + h) * HS);
    }
  }
  return y;
}

/**
 * The softmax weights (NH, T, width) of every query row: row t of head h holds the weights of keys
 * 0 .. S - T + t and 0 after them, up to `width` (default S) entries.
 */
export function attentionProbabilities<F extends Floats>(q: F, k: F, o: AttentionShape & { width?: number }): F {
  checkShape(q, k, k, o, 'attentionProbabilities'); // no v: k stands in for it
  const { T, S, NH } = o;
  const width = o.width ?? S;
  if (width < S) throw new RangeError(`attentionProbabilities: width = ${width} is less than S = ${S}`);
  const out = zerosLike(q, NH * T * width); // (NH, T, width)
  const p = new Float64Array(S);
  for (let t = 0; t < T; t++) {
    for (let h = 0; h < NH; h++) {
      const last = rowProbabilities(q, k, o, t, h, p);
      out.set(p.subarray(0, last + 1), (h * T + t) * width);
    }
  }
  return out;
}

export interface AttentionGradients<F extends Floats> {
  dq: F; // (T, NH, HS)
  dk: F; // (S, NKV, HS)
  dv: F; // (S, NKV, HS)
}

/**
 * Gradients of attention(q, k, v) given dy = dLoss/dy (T, NH, HS). Per row: P recomputed,
 * dP = dy V^T, dS = P * (dP - rowsum(P * dP)) (rowsum(P * dP) = dy . y), dq = scale dS K,
 * dk = scale dS^T Q, dv = P^T dy; a KV head's dk, dv sum over the query heads of its group.
 */
export function attentionBackward<F extends Floats>(q: F, k: F, v: F, dy: F, o: AttentionShape): AttentionGradients<F> {
  checkShape(q, k, v, o, 'attentionBackward');
  const { T, S, NH, NKV, HS } = o;
  if (dy.length !== q.length) throw new RangeError(`attentionBackward: dy has ${dy.length} elements, expected (T, NH, HS) = (${T}, ${NH}, ${HS})`);
  const scale = o.scale ?? 1 / Math.sqrt(HS);
  const group = NH / NKV;
  const dq = zerosLike(q, T * NH * HS);
  const dk = new Float64Array(S * NKV * HS);
  const dv = new Float64Array(S * NKV * HS);
  const p = new Float64Array(S);
  const dp = new Float64Array(S);
  const dqRow = new Float64Array(HS);
  for (let t = 0; t < T; t++) {
    for (let h = 0; h < NH; h++) {
      const kvh = Math.floor(h / group);
      const qOff = (t * NH + h) * HS;
      const last = rowProbabilities(q, k, o, t, h, p);
      let rowDot = 0; // rowsum(P * dP)
      for (let s = 0; s <= last; s++) {
        const vOff = (s * NKV + kvh) * HS;
        let dot = 0;
        for (let i = 0; i < HS; i++) dot += dy[qOff + i] * v[vOff + i];
        dp[s] = dot;
        rowDot += p[s] * dot;
      }
      dqRow.fill(0);
      for (let s = 0; s <= last; s++) {
        const kvOff = (s * NKV + kvh) * HS;
        const ds = p[s] * (dp[s] - rowDot);
        for (let i = 0; i < HS; i++) {
          dqRow[i] += scale * ds * k[kvOff + i];
          dk[kvOff + i] += scale * ds * q[qOff + i];
          dv[kvOff + i] += p[s] * dy[qOff + i];
        }
      }
      dq.set(dqRow, qOff);
    }
  }
  const out = (a: Float64Array) => {
    const r = zerosLike(q, a.length);
    r.set(a);
    return r;
  };
  return { dq, dk: out(dk), dv: out(dv) };
}
