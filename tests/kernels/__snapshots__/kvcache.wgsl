// ==== kvcache/backward/rope=half/LANES=1/THREADS=4
struct Params {
  T: u32,
  NH: u32,
  NKV: u32,
  HS: u32,
  pos0: u32,
  rotaryDim: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> dq: array<f32>; // (T, NH, HS)
@group(0) @binding(2) var<storage, read> dk: array<f32>; // (T, NKV, HS)
@group(0) @binding(3) var<storage, read> dv: array<f32>; // (T, NKV, HS)
@group(0) @binding(4) var<storage, read_write> dqkv: array<f32>; // (T, NH + 2 NKV, HS)
@group(0) @binding(5) var<storage, read> freqs: array<f32>; // (rotaryDim / 2) turns per position

override THREADS: u32 = 64u;
override LANES: u32 = 1u; // invocations per head row

const TWO_PI = 6.283185307179586;

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

// (a cos - b sin) or, for the pair's second element, (a sin + b cos), at angle 2*pi*turns.
fn ropeTurn(a: f32, b: f32, second: bool, turns: f32) -> f32 {
  let sc = sinCosTurns(turns);
  return select(a * sc.y - b * sc.x, a * sc.x + b * sc.y, second);
}

fn ropePair(i: u32, rotaryDim: u32) -> vec3<u32> {
  let half = rotaryDim / 2u;
  let pair = i % half;
  return vec3(pair, pair, pair + half);
}

// Element i of a dq or dk head row turned back by position pos: the forward rotation's transpose.
fn fromQ(row: u32, i: u32, pos: u32) -> f32 {
  if (i >= p.rotaryDim) { return dq[row + i]; }
  let r = ropePair(i, p.rotaryDim); // (pair, first element, second element)
  return ropeTurn(dq[row + r.y], dq[row + r.z], i == r.z, -f32(pos) * freqs[r.x]);
}
fn fromK(row: u32, i: u32, pos: u32) -> f32 {
  if (i >= p.rotaryDim) { return dk[row + i]; }
  let r = ropePair(i, p.rotaryDim); // (pair, first element, second element)
  return ropeTurn(dk[row + r.y], dk[row + r.z], i == r.z, -f32(pos) * freqs[r.x]);
}

// LANES invocations per (token, head slot): slots 0..NH-1 are q heads, then NKV k heads, then NKV v heads.
@compute @workgroup_size(THREADS)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let slots = p.NH + 2u * p.NKV;
  let invocation = gid.x + gid.y * nwg.x * THREADS;
  let id = invocation / LANES;
  let lane = invocation % LANES;
  if (id >= p.T * slots) { return; }
  let t = id / slots;
  let slot = id % slots;
  let row = id * p.HS;
  let pos = p.pos0 + t;
  if (slot < p.NH) {
    let head = (t * p.NH + slot) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { dqkv[row + i] = fromQ(head, i, pos); }
  } else if (slot < p.NH + p.NKV) {
    let head = (t * p.NKV + slot - p.NH) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { dqkv[row + i] = fromK(head, i, pos); }
  } else {
    let head = (t * p.NKV + slot - p.NH - p.NKV) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { dqkv[row + i] = dv[head + i]; }
  }
}

// ==== kvcache/backward/rope=half/LANES=32/THREADS=64
struct Params {
  T: u32,
  NH: u32,
  NKV: u32,
  HS: u32,
  pos0: u32,
  rotaryDim: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> dq: array<f32>; // (T, NH, HS)
@group(0) @binding(2) var<storage, read> dk: array<f32>; // (T, NKV, HS)
@group(0) @binding(3) var<storage, read> dv: array<f32>; // (T, NKV, HS)
@group(0) @binding(4) var<storage, read_write> dqkv: array<f32>; // (T, NH + 2 NKV, HS)
@group(0) @binding(5) var<storage, read> freqs: array<f32>; // (rotaryDim / 2) turns per position

override THREADS: u32 = 64u;
override LANES: u32 = 1u; // invocations per head row

const TWO_PI = 6.283185307179586;

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

// (a cos - b sin) or, for the pair's second element, (a sin + b cos), at angle 2*pi*turns.
fn ropeTurn(a: f32, b: f32, second: bool, turns: f32) -> f32 {
  let sc = sinCosTurns(turns);
  return select(a * sc.y - b * sc.x, a * sc.x + b * sc.y, second);
}

fn ropePair(i: u32, rotaryDim: u32) -> vec3<u32> {
  let half = rotaryDim / 2u;
  let pair = i % half;
  return vec3(pair, pair, pair + half);
}

// Element i of a dq or dk head row turned back by position pos: the forward rotation's transpose.
fn fromQ(row: u32, i: u32, pos: u32) -> f32 {
  if (i >= p.rotaryDim) { return dq[row + i]; }
  let r = ropePair(i, p.rotaryDim); // (pair, first element, second element)
  return ropeTurn(dq[row + r.y], dq[row + r.z], i == r.z, -f32(pos) * freqs[r.x]);
}
fn fromK(row: u32, i: u32, pos: u32) -> f32 {
  if (i >= p.rotaryDim) { return dk[row + i]; }
  let r = ropePair(i, p.rotaryDim); // (pair, first element, second element)
  return ropeTurn(dk[row + r.y], dk[row + r.z], i == r.z, -f32(pos) * freqs[r.x]);
}

// LANES invocations per (token, head slot): slots 0..NH-1 are q heads, then NKV k heads, then NKV v heads.
@compute @workgroup_size(THREADS)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let slots = p.NH + 2u * p.NKV;
  let invocation = gid.x + gid.y * nwg.x * THREADS;
  let id = invocation / LANES;
  let lane = invocation % LANES;
  if (id >= p.T * slots) { return; }
  let t = id / slots;
  let slot = id % slots;
  let row = id * p.HS;
  let pos = p.pos0 + t;
  if (slot < p.NH) {
    let head = (t * p.NH + slot) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { dqkv[row + i] = fromQ(head, i, pos); }
  } else if (slot < p.NH + p.NKV) {
    let head = (t * p.NKV + slot - p.NH) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { dqkv[row + i] = fromK(head, i, pos); }
  } else {
    let head = (t * p.NKV + slot - p.NH - p.NKV) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { dqkv[row + i] = dv[head + i]; }
  }
}

// ==== kvcache/backward/rope=interleaved/LANES=1/THREADS=4
struct Params {
  T: u32,
  NH: u32,
  NKV: u32,
  HS: u32,
  pos0: u32,
  rotaryDim: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> dq: array<f32>; // (T, NH, HS)
@group(0) @binding(2) var<storage, read> dk: array<f32>; // (T, NKV, HS)
@group(0) @binding(3) var<storage, read> dv: array<f32>; // (T, NKV, HS)
@group(0) @binding(4) var<storage, read_write> dqkv: array<f32>; // (T, NH + 2 NKV, HS)
@group(0) @binding(5) var<storage, read> freqs: array<f32>; // (rotaryDim / 2) turns per position

override THREADS: u32 = 64u;
override LANES: u32 = 1u; // invocations per head row

const TWO_PI = 6.283185307179586;

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

// (a cos - b sin) or, for the pair's second element, (a sin + b cos), at angle 2*pi*turns.
fn ropeTurn(a: f32, b: f32, second: bool, turns: f32) -> f32 {
  let sc = sinCosTurns(turns);
  return select(a * sc.y - b * sc.x, a * sc.x + b * sc.y, second);
}

fn ropePair(i: u32, rotaryDim: u32) -> vec3<u32> {
  let pair = i / 2u;
  return vec3(pair, 2u * pair, 2u * pair + 1u);
}

// Element i of a dq or dk head row turned back by position pos: the forward rotation's transpose.
fn fromQ(row: u32, i: u32, pos: u32) -> f32 {
  if (i >= p.rotaryDim) { return dq[row + i]; }
  let r = ropePair(i, p.rotaryDim); // (pair, first element, second element)
  return ropeTurn(dq[row + r.y], dq[row + r.z], i == r.z, -f32(pos) * freqs[r.x]);
}
fn fromK(row: u32, i: u32, pos: u32) -> f32 {
  if (i >= p.rotaryDim) { return dk[row + i]; }
  let r = ropePair(i, p.rotaryDim); // (pair, first element, second element)
  return ropeTurn(dk[row + r.y], dk[row + r.z], i == r.z, -f32(pos) * freqs[r.x]);
}

// LANES invocations per (token, head slot): slots 0..NH-1 are q heads, then NKV k heads, then NKV v heads.
@compute @workgroup_size(THREADS)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let slots = p.NH + 2u * p.NKV;
  let invocation = gid.x + gid.y * nwg.x * THREADS;
  let id = invocation / LANES;
  let lane = invocation % LANES;
  if (id >= p.T * slots) { return; }
  let t = id / slots;
  let slot = id % slots;
  let row = id * p.HS;
  let pos = p.pos0 + t;
  if (slot < p.NH) {
    let head = (t * p.NH + slot) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { dqkv[row + i] = fromQ(head, i, pos); }
  } else if (slot < p.NH + p.NKV) {
    let head = (t * p.NKV + slot - p.NH) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { dqkv[row + i] = fromK(head, i, pos); }
  } else {
    let head = (t * p.NKV + slot - p.NH - p.NKV) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { dqkv[row + i] = dv[head + i]; }
  }
}

// ==== kvcache/backward/rope=interleaved/LANES=32/THREADS=64
struct Params {
  T: u32,
  NH: u32,
  NKV: u32,
  HS: u32,
  pos0: u32,
  rotaryDim: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> dq: array<f32>; // (T, NH, HS)
@group(0) @binding(2) var<storage, read> dk: array<f32>; // (T, NKV, HS)
@group(0) @binding(3) var<storage, read> dv: array<f32>; // (T, NKV, HS)
@group(0) @binding(4) var<storage, read_write> dqkv: array<f32>; // (T, NH + 2 NKV, HS)
@group(0) @binding(5) var<storage, read> freqs: array<f32>; // (rotaryDim / 2) turns per position

override THREADS: u32 = 64u;
override LANES: u32 = 1u; // invocations per head row

const TWO_PI = 6.283185307179586;

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

// (a cos - b sin) or, for the pair's second element, (a sin + b cos), at angle 2*pi*turns.
fn ropeTurn(a: f32, b: f32, second: bool, turns: f32) -> f32 {
  let sc = sinCosTurns(turns);
  return select(a * sc.y - b * sc.x, a * sc.x + b * sc.y, second);
}

fn ropePair(i: u32, rotaryDim: u32) -> vec3<u32> {
  let pair = i / 2u;
  return vec3(pair, 2u * pair, 2u * pair + 1u);
}

// Element i of a dq or dk head row turned back by position pos: the forward rotation's transpose.
fn fromQ(row: u32, i: u32, pos: u32) -> f32 {
  if (i >= p.rotaryDim) { return dq[row + i]; }
  let r = ropePair(i, p.rotaryDim); // (pair, first element, second element)
  return ropeTurn(dq[row + r.y], dq[row + r.z], i == r.z, -f32(pos) * freqs[r.x]);
}
fn fromK(row: u32, i: u32, pos: u32) -> f32 {
  if (i >= p.rotaryDim) { return dk[row + i]; }
  let r = ropePair(i, p.rotaryDim); // (pair, first element, second element)
  return ropeTurn(dk[row + r.y], dk[row + r.z], i == r.z, -f32(pos) * freqs[r.x]);
}

// LANES invocations per (token, head slot): slots 0..NH-1 are q heads, then NKV k heads, then NKV v heads.
@compute @workgroup_size(THREADS)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let slots = p.NH + 2u * p.NKV;
  let invocation = gid.x + gid.y * nwg.x * THREADS;
  let id = invocation / LANES;
  let lane = invocation % LANES;
  if (id >= p.T * slots) { return; }
  let t = id / slots;
  let slot = id % slots;
  let row = id * p.HS;
  let pos = p.pos0 + t;
  if (slot < p.NH) {
    let head = (t * p.NH + slot) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { dqkv[row + i] = fromQ(head, i, pos); }
  } else if (slot < p.NH + p.NKV) {
    let head = (t * p.NKV + slot - p.NH) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { dqkv[row + i] = fromK(head, i, pos); }
  } else {
    let head = (t * p.NKV + slot - p.NH - p.NKV) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { dqkv[row + i] = dv[head + i]; }
  }
}

// ==== kvcache/backward/rope=none/LANES=1/THREADS=4
struct Params {
  T: u32,
  NH: u32,
  NKV: u32,
  HS: u32,
  pos0: u32,
  rotaryDim: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> dq: array<f32>; // (T, NH, HS)
@group(0) @binding(2) var<storage, read> dk: array<f32>; // (T, NKV, HS)
@group(0) @binding(3) var<storage, read> dv: array<f32>; // (T, NKV, HS)
@group(0) @binding(4) var<storage, read_write> dqkv: array<f32>; // (T, NH + 2 NKV, HS)

override THREADS: u32 = 64u;
override LANES: u32 = 1u; // invocations per head row

// Element i of a dq or dk head row turned back by position pos: the forward rotation's transpose.
fn fromQ(row: u32, i: u32, pos: u32) -> f32 { return dq[row + i]; }
fn fromK(row: u32, i: u32, pos: u32) -> f32 { return dk[row + i]; }

// LANES invocations per (token, head slot): slots 0..NH-1 are q heads, then NKV k heads, then NKV v heads.
@compute @workgroup_size(THREADS)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let slots = p.NH + 2u * p.NKV;
  let invocation = gid.x + gid.y * nwg.x * THREADS;
  let id = invocation / LANES;
  let lane = invocation % LANES;
  if (id >= p.T * slots) { return; }
  let t = id / slots;
  let slot = id % slots;
  let row = id * p.HS;
  let pos = p.pos0 + t;
  if (slot < p.NH) {
    let head = (t * p.NH + slot) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { dqkv[row + i] = fromQ(head, i, pos); }
  } else if (slot < p.NH + p.NKV) {
    let head = (t * p.NKV + slot - p.NH) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { dqkv[row + i] = fromK(head, i, pos); }
  } else {
    let head = (t * p.NKV + slot - p.NH - p.NKV) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { dqkv[row + i] = dv[head + i]; }
  }
}

// ==== kvcache/backward/rope=none/LANES=32/THREADS=64
struct Params {
  T: u32,
  NH: u32,
  NKV: u32,
  HS: u32,
  pos0: u32,
  rotaryDim: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> dq: array<f32>; // (T, NH, HS)
@group(0) @binding(2) var<storage, read> dk: array<f32>; // (T, NKV, HS)
@group(0) @binding(3) var<storage, read> dv: array<f32>; // (T, NKV, HS)
@group(0) @binding(4) var<storage, read_write> dqkv: array<f32>; // (T, NH + 2 NKV, HS)

override THREADS: u32 = 64u;
override LANES: u32 = 1u; // invocations per head row

// Element i of a dq or dk head row turned back by position pos: the forward rotation's transpose.
fn fromQ(row: u32, i: u32, pos: u32) -> f32 { return dq[row + i]; }
fn fromK(row: u32, i: u32, pos: u32) -> f32 { return dk[row + i]; }

// LANES invocations per (token, head slot): slots 0..NH-1 are q heads, then NKV k heads, then NKV v heads.
@compute @workgroup_size(THREADS)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let slots = p.NH + 2u * p.NKV;
  let invocation = gid.x + gid.y * nwg.x * THREADS;
  let id = invocation / LANES;
  let lane = invocation % LANES;
  if (id >= p.T * slots) { return; }
  let t = id / slots;
  let slot = id % slots;
  let row = id * p.HS;
  let pos = p.pos0 + t;
  if (slot < p.NH) {
    let head = (t * p.NH + slot) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { dqkv[row + i] = fromQ(head, i, pos); }
  } else if (slot < p.NH + p.NKV) {
    let head = (t * p.NKV + slot - p.NH) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { dqkv[row + i] = fromK(head, i, pos); }
  } else {
    let head = (t * p.NKV + slot - p.NH - p.NKV) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { dqkv[row + i] = dv[head + i]; }
  }
}

// ==== kvcache/rope=half/LANES=1/THREADS=4
struct Params {
  T: u32,
  NH: u32,
  NKV: u32,
  HS: u32,
  pos0: u32,
  rotaryDim: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> qkv: array<f32>; // (T, NH + 2 NKV, HS)
@group(0) @binding(2) var<storage, read_write> q: array<f32>; // (T, NH, HS)
@group(0) @binding(3) var<storage, read_write> kCache: array<f32>; // (maxS, NKV, HS)
@group(0) @binding(4) var<storage, read_write> vCache: array<f32>; // (maxS, NKV, HS)
@group(0) @binding(5) var<storage, read> freqs: array<f32>; // (rotaryDim / 2) turns per position

override THREADS: u32 = 64u;
override LANES: u32 = 1u; // invocations per head row

const TWO_PI = 6.283185307179586;

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

// (a cos - b sin) or, for the pair's second element, (a sin + b cos), at angle 2*pi*turns.
fn ropeTurn(a: f32, b: f32, second: bool, turns: f32) -> f32 {
  let sc = sinCosTurns(turns);
  return select(a * sc.y - b * sc.x, a * sc.x + b * sc.y, second);
}

fn ropePair(i: u32, rotaryDim: u32) -> vec3<u32> {
  let half = rotaryDim / 2u;
  let pair = i % half;
  return vec3(pair, pair, pair + half);
}

// Element i of a head row after rotation by position pos; row is the head's offset in qkv.
fn rotated(row: u32, i: u32, pos: u32) -> f32 {
  if (i >= p.rotaryDim) { return qkv[row + i]; }
  let r = ropePair(i, p.rotaryDim); // (pair, first element, second element)
  return ropeTurn(qkv[row + r.y], qkv[row + r.z], i == r.z, f32(pos) * freqs[r.x]);
}

// LANES invocations per (token, head slot): slots 0..NH-1 are q heads, then NKV k heads, then NKV v heads.
@compute @workgroup_size(THREADS)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let slots = p.NH + 2u * p.NKV;
  let invocation = gid.x + gid.y * nwg.x * THREADS;
  let id = invocation / LANES;
  let lane = invocation % LANES;
  if (id >= p.T * slots) { return; }
  let t = id / slots;
  let slot = id % slots;
  let row = id * p.HS;
  let pos = p.pos0 + t;
  if (slot < p.NH) {
    let head = (t * p.NH + slot) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { q[head + i] = rotated(row, i, pos); }
  } else if (slot < p.NH + p.NKV) {
    let head = (pos * p.NKV + slot - p.NH) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { kCache[head + i] = rotated(row, i, pos); }
  } else {
    let head = (pos * p.NKV + slot - p.NH - p.NKV) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { vCache[head + i] = qkv[row + i]; }
  }
}

// ==== kvcache/rope=half/LANES=32/THREADS=64
struct Params {
  T: u32,
  NH: u32,
  NKV: u32,
  HS: u32,
  pos0: u32,
  rotaryDim: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> qkv: array<f32>; // (T, NH + 2 NKV, HS)
@group(0) @binding(2) var<storage, read_write> q: array<f32>; // (T, NH, HS)
@group(0) @binding(3) var<storage, read_write> kCache: array<f32>; // (maxS, NKV, HS)
@group(0) @binding(4) var<storage, read_write> vCache: array<f32>; // (maxS, NKV, HS)
@group(0) @binding(5) var<storage, read> freqs: array<f32>; // (rotaryDim / 2) turns per position

override THREADS: u32 = 64u;
override LANES: u32 = 1u; // invocations per head row

const TWO_PI = 6.283185307179586;

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

// (a cos - b sin) or, for the pair's second element, (a sin + b cos), at angle 2*pi*turns.
fn ropeTurn(a: f32, b: f32, second: bool, turns: f32) -> f32 {
  let sc = sinCosTurns(turns);
  return select(a * sc.y - b * sc.x, a * sc.x + b * sc.y, second);
}

fn ropePair(i: u32, rotaryDim: u32) -> vec3<u32> {
  let half = rotaryDim / 2u;
  let pair = i % half;
  return vec3(pair, pair, pair + half);
}

// Element i of a head row after rotation by position pos; row is the head's offset in qkv.
fn rotated(row: u32, i: u32, pos: u32) -> f32 {
  if (i >= p.rotaryDim) { return qkv[row + i]; }
  let r = ropePair(i, p.rotaryDim); // (pair, first element, second element)
  return ropeTurn(qkv[row + r.y], qkv[row + r.z], i == r.z, f32(pos) * freqs[r.x]);
}

// LANES invocations per (token, head slot): slots 0..NH-1 are q heads, then NKV k heads, then NKV v heads.
@compute @workgroup_size(THREADS)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let slots = p.NH + 2u * p.NKV;
  let invocation = gid.x + gid.y * nwg.x * THREADS;
  let id = invocation / LANES;
  let lane = invocation % LANES;
  if (id >= p.T * slots) { return; }
  let t = id / slots;
  let slot = id % slots;
  let row = id * p.HS;
  let pos = p.pos0 + t;
  if (slot < p.NH) {
    let head = (t * p.NH + slot) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { q[head + i] = rotated(row, i, pos); }
  } else if (slot < p.NH + p.NKV) {
    let head = (pos * p.NKV + slot - p.NH) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { kCache[head + i] = rotated(row, i, pos); }
  } else {
    let head = (pos * p.NKV + slot - p.NH - p.NKV) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { vCache[head + i] = qkv[row + i]; }
  }
}

// ==== kvcache/rope=interleaved/LANES=1/THREADS=4
struct Params {
  T: u32,
  NH: u32,
  NKV: u32,
  HS: u32,
  pos0: u32,
  rotaryDim: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> qkv: array<f32>; // (T, NH + 2 NKV, HS)
@group(0) @binding(2) var<storage, read_write> q: array<f32>; // (T, NH, HS)
@group(0) @binding(3) var<storage, read_write> kCache: array<f32>; // (maxS, NKV, HS)
@group(0) @binding(4) var<storage, read_write> vCache: array<f32>; // (maxS, NKV, HS)
@group(0) @binding(5) var<storage, read> freqs: array<f32>; // (rotaryDim / 2) turns per position

override THREADS: u32 = 64u;
override LANES: u32 = 1u; // invocations per head row

const TWO_PI = 6.283185307179586;

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

// (a cos - b sin) or, for the pair's second element, (a sin + b cos), at angle 2*pi*turns.
fn ropeTurn(a: f32, b: f32, second: bool, turns: f32) -> f32 {
  let sc = sinCosTurns(turns);
  return select(a * sc.y - b * sc.x, a * sc.x + b * sc.y, second);
}

fn ropePair(i: u32, rotaryDim: u32) -> vec3<u32> {
  let pair = i / 2u;
  return vec3(pair, 2u * pair, 2u * pair + 1u);
}

// Element i of a head row after rotation by position pos; row is the head's offset in qkv.
fn rotated(row: u32, i: u32, pos: u32) -> f32 {
  if (i >= p.rotaryDim) { return qkv[row + i]; }
  let r = ropePair(i, p.rotaryDim); // (pair, first element, second element)
  return ropeTurn(qkv[row + r.y], qkv[row + r.z], i == r.z, f32(pos) * freqs[r.x]);
}

// LANES invocations per (token, head slot): slots 0..NH-1 are q heads, then NKV k heads, then NKV v heads.
@compute @workgroup_size(THREADS)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let slots = p.NH + 2u * p.NKV;
  let invocation = gid.x + gid.y * nwg.x * THREADS;
  let id = invocation / LANES;
  let lane = invocation % LANES;
  if (id >= p.T * slots) { return; }
  let t = id / slots;
  let slot = id % slots;
  let row = id * p.HS;
  let pos = p.pos0 + t;
  if (slot < p.NH) {
    let head = (t * p.NH + slot) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { q[head + i] = rotated(row, i, pos); }
  } else if (slot < p.NH + p.NKV) {
    let head = (pos * p.NKV + slot - p.NH) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { kCache[head + i] = rotated(row, i, pos); }
  } else {
    let head = (pos * p.NKV + slot - p.NH - p.NKV) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { vCache[head + i] = qkv[row + i]; }
  }
}

// ==== kvcache/rope=interleaved/LANES=32/THREADS=64
struct Params {
  T: u32,
  NH: u32,
  NKV: u32,
  HS: u32,
  pos0: u32,
  rotaryDim: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> qkv: array<f32>; // (T, NH + 2 NKV, HS)
@group(0) @binding(2) var<storage, read_write> q: array<f32>; // (T, NH, HS)
@group(0) @binding(3) var<storage, read_write> kCache: array<f32>; // (maxS, NKV, HS)
@group(0) @binding(4) var<storage, read_write> vCache: array<f32>; // (maxS, NKV, HS)
@group(0) @binding(5) var<storage, read> freqs: array<f32>; // (rotaryDim / 2) turns per position

override THREADS: u32 = 64u;
override LANES: u32 = 1u; // invocations per head row

const TWO_PI = 6.283185307179586;

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

// (a cos - b sin) or, for the pair's second element, (a sin + b cos), at angle 2*pi*turns.
fn ropeTurn(a: f32, b: f32, second: bool, turns: f32) -> f32 {
  let sc = sinCosTurns(turns);
  return select(a * sc.y - b * sc.x, a * sc.x + b * sc.y, second);
}

fn ropePair(i: u32, rotaryDim: u32) -> vec3<u32> {
  let pair = i / 2u;
  return vec3(pair, 2u * pair, 2u * pair + 1u);
}

// Element i of a head row after rotation by position pos; row is the head's offset in qkv.
fn rotated(row: u32, i: u32, pos: u32) -> f32 {
  if (i >= p.rotaryDim) { return qkv[row + i]; }
  let r = ropePair(i, p.rotaryDim); // (pair, first element, second element)
  return ropeTurn(qkv[row + r.y], qkv[row + r.z], i == r.z, f32(pos) * freqs[r.x]);
}

// LANES invocations per (token, head slot): slots 0..NH-1 are q heads, then NKV k heads, then NKV v heads.
@compute @workgroup_size(THREADS)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let slots = p.NH + 2u * p.NKV;
  let invocation = gid.x + gid.y * nwg.x * THREADS;
  let id = invocation / LANES;
  let lane = invocation % LANES;
  if (id >= p.T * slots) { return; }
  let t = id / slots;
  let slot = id % slots;
  let row = id * p.HS;
  let pos = p.pos0 + t;
  if (slot < p.NH) {
    let head = (t * p.NH + slot) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { q[head + i] = rotated(row, i, pos); }
  } else if (slot < p.NH + p.NKV) {
    let head = (pos * p.NKV + slot - p.NH) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { kCache[head + i] = rotated(row, i, pos); }
  } else {
    let head = (pos * p.NKV + slot - p.NH - p.NKV) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { vCache[head + i] = qkv[row + i]; }
  }
}

// ==== kvcache/rope=none/LANES=1/THREADS=4
struct Params {
  T: u32,
  NH: u32,
  NKV: u32,
  HS: u32,
  pos0: u32,
  rotaryDim: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> qkv: array<f32>; // (T, NH + 2 NKV, HS)
@group(0) @binding(2) var<storage, read_write> q: array<f32>; // (T, NH, HS)
@group(0) @binding(3) var<storage, read_write> kCache: array<f32>; // (maxS, NKV, HS)
@group(0) @binding(4) var<storage, read_write> vCache: array<f32>; // (maxS, NKV, HS)

override THREADS: u32 = 64u;
override LANES: u32 = 1u; // invocations per head row

// Element i of a head row after rotation by position pos; row is the head's offset in qkv.
fn rotated(row: u32, i: u32, pos: u32) -> f32 { return qkv[row + i]; }

// LANES invocations per (token, head slot): slots 0..NH-1 are q heads, then NKV k heads, then NKV v heads.
@compute @workgroup_size(THREADS)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let slots = p.NH + 2u * p.NKV;
  let invocation = gid.x + gid.y * nwg.x * THREADS;
  let id = invocation / LANES;
  let lane = invocation % LANES;
  if (id >= p.T * slots) { return; }
  let t = id / slots;
  let slot = id % slots;
  let row = id * p.HS;
  let pos = p.pos0 + t;
  if (slot < p.NH) {
    let head = (t * p.NH + slot) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { q[head + i] = rotated(row, i, pos); }
  } else if (slot < p.NH + p.NKV) {
    let head = (pos * p.NKV + slot - p.NH) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { kCache[head + i] = rotated(row, i, pos); }
  } else {
    let head = (pos * p.NKV + slot - p.NH - p.NKV) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { vCache[head + i] = qkv[row + i]; }
  }
}

// ==== kvcache/rope=none/LANES=32/THREADS=64
struct Params {
  T: u32,
  NH: u32,
  NKV: u32,
  HS: u32,
  pos0: u32,
  rotaryDim: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> qkv: array<f32>; // (T, NH + 2 NKV, HS)
@group(0) @binding(2) var<storage, read_write> q: array<f32>; // (T, NH, HS)
@group(0) @binding(3) var<storage, read_write> kCache: array<f32>; // (maxS, NKV, HS)
@group(0) @binding(4) var<storage, read_write> vCache: array<f32>; // (maxS, NKV, HS)

override THREADS: u32 = 64u;
override LANES: u32 = 1u; // invocations per head row

// Element i of a head row after rotation by position pos; row is the head's offset in qkv.
fn rotated(row: u32, i: u32, pos: u32) -> f32 { return qkv[row + i]; }

// LANES invocations per (token, head slot): slots 0..NH-1 are q heads, then NKV k heads, then NKV v heads.
@compute @workgroup_size(THREADS)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let slots = p.NH + 2u * p.NKV;
  let invocation = gid.x + gid.y * nwg.x * THREADS;
  let id = invocation / LANES;
  let lane = invocation % LANES;
  if (id >= p.T * slots) { return; }
  let t = id / slots;
  let slot = id % slots;
  let row = id * p.HS;
  let pos = p.pos0 + t;
  if (slot < p.NH) {
    let head = (t * p.NH + slot) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { q[head + i] = rotated(row, i, pos); }
  } else if (slot < p.NH + p.NKV) {
    let head = (pos * p.NKV + slot - p.NH) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { kCache[head + i] = rotated(row, i, pos); }
  } else {
    let head = (pos * p.NKV + slot - p.NH - p.NKV) * p.HS;
    for (var i = lane; i < p.HS; i += LANES) { vCache[head + i] = qkv[row + i]; }
  }
}
