// Splits the stacked qkv projection (T, (NH + 2 NKV) HS) into q (T, NH, HS) and rows pos0.. of
// the K and V caches (maxS, NKV, HS), rotating q and k with RoPE on the way: one dispatch where
// a naive pipeline has three copies and two rotations. Each pair's frequency comes from a small
// buffer computed on the CPU, so scaled RoPE (Llama 3.1) costs nothing extra here.
// Reference: src/reference/kvcache.ts.

import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';
import { ropeTrig } from './rope.js';

export interface KvCacheShaderOptions {
  rope: 'none' | 'interleaved' | 'half';
}

export function kvcacheShader(o: KvCacheShaderOptions): string {
  return wgsl`
struct Params { T: u32, NH: u32, NKV: u32, HS: u32, pos0: u32, rotaryDim: u32 }

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> qkv: array<f32>;          // (T, NH + 2 NKV, HS)
@group(0) @binding(2) var<storage, read_write> q: array<f32>;      // (T, NH, HS)
@group(0) @binding(3) var<storage, read_write> kCache: array<f32>; // (maxS, NKV, HS)
@group(0) @binding(4) var<storage, read_write> vCache: array<f32>; // (maxS, NKV, HS)
#if ${o.rope !== 'none'}
@group(0) @binding(5) var<storage, read> freqs: array<f32>;        // (rotaryDim / 2) turns per position
#endif

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
  // Angle in turns, exactly reduced, polynomial sin/cos: the rope kernel's trigonometry (shaders/rope.ts).
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
`;
}
