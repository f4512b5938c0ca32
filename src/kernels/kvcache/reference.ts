// CPU reference for the kvcache kernel family: split the stacked qkv projection into q and the
// KV cache rows at positions pos0.., rotating q and k with RoPE when asked, and its backward (the
// transpose: dq, dk turned back, dv copied, stacked into dqkv); and rope(), the rotary position
// embedding both are built on. Float64 angles and rotation; Float32Array in gives Float32Array
// out, Float64Array in gives Float64Array out (the finite-difference checks).
// Contract: shader.ts (KvCacheShape) and docs/KERNELS.md; checks: reference.test.ts;
// GPU cases: cases.ts.

import type { KvCacheShape, RopeLayout } from './shader.js';

type Floats = Float32Array | Float64Array;

/** Zeros of the same element type as `like`. */
function zerosLike<F extends Floats>(like: F, n: number): F {
  return (like instanceof Float64Array ? new Float64Array(n) : new Float32Array(n)) as F;
}

/** The kernel's shape, with RoPE described as rope() takes it (the kernel takes a frequency buffer). */
export type KvCacheOptions = Omit<KvCacheShape, 'rotaryDim'> & {
  rope?: { theta: number; layout: RopeLayout; rotaryDim?: number; invFreq?: ArrayLike<number> };
};

/** The backward's shape: splitQkv's without the cache size (gradients come for rows pos0.. only). */
export type KvCacheBackwardOptions = Omit<KvCacheOptions, 'maxS'>;

/** Returns q (T, NH, HS); writes k and v rows pos0..pos0+T-1 of kCache, vCache (maxS, NKV, HS). */
export function splitQkv<F extends Floats>(qkv: F, kCache: F, vCache: F, o: KvCacheOptions): F {
  const { T, NH, NKV, HS, pos0, maxS } = o;
  const width = (NH + 2 * NKV) * HS;
  if (qkv.length !== T * width) throw new RangeError(`splitQkv: qkv has ${qkv.length} elements, expected (T, (NH+2NKV)HS) = (${T}, ${width})`);
  if (kCache.length !== maxS * NKV * HS || vCache.length !== maxS * NKV * HS) {
    throw new RangeError(`splitQkv: caches must be (maxS, NKV, HS) = (${maxS}, ${NKV}, ${HS})`);
  }
  if (pos0 + T > maxS) throw new RangeError(`splitQkv: positions ${pos0}..${pos0 + T - 1} exceed the cache of ${maxS}`);
  const q = zerosLike(qkv, T * NH * HS);
  const k = zerosLike(qkv, T * NKV * HS);
  for (let t = 0; t < T; t++) {
    const row = qkv.subarray(t * width, (t + 1) * width);
    q.set(row.subarray(0, NH * HS), t * NH * HS);
    k.set(row.subarray(NH * HS, (NH + NKV) * HS), t * NKV * HS);
    vCache.set(row.subarray((NH + NKV) * HS), (pos0 + t) * NKV * HS);
  }
  const r = o.rope;
  const qOut = r ? rope(q, { T, NH, HS, pos0, ...r }) : q;
  const kOut = r ? rope(k, { T, NH: NKV, HS, pos0, ...r }) : k;
  kCache.set(kOut, pos0 * NKV * HS);
  return qOut;
}

/**
 * dqkv (T, (NH + 2 NKV) HS) from dq (T, NH, HS) and dk, dv (T, NKV, HS), the gradients of q and
 * of cache rows pos0..pos0+T-1: splitQkv's transpose, with dq and dk turned back by -angle.
 */
export function splitQkvBackward<F extends Floats>(dq: F, dk: F, dv: F, o: KvCacheBackwardOptions): F {
  const { T, NH, NKV, HS, pos0 } = o;
  if (dq.length !== T * NH * HS) throw new RangeError(`splitQkvBackward: dq has ${dq.length} elements, expected (T, NH, HS) = (${T}, ${NH}, ${HS})`);
  for (const [name, a] of [['dk', dk], ['dv', dv]] as const) {
    if (a.length !== T * NKV * HS) throw new RangeError(`splitQkvBackward: ${name} has ${a.length} elements, expected (T, NKV, HS) = (${T}, ${NKV}, ${HS})`);
  }
  const r = o.rope;
  const dqBack = r ? rope(dq, { T, NH, HS, pos0, ...r, inverse: true }) : dq;
  const dkBack = r ? rope(dk, { T, NH: NKV, HS, pos0, ...r, inverse: true }) : dk;
  const width = (NH + 2 * NKV) * HS;
  const out = zerosLike(dq, T * width);
  for (let t = 0; t < T; t++) {
    out.set(dqBack.subarray(t * NH * HS, (t + 1) * NH * HS), t * width);
    out.set(dkBack.subarray(t * NKV * HS, (t + 1) * NKV * HS), t * width + NH * HS);
    out.set(dv.subarray(t * NKV * HS, (t + 1) * NKV * HS), t * width + (NH + NKV) * HS);
  }
  return out;
}

// Rotary position embedding of q or k, per head. Returns a new array; angles and rotation in
// float64. The GPU rotates inside the kvcache kernel, from per-pair frequencies in turns.
export interface RopeOptions {
  T: number;
  NH: number; // heads in x (query or KV heads)
  HS: number;
  pos0: number; // position of row 0
  theta: number; // base, e.g. 10000
  /** 'interleaved' pairs (2i, 2i+1) as llama2.c and GGUF; 'half' pairs (i, i + rotaryDim/2) as Hugging Face. */
  layout: RopeLayout;
  rotaryDim?: number; // leading dims rotated per head, default HS; the rest pass through
  /** Radians per position for each pair, replacing theta^(-2i/rotaryDim) (scaled RoPE). */
  invFreq?: ArrayLike<number>;
  /** Turn by -angle instead: the inverse (and transpose) rotation, RoPE's backward. */
  inverse?: boolean;
}

export function rope<F extends Floats>(x: F, o: RopeOptions): F {
  const { T, NH, HS, pos0, theta, layout } = o;
  const rotaryDim = o.rotaryDim ?? HS;
  if (x.length !== T * NH * HS) {
    throw new RangeError(`rope: x has ${x.length} elements, expected (T, NH, HS) = (${T}, ${NH}, ${HS})`);
  }
  if (rotaryDim % 2 !== 0 || rotaryDim <= 0 || rotaryDim > HS) {
    throw new RangeError(`rope: rotaryDim = ${rotaryDim} must be even and in (0, HS = ${HS}]`);
  }
  const half = rotaryDim / 2;
  const sign = o.inverse ? -1 : 1;
  const y = x.slice() as F; // (T, NH, HS)
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < half; i++) {
      const angle = sign * (pos0 + t) * (o.invFreq ? o.invFreq[i] : Math.pow(theta, (-2 * i) / rotaryDim));
      const cos = Math.cos(angle);
      const sin = Math.sin(angle);
      const [a, b] = layout === 'interleaved' ? [2 * i, 2 * i + 1] : [i, i + half];
      for (let h = 0; h < NH; h++) {
        const off = (t * NH + h) * HS;
        const xa = x[off + a];
        const xb = x[off + b];
        y[off + a] = xa * cos - xb * sin;
        y[off + b] = xa * sin + xb * cos;
      }
    }
  }
  return y;
}
