// CPU reference for the kvcache kernel family: split the stacked qkv projection into q and the
// KV cache rows at positions pos0.., rotating q and k with RoPE when asked; and rope(), the rotary
// position embedding it is built on. Float64 angles and rotation.
// Contract: shader.ts (KvCacheShape) and docs/KERNELS.md; hand-worked checks: reference.test.ts;
// GPU cases: cases.ts.

import type { KvCacheShape, RopeLayout } from './shader.js';

/** The kernel's shape, with RoPE described as rope() takes it (the kernel takes a frequency buffer). */
export type KvCacheOptions = Omit<KvCacheShape, 'rotaryDim'> & {
  rope?: { theta: number; layout: RopeLayout; rotaryDim?: number; invFreq?: ArrayLike<number> };
};

/** Returns q (T, NH, HS); writes k and v rows pos0..pos0+T-1 of kCache, vCache (maxS, NKV, HS). */
export function splitQkv(qkv: Float32Array, kCache: Float32Array, vCache: Float32Array, o: KvCacheOptions): Float32Array {
  const { T, NH, NKV, HS, pos0, maxS } = o;
  const width = (NH + 2 * NKV) * HS;
  if (qkv.length !== T * width) throw new RangeError(`splitQkv: qkv has ${qkv.length} elements, expected (T, (NH+2NKV)HS) = (${T}, ${width})`);
  if (kCache.length !== maxS * NKV * HS || vCache.length !== maxS * NKV * HS) {
    throw new RangeError(`splitQkv: caches must be (maxS, NKV, HS) = (${maxS}, ${NKV}, ${HS})`);
  }
  if (pos0 + T > maxS) throw new RangeError(`splitQkv: positions ${pos0}..${pos0 + T - 1} exceed the cache of ${maxS}`);
  const q = new Float32Array(T * NH * HS);
  const k = new Float32Array(T * NKV * HS);
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
}

export function rope(x: Float32Array, o: RopeOptions): Float32Array {
  const { T, NH, HS, pos0, theta, layout } = o;
  const rotaryDim = o.rotaryDim ?? HS;
  if (x.length !== T * NH * HS) {
    throw new RangeError(`rope: x has ${x.length} elements, expected (T, NH, HS) = (${T}, ${NH}, ${HS})`);
  }
  if (rotaryDim % 2 !== 0 || rotaryDim <= 0 || rotaryDim > HS) {
    throw new RangeError(`rope: rotaryDim = ${rotaryDim} must be even and in (0, HS = ${HS}]`);
  }
  const half = rotaryDim / 2;
  const y = Float32Array.from(x); // (T, NH, HS)
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < half; i++) {
      const angle = (pos0 + t) * (o.invFreq ? o.invFreq[i] : Math.pow(theta, (-2 * i) / rotaryDim));
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
