// CPU reference for the kvcache kernel family: split the stacked qkv projection into q and the
// KV cache rows at positions pos0.., rotating q and k with RoPE when asked. Built on the rope
// reference. Contract: docs/KERNELS.md; tests: tests/kernels/cases/kvcache.ts.

import { rope } from './rope.js';

export interface KvCacheOptions {
  T: number;
  NH: number;
  NKV: number;
  HS: number;
  pos0: number;
  /** Positions the cache holds (its first dimension). */
  maxS: number;
  rope?: { theta: number; layout: 'interleaved' | 'half'; rotaryDim?: number; invFreq?: ArrayLike<number> };
}

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
