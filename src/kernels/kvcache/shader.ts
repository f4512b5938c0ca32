// Splits the stacked qkv projection (T, (NH + 2 NKV) HS) into q (T, NH, HS) and rows pos0.. of
// the K and V caches (maxS, NKV, HS), rotating q and k with RoPE on the way: one dispatch where
// a naive pipeline has three copies and two rotations. Each pair's frequency comes from a small
// buffer computed on the CPU, so scaled RoPE (Llama 3.1) costs nothing extra here. This is the
// engine's only RoPE on the GPU; its trigonometry is shared WGSL (shaders/rope.ts).
// Host: kernel.ts; reference: reference.ts; cases: cases.ts.

import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';
import { ropeTrig } from '../../../shaders/rope.js';
import { defineContract, type ParamValues } from '../contract.js';

/** 'interleaved' pairs (2i, 2i+1) as llama2.c and GGUF; 'half' pairs (i, i + rotaryDim/2) as Hugging Face. */
export type RopeLayout = 'interleaved' | 'half';

export type KvCacheShaderOptions = {
  rope: 'none' | RopeLayout;
};

export const kvcacheContract = defineContract({
  name: 'kvcache',
  params: { T: 'u32', NH: 'u32', NKV: 'u32', HS: 'u32', pos0: 'u32', rotaryDim: 'u32' },
  bindings: [
    { name: 'qkv', shape: '(T, NH + 2 NKV, HS)' },
    { name: 'q', shape: '(T, NH, HS)', write: true },
    { name: 'kCache', shape: '(maxS, NKV, HS)', write: true },
    { name: 'vCache', shape: '(maxS, NKV, HS)', write: true },
    { name: 'freqs', shape: '(rotaryDim / 2) turns per position', when: (o: KvCacheShaderOptions) => o.rope !== 'none' },
  ],
  body: (o: KvCacheShaderOptions) => wgsl`
override THREADS: u32 = 64u;
${ropeTrig()}

// Element i of a head row after rotation by position pos; row is the head's offset in qkv.
fn rotated(row: u32, i: u32, pos: u32) -> f32 {
#if ${o.rope === 'none'}
  return qkv[row + i];
#else
  if (i >= p.rotaryDim) { return qkv[row + i]; }
#if ${o.rope === 'interleaved'}
  let pair = i / 2u;
  let a = qkv[row + 2u * pair];
  let b = qkv[row + 2u * pair + 1u];
  let second = (i & 1u) == 1u;
#else
  let half = p.rotaryDim / 2u;
  let pair = i % half;
  let a = qkv[row + pair];
  let b = qkv[row + pair + half];
  let second = i >= half;
#endif
  // Angle in turns, exactly reduced, polynomial sin/cos: the shared trigonometry (shaders/rope.ts).
  let sc = sinCosTurns(f32(pos) * freqs[pair]);
  let s = sc.x;
  let c = sc.y;
  return select(a * c - b * s, a * s + b * c, second);
#endif
}

// One invocation per (token, head slot): slots 0..NH-1 are q heads, then NKV k heads, then NKV v heads.
@compute @workgroup_size(THREADS)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let slots = p.NH + 2u * p.NKV;
  let id = gid.x + gid.y * nwg.x * THREADS;
  if (id >= p.T * slots) { return; }
  let t = id / slots;
  let slot = id % slots;
  let row = id * p.HS;
  let pos = p.pos0 + t;
  if (slot < p.NH) {
    let dst = (t * p.NH + slot) * p.HS;
    for (var i = 0u; i < p.HS; i++) { q[dst + i] = rotated(row, i, pos); }
  } else if (slot < p.NH + p.NKV) {
    let dst = (pos * p.NKV + slot - p.NH) * p.HS;
    for (var i = 0u; i < p.HS; i++) { kCache[dst + i] = rotated(row, i, pos); }
  } else {
    let dst = (pos * p.NKV + slot - p.NH - p.NKV) * p.HS;
    for (var i = 0u; i < p.HS; i++) { vCache[dst + i] = qkv[row + i]; }
  }
}
`,
});

/**
 * T tokens of NH query and NKV KV heads of HS, written at positions pos0.. of caches holding maxS
 * positions; the first rotaryDim dims of each q and k head rotate (default HS; even, at most HS;
 * `freqs` holds rotaryDim / 2 entries). maxS is the host's check, not a param.
 */
export type KvCacheShape = Omit<ParamValues<typeof kvcacheContract.spec.params>, 'rotaryDim'> & { maxS: number; rotaryDim?: number };
