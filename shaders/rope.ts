// Rotary position embedding of x (T, heads, HS): one invocation per (row, pair slot), pairs laid
// out 'interleaved' (2i, 2i+1) or 'half' (i, i + rotaryDim/2), in place or into y. Not attention;
// no cached cos/sin table. Reference: src/reference/rope.ts; tests: tests/kernels/cases/rope.ts.

import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';
import { flatIndex } from './elementwise.js';

export type RopeLayout = 'interleaved' | 'half';

export interface RopeShaderOptions {
  layout: RopeLayout;
  /** Rotate x itself (one read_write binding) instead of writing y. */
  inPlace: boolean;
  contiguous: boolean;
}

/**
 * Shared WGSL for rotary angles (also for kernels that fuse RoPE): ropeTurns(pos, pair, logStep)
 * is the angle pos * theta^(-2 pair/rotaryDim) in turns, with logStep = -2 log2(theta) / rotaryDim;
 * sinCosTurns(turns) is its (sin, cos).
 */
export function ropeTrig(): string {
  return /* wgsl */ `
const TWO_PI = 6.283185307179586;
const INV_TWO_PI = 0.15915494309189535;

// (sin, cos) of 2*pi*turns to a few ULP for any turns: an exact reduction to [-1/8, 1/8] turn
// plus a quadrant, then Taylor polynomials on [-pi/4, pi/4]. WGSL's own sin/cos only promise
// 2^-11 absolute inside [-pi, pi] (SwiftShader is off by ~1.5e-4 there).
fn sinCosTurns(turns: f32) -> vec2<f32> {
  let r = turns - round(turns); // [-1/2, 1/2]
  let q = round(4.0 * r);       // quadrant -2..2
  let a = TWO_PI * (r - 0.25 * q);
  let a2 = a * a;
  let s = a * (1.0 + a2 * (-1.0 / 6.0 + a2 * (1.0 / 120.0 + a2 * (-1.0 / 5040.0 + a2 * (1.0 / 362880.0)))));
  let c = 1.0 + a2 * (-0.5 + a2 * (1.0 / 24.0 + a2 * (-1.0 / 720.0 + a2 * (1.0 / 40320.0 + a2 * (-1.0 / 3628800.0)))));
  switch (u32(i32(q) + 4) % 4u) {
    case 0u: { return vec2(s, c); }
    case 1u: { return vec2(c, -s); }
    case 2u: { return vec2(-s, -c); }
    default: { return vec2(-c, s); }
  }
}

fn ropeTurns(pos: u32, pair: u32, logStep: f32) -> f32 {
  return f32(pos) * (exp2(f32(pair) * logStep) * INV_TWO_PI);
}
`;
}

export function ropeShader(o: RopeShaderOptions): string {
  return wgsl`
struct Params {
  rows: u32,     // T * heads
  heads: u32,    // NH for queries, NKV for keys
  HS: u32,
  half: u32,     // rotaryDim / 2: rotated pairs per head
  slots: u32,    // items per row: the rotated pairs, plus (out of place) the pass-through pairs
  pos0: u32,     // position of row t = 0
  logStep: f32,  // log2 of theta^(-2/rotaryDim): pair i turns at exp2(i * logStep) rad per position
}

@group(0) @binding(0) var<uniform> p: Params;
#if ${o.inPlace}
@group(0) @binding(1) var<storage, read_write> x: array<f32>; // (T, heads, HS)
#else
@group(0) @binding(1) var<storage, read> x: array<f32>;       // (T, heads, HS)
@group(0) @binding(2) var<storage, read_write> y: array<f32>; // (T, heads, HS)
#endif

${flatIndex({ contiguous: o.contiguous })}

fn store(i: u32, v: f32) {
#if ${o.inPlace}
  x[i] = v;
#else
  y[i] = v;
#endif
}

${ropeTrig()}

// Pair i of a head at position pos.
fn rotate(off: u32, i: u32, pos: u32) {
#if ${o.layout === 'interleaved'}
  let ia = off + 2u * i;
  let ib = ia + 1u;
#else
  let ia = off + i;
  let ib = ia + p.half;
#endif
  let sc = sinCosTurns(ropeTurns(pos, i, p.logStep));
  let a = x[ia];
  let b = x[ib];
  store(ia, a * sc.y - b * sc.x);
  store(ib, a * sc.x + b * sc.y);
}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let g = flatIndex(wg, nwg, tid, j);
    let row = g / p.slots;
    if (row >= p.rows) { return; }
    let i = g % p.slots;
    let off = row * p.HS;
    if (i < p.half) {
      rotate(off, i, p.pos0 + row / p.heads);
#if ${!o.inPlace}
    } else {
      // Past rotaryDim: copy the pair (the last one may be a single dim when HS is odd).
      let d = 2u * i;
      y[off + d] = x[off + d];
      if (d + 1u < p.HS) { y[off + d + 1u] = x[off + d + 1u]; }
#endif
    }
  }
}
`;
}
