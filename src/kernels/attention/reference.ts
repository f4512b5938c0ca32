// CPU reference for the attention kernel family: causal multi-head attention over a KV cache.
// Plain two passes per (t, h): scores, then max-subtracted softmax and the weighted sum of v,
// all in float64. Not flash/online softmax.
// Contract: shader.ts (AttentionShape) and docs/KERNELS.md; hand-worked checks: reference.test.ts.

import type { AttentionShape } from './shader.js';

export function attention(q: Float32Array, k: Float32Array, v: Float32Array, o: AttentionShape): Float32Array {
  const { T, S, NH, NKV, HS } = o;
  const scale = o.scale ?? 1 / Math.sqrt(HS);
  if (q.length !== T * NH * HS) {
    throw new RangeError(`attention: q has ${q.length} elements, expected (T, NH, HS) = (${T}, ${NH}, ${HS})`);
  }
  for (const [name, a] of [['k', k], ['v', v]] as const) {
    if (a.length !== S * NKV * HS) {
      throw new RangeError(`attention: ${name} has ${a.length} elements, expected (S, NKV, HS) = (${S}, ${NKV}, ${HS})`);
    }
  }
  if (T > S) throw new RangeError(`attention: T = ${T} query rows but only S = ${S} cached positions`);
  if (NH % NKV !== 0) throw new RangeError(`attention: NH = ${NH} is not a multiple of NKV = ${NKV}`);
  const group = NH / NKV; // query heads per KV head
  const y = new Float32Array(T * NH * HS); // (T, NH, HS)
  const scores = new Float64Array(S);
  const acc = new Float64Array(HS);
  for (let t = 0; t < T; t++) {
    const last = S - T + t; // this row's position; it attends to keys 0..last
    for (let h = 0; h < NH; h++) {
      const kvh = Math.floor(h / group);
      const qOff = (t * NH + h) * HS;
      let max = -Infinity;
      for (let s = 0; s <= last; s++) {
        const kOff = (s * NKV + kvh) * HS;
        let dot = 0;
        for (let i = 0; i < HS; i++) dot += q[qOff + i] * k[kOff + i];
        scores[s] = dot * scale;
        max = Math.max(max, scores[s]);
      }
      let sum = 0;
      for (let s = 0; s <= last; s++) {
        scores[s] = Math.exp(scores[s] - max);
        sum += scores[s];
      }
      acc.fill(0);
      for (let s = 0; s <= last; s++) {
        const vOff = (s * NKV + kvh) * HS;
        for (let i = 0; i < HS; i++) acc[i] += scores[s] * v[vOff + i];
      }
      for (let i = 0; i < HS; i++) y[qOff + i] = acc[i] / sum;
    }
  }
  return y;
}
