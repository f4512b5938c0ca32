// ==== attention/backward-key/contiguous=0/ACC_CAP=64/THREADS=64/TILE=64
struct Params {
  T: u32,
  S: u32,
  NH: u32,
  NKV: u32,
  HS4: u32,
  group: u32, // NH / NKV: query heads per KV head
  scale: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> q: array<vec4<f32>>; // (T, NH, HS/4)
@group(0) @binding(2) var<storage, read> k: array<vec4<f32>>; // (S.., NKV, HS/4)
@group(0) @binding(3) var<storage, read> v: array<vec4<f32>>; // (S.., NKV, HS/4)
@group(0) @binding(4) var<storage, read> dy: array<vec4<f32>>; // (T, NH, HS/4)
@group(0) @binding(5) var<storage, read> stats: array<vec2<f32>>; // (T * NH) of (logsumexp of the scaled scores, rowsum(P * dP) = dy . y)
@group(0) @binding(6) var<storage, read_write> dk: array<vec4<f32>>; // (S, NKV, HS/4)
@group(0) @binding(7) var<storage, read_write> dv: array<vec4<f32>>; // (S, NKV, HS/4)


override THREADS: u32 = 64u;
var<workgroup> scratch: array<f32, THREADS>;

// How many elements each thread visits for a row of n.
fn runLength(n: u32) -> u32 { return (n + THREADS - 1u) / THREADS; }

// The column a thread visits on its j-th step.
fn runIndex(tid: u32, j: u32, n: u32) -> u32 { return j * THREADS + tid; /* threads stride together: coalesced on GPUs */ }

fn reduceMax(tid: u32, v: f32) -> f32 {
  scratch[tid] = v;
  workgroupBarrier();
  for (var s = THREADS / 2u; s > 0u; s >>= 1u) {
    if (tid < s) { scratch[tid] = max(scratch[tid], scratch[tid + s]); }
    workgroupBarrier();
  }
  let r = scratch[0];
  workgroupBarrier();
  return r;
}

fn reduceSum(tid: u32, v: f32) -> f32 {
  scratch[tid] = v;
  workgroupBarrier();
  for (var s = THREADS / 2u; s > 0u; s >>= 1u) {
    if (tid < s) { scratch[tid] += scratch[tid + s]; }
    workgroupBarrier();
  }
  let r = scratch[0];
  workgroupBarrier();
  return r;
}



const NEG: f32 = -3.4e38; // a masked score or an empty running max: exp(NEG - m) is 0 for any real m

// Offset of key 'key' of KV head 'kvh' in k or v; rows are NKV * HS floats apart, so a layer's
// slice of a cache with room for more positions works as it is.
fn kvBase(key: u32, kvh: u32) -> u32 { return (key * p.NKV + kvh) * p.HS4; }

override TILE: u32 = 64u;    // items (keys or query rows) per step
override ACC_CAP: u32 = 64u; // max(THREADS, 64): outputs of every item group

fn groupWidth() -> u32 { return min(p.HS4, THREADS); }


var<workgroup> ks: array<vec4<f32>, 64>;        // (HS4) the key times scale; HS <= 256
var<workgroup> vs: array<vec4<f32>, 64>;        // (HS4) its value
var<workgroup> pr: array<f32, TILE>;            // the tile's P
var<workgroup> ds: array<f32, TILE>;            // the tile's dS
var<workgroup> rowAt: array<u32, TILE>;         // the tile's query rows, as offsets into q and dy
var<workgroup> accK: array<vec4<f32>, ACC_CAP>; // (groups, HS4) partial dk
var<workgroup> accV: array<vec4<f32>, ACC_CAP>; // (groups, HS4) partial dv

fn totalK(c: u32, groups: u32) -> vec4<f32> {
  var total = vec4<f32>(0.0);
  for (var gg = 0u; gg < groups; gg++) { total += accK[gg * p.HS4 + c]; }
  return total;
}

fn totalV(c: u32, groups: u32) -> vec4<f32> {
  var total = vec4<f32>(0.0);
  for (var gg = 0u; gg < groups; gg++) { total += accV[gg * p.HS4 + c]; }
  return total;
}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let idx = wg.x + wg.y * nwg.x; // key * NKV + kvh
  if (idx >= p.S * p.NKV) { return; } // uniform per workgroup
  let key = idx / p.NKV;
  let kvh = idx % p.NKV;
  let t0 = max(key, p.S - p.T) - (p.S - p.T); // the first query row that sees this key
  let R = (p.T - t0) * p.group;              // rows: (t, head in group) pairs

  for (var c = tid; c < p.HS4; c += THREADS) {
    ks[c] = k[kvBase(key, kvh) + c] * p.scale;
    vs[c] = v[kvBase(key, kvh) + c];
  }
  workgroupBarrier();

  let width = groupWidth();
  let groups = THREADS / width;
  let g = tid / width;
  for (var r0 = 0u; r0 < R; r0 += TILE) {
    let n = min(TILE, R - r0);
    for (var j = 0u; j < runLength(n); j++) {
      let e = runIndex(tid, j, n);
      if (e < n) {
        let r = r0 + e;
        let row = (t0 + r / p.group) * p.NH + kvh * p.group + r % p.group; // t * NH + h
        var s = 0.0;
        var dP = 0.0;
        for (var c = 0u; c < p.HS4; c++) {
          s += dot(q[row * p.HS4 + c], ks[c]);
          dP += dot(dy[row * p.HS4 + c], vs[c]);
        }
        let st = stats[row];
        let P = exp(s - st.x);
        pr[e] = P;
        ds[e] = P * (dP - st.y);
        rowAt[e] = row * p.HS4;
      }
    }
    workgroupBarrier();
    if (g < groups) {
      for (var c = tid % width; c < p.HS4; c += width) {
        var partK = vec4<f32>(0.0);
        var partV = vec4<f32>(0.0);
        for (var j = g; j < n; j += groups) {
          partK += ds[j] * q[rowAt[j] + c];
          partV += pr[j] * dy[rowAt[j] + c];
        }
        accK[g * p.HS4 + c] += partK; // accK, accV start zeroed
        accV[g * p.HS4 + c] += partV;
      }
    }
    workgroupBarrier();
  }

  for (var c = tid; c < p.HS4; c += THREADS) {
    dk[kvBase(key, kvh) + c] = totalK(c, groups) * p.scale;
    dv[kvBase(key, kvh) + c] = totalV(c, groups);
  }
}

// ==== attention/backward-key/contiguous=1/ACC_CAP=64/THREADS=4/TILE=32
struct Params {
  T: u32,
  S: u32,
  NH: u32,
  NKV: u32,
  HS4: u32,
  group: u32, // NH / NKV: query heads per KV head
  scale: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> q: array<vec4<f32>>; // (T, NH, HS/4)
@group(0) @binding(2) var<storage, read> k: array<vec4<f32>>; // (S.., NKV, HS/4)
@group(0) @binding(3) var<storage, read> v: array<vec4<f32>>; // (S.., NKV, HS/4)
@group(0) @binding(4) var<storage, read> dy: array<vec4<f32>>; // (T, NH, HS/4)
@group(0) @binding(5) var<storage, read> stats: array<vec2<f32>>; // (T * NH) of (logsumexp of the scaled scores, rowsum(P * dP) = dy . y)
@group(0) @binding(6) var<storage, read_write> dk: array<vec4<f32>>; // (S, NKV, HS/4)
@group(0) @binding(7) var<storage, read_write> dv: array<vec4<f32>>; // (S, NKV, HS/4)


override THREADS: u32 = 64u;
var<workgroup> scratch: array<f32, THREADS>;

// How many elements each thread visits for a row of n.
fn runLength(n: u32) -> u32 { return (n + THREADS - 1u) / THREADS; }

// The column a thread visits on its j-th step.
fn runIndex(tid: u32, j: u32, n: u32) -> u32 { return tid * runLength(n) + j; /* each thread owns a contiguous run */ }

fn reduceMax(tid: u32, v: f32) -> f32 {
  scratch[tid] = v;
  workgroupBarrier();
  for (var s = THREADS / 2u; s > 0u; s >>= 1u) {
    if (tid < s) { scratch[tid] = max(scratch[tid], scratch[tid + s]); }
    workgroupBarrier();
  }
  let r = scratch[0];
  workgroupBarrier();
  return r;
}

fn reduceSum(tid: u32, v: f32) -> f32 {
  scratch[tid] = v;
  workgroupBarrier();
  for (var s = THREADS / 2u; s > 0u; s >>= 1u) {
    if (tid < s) { scratch[tid] += scratch[tid + s]; }
    workgroupBarrier();
  }
  let r = scratch[0];
  workgroupBarrier();
  return r;
}



const NEG: f32 = -3.4e38; // a masked score or an empty running max: exp(NEG - m) is 0 for any real m

// Offset of key 'key' of KV head 'kvh' in k or v; rows are NKV * HS floats apart, so a layer's
// slice of a cache with room for more positions works as it is.
fn kvBase(key: u32, kvh: u32) -> u32 { return (key * p.NKV + kvh) * p.HS4; }

override TILE: u32 = 64u;    // items (keys or query rows) per step
override ACC_CAP: u32 = 64u; // max(THREADS, 64): outputs of every item group

fn groupWidth() -> u32 { return min(p.HS4, THREADS); }


var<workgroup> ks: array<vec4<f32>, 64>;        // (HS4) the key times scale; HS <= 256
var<workgroup> vs: array<vec4<f32>, 64>;        // (HS4) its value
var<workgroup> pr: array<f32, TILE>;            // the tile's P
var<workgroup> ds: array<f32, TILE>;            // the tile's dS
var<workgroup> rowAt: array<u32, TILE>;         // the tile's query rows, as offsets into q and dy
var<workgroup> accK: array<vec4<f32>, ACC_CAP>; // (groups, HS4) partial dk
var<workgroup> accV: array<vec4<f32>, ACC_CAP>; // (groups, HS4) partial dv

fn totalK(c: u32, groups: u32) -> vec4<f32> {
  var total = vec4<f32>(0.0);
  for (var gg = 0u; gg < groups; gg++) { total += accK[gg * p.HS4 + c]; }
  return total;
}

fn totalV(c: u32, groups: u32) -> vec4<f32> {
  var total = vec4<f32>(0.0);
  for (var gg = 0u; gg < groups; gg++) { total += accV[gg * p.HS4 + c]; }
  return total;
}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let idx = wg.x + wg.y * nwg.x; // key * NKV + kvh
  if (idx >= p.S * p.NKV) { return; } // uniform per workgroup
  let key = idx / p.NKV;
  let kvh = idx % p.NKV;
  let t0 = max(key, p.S - p.T) - (p.S - p.T); // the first query row that sees this key
  let R = (p.T - t0) * p.group;              // rows: (t, head in group) pairs

  for (var c = tid; c < p.HS4; c += THREADS) {
    ks[c] = k[kvBase(key, kvh) + c] * p.scale;
    vs[c] = v[kvBase(key, kvh) + c];
  }
  workgroupBarrier();

  let width = groupWidth();
  let groups = THREADS / width;
  let g = tid / width;
  for (var r0 = 0u; r0 < R; r0 += TILE) {
    let n = min(TILE, R - r0);
    for (var j = 0u; j < runLength(n); j++) {
      let e = runIndex(tid, j, n);
      if (e < n) {
        let r = r0 + e;
        let row = (t0 + r / p.group) * p.NH + kvh * p.group + r % p.group; // t * NH + h
        var s = 0.0;
        var dP = 0.0;
        for (var c = 0u; c < p.HS4; c++) {
          s += dot(q[row * p.HS4 + c], ks[c]);
          dP += dot(dy[row * p.HS4 + c], vs[c]);
        }
        let st = stats[row];
        let P = exp(s - st.x);
        pr[e] = P;
        ds[e] = P * (dP - st.y);
        rowAt[e] = row * p.HS4;
      }
    }
    workgroupBarrier();
    if (g < groups) {
      for (var c = tid % width; c < p.HS4; c += width) {
        var partK = vec4<f32>(0.0);
        var partV = vec4<f32>(0.0);
        for (var j = g; j < n; j += groups) {
          partK += ds[j] * q[rowAt[j] + c];
          partV += pr[j] * dy[rowAt[j] + c];
        }
        accK[g * p.HS4 + c] += partK; // accK, accV start zeroed
        accV[g * p.HS4 + c] += partV;
      }
    }
    workgroupBarrier();
  }

  for (var c = tid; c < p.HS4; c += THREADS) {
    dk[kvBase(key, kvh) + c] = totalK(c, groups) * p.scale;
    dv[kvBase(key, kvh) + c] = totalV(c, groups);
  }
}

// ==== attention/backward-query/contiguous=0/ACC_CAP=64/THREADS=64/TILE=64
struct Params {
  T: u32,
  S: u32,
  NH: u32,
  NKV: u32,
  HS4: u32,
  group: u32, // NH / NKV: query heads per KV head
  scale: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> q: array<vec4<f32>>; // (T, NH, HS/4)
@group(0) @binding(2) var<storage, read> k: array<vec4<f32>>; // (S.., NKV, HS/4)
@group(0) @binding(3) var<storage, read> v: array<vec4<f32>>; // (S.., NKV, HS/4)
@group(0) @binding(4) var<storage, read> dy: array<vec4<f32>>; // (T, NH, HS/4)
@group(0) @binding(5) var<storage, read_write> dq: array<vec4<f32>>; // (T, NH, HS/4)
@group(0) @binding(6) var<storage, read_write> stats: array<vec2<f32>>; // (T * NH) of (logsumexp of the scaled scores, rowsum(P * dP) = dy . y)


override THREADS: u32 = 64u;
var<workgroup> scratch: array<f32, THREADS>;

// How many elements each thread visits for a row of n.
fn runLength(n: u32) -> u32 { return (n + THREADS - 1u) / THREADS; }

// The column a thread visits on its j-th step.
fn runIndex(tid: u32, j: u32, n: u32) -> u32 { return j * THREADS + tid; /* threads stride together: coalesced on GPUs */ }

fn reduceMax(tid: u32, v: f32) -> f32 {
  scratch[tid] = v;
  workgroupBarrier();
  for (var s = THREADS / 2u; s > 0u; s >>= 1u) {
    if (tid < s) { scratch[tid] = max(scratch[tid], scratch[tid + s]); }
    workgroupBarrier();
  }
  let r = scratch[0];
  workgroupBarrier();
  return r;
}

fn reduceSum(tid: u32, v: f32) -> f32 {
  scratch[tid] = v;
  workgroupBarrier();
  for (var s = THREADS / 2u; s > 0u; s >>= 1u) {
    if (tid < s) { scratch[tid] += scratch[tid + s]; }
    workgroupBarrier();
  }
  let r = scratch[0];
  workgroupBarrier();
  return r;
}



const NEG: f32 = -3.4e38; // a masked score or an empty running max: exp(NEG - m) is 0 for any real m

// Offset of key 'key' of KV head 'kvh' in k or v; rows are NKV * HS floats apart, so a layer's
// slice of a cache with room for more positions works as it is.
fn kvBase(key: u32, kvh: u32) -> u32 { return (key * p.NKV + kvh) * p.HS4; }

override TILE: u32 = 64u;    // items (keys or query rows) per step
override ACC_CAP: u32 = 64u; // max(THREADS, 64): outputs of every item group

fn groupWidth() -> u32 { return min(p.HS4, THREADS); }


var<workgroup> qs: array<vec4<f32>, 64>;       // (HS4) the query times scale; HS <= 256
var<workgroup> dys: array<vec4<f32>, 64>;      // (HS4) its output gradient
var<workgroup> ds: array<f32, TILE>;           // the tile's dS
var<workgroup> acc: array<vec4<f32>, ACC_CAP>; // (groups, HS4) partial dq

fn score(key: u32, kvh: u32) -> f32 {
  let base = kvBase(key, kvh);
  var s = 0.0;
  for (var c = 0u; c < p.HS4; c++) { s += dot(qs[c], k[base + c]); }
  return s;
}

// dP for this key: dy . v
fn gradP(key: u32, kvh: u32) -> f32 {
  let base = kvBase(key, kvh);
  var s = 0.0;
  for (var c = 0u; c < p.HS4; c++) { s += dot(dys[c], v[base + c]); }
  return s;
}

fn groupTotal(c: u32, groups: u32) -> vec4<f32> {
  var total = vec4<f32>(0.0);
  for (var gg = 0u; gg < groups; gg++) { total += acc[gg * p.HS4 + c]; }
  return total;
}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wg.x + wg.y * nwg.x; // t * NH + h
  if (row >= p.T * p.NH) { return; } // uniform per workgroup
  let kvh = (row % p.NH) / p.group;
  let kEnd = p.S - p.T + row / p.NH + 1u; // keys this row sees

  for (var c = tid; c < p.HS4; c += THREADS) {
    qs[c] = q[row * p.HS4 + c] * p.scale;
    dys[c] = dy[row * p.HS4 + c];
  }
  workgroupBarrier();

  // Sweep 1: each thread's online (max, sum of e, sum of e * dP), rescaled to the row's max.
  var m = NEG;
  var l = 0.0;
  var a = 0.0;
  for (var j = 0u; j < runLength(kEnd); j++) {
    let key = runIndex(tid, j, kEnd);
    if (key < kEnd) {
      let s = score(key, kvh);
      let mNew = max(m, s);
      let fac = exp(m - mNew); // 0 on a thread's first key
      let e = exp(s - mNew);
      l = l * fac + e;
      a = a * fac + e * gradP(key, kvh);
      m = mNew;
    }
  }
  let rowMax = reduceMax(tid, m);
  let fac = exp(m - rowMax); // 0 for a thread that saw no key
  let sum = reduceSum(tid, l * fac);
  let lse = rowMax + log(sum);
  let D = reduceSum(tid, a * fac) / sum;
  if (tid == 0u) { stats[row] = vec2<f32>(lse, D); }

  // Sweep 2: dq = scale * sum over keys of dS * k.
  let width = groupWidth();
  let groups = THREADS / width;
  let g = tid / width;
  for (var k0 = 0u; k0 < kEnd; k0 += TILE) {
    let n = min(TILE, kEnd - k0);
    for (var j = 0u; j < runLength(n); j++) {
      let e = runIndex(tid, j, n);
      if (e < n) {
        let key = k0 + e;
        ds[e] = exp(score(key, kvh) - lse) * (gradP(key, kvh) - D);
      }
    }
    workgroupBarrier();
    if (g < groups) {
      for (var c = tid % width; c < p.HS4; c += width) {
        var part = vec4<f32>(0.0);
        for (var j = g; j < n; j += groups) { part += ds[j] * k[kvBase(k0 + j, kvh) + c]; }
        acc[g * p.HS4 + c] += part; // acc starts zeroed
      }
    }
    workgroupBarrier();
  }

  for (var c = tid; c < p.HS4; c += THREADS) { dq[row * p.HS4 + c] = groupTotal(c, groups) * p.scale; }
}

// ==== attention/backward-query/contiguous=1/ACC_CAP=64/THREADS=4/TILE=32
struct Params {
  T: u32,
  S: u32,
  NH: u32,
  NKV: u32,
  HS4: u32,
  group: u32, // NH / NKV: query heads per KV head
  scale: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> q: array<vec4<f32>>; // (T, NH, HS/4)
@group(0) @binding(2) var<storage, read> k: array<vec4<f32>>; // (S.., NKV, HS/4)
@group(0) @binding(3) var<storage, read> v: array<vec4<f32>>; // (S.., NKV, HS/4)
@group(0) @binding(4) var<storage, read> dy: array<vec4<f32>>; // (T, NH, HS/4)
@group(0) @binding(5) var<storage, read_write> dq: array<vec4<f32>>; // (T, NH, HS/4)
@group(0) @binding(6) var<storage, read_write> stats: array<vec2<f32>>; // (T * NH) of (logsumexp of the scaled scores, rowsum(P * dP) = dy . y)


override THREADS: u32 = 64u;
var<workgroup> scratch: array<f32, THREADS>;

// How many elements each thread visits for a row of n.
fn runLength(n: u32) -> u32 { return (n + THREADS - 1u) / THREADS; }

// The column a thread visits on its j-th step.
fn runIndex(tid: u32, j: u32, n: u32) -> u32 { return tid * runLength(n) + j; /* each thread owns a contiguous run */ }

fn reduceMax(tid: u32, v: f32) -> f32 {
  scratch[tid] = v;
  workgroupBarrier();
  for (var s = THREADS / 2u; s > 0u; s >>= 1u) {
    if (tid < s) { scratch[tid] = max(scratch[tid], scratch[tid + s]); }
    workgroupBarrier();
  }
  let r = scratch[0];
  workgroupBarrier();
  return r;
}

fn reduceSum(tid: u32, v: f32) -> f32 {
  scratch[tid] = v;
  workgroupBarrier();
  for (var s = THREADS / 2u; s > 0u; s >>= 1u) {
    if (tid < s) { scratch[tid] += scratch[tid + s]; }
    workgroupBarrier();
  }
  let r = scratch[0];
  workgroupBarrier();
  return r;
}



const NEG: f32 = -3.4e38; // a masked score or an empty running max: exp(NEG - m) is 0 for any real m

// Offset of key 'key' of KV head 'kvh' in k or v; rows are NKV * HS floats apart, so a layer's
// slice of a cache with room for more positions works as it is.
fn kvBase(key: u32, kvh: u32) -> u32 { return (key * p.NKV + kvh) * p.HS4; }

override TILE: u32 = 64u;    // items (keys or query rows) per step
override ACC_CAP: u32 = 64u; // max(THREADS, 64): outputs of every item group

fn groupWidth() -> u32 { return min(p.HS4, THREADS); }


var<workgroup> qs: array<vec4<f32>, 64>;       // (HS4) the query times scale; HS <= 256
var<workgroup> dys: array<vec4<f32>, 64>;      // (HS4) its output gradient
var<workgroup> ds: array<f32, TILE>;           // the tile's dS
var<workgroup> acc: array<vec4<f32>, ACC_CAP>; // (groups, HS4) partial dq

fn score(key: u32, kvh: u32) -> f32 {
  let base = kvBase(key, kvh);
  var s = 0.0;
  for (var c = 0u; c < p.HS4; c++) { s += dot(qs[c], k[base + c]); }
  return s;
}

// dP for this key: dy . v
fn gradP(key: u32, kvh: u32) -> f32 {
  let base = kvBase(key, kvh);
  var s = 0.0;
  for (var c = 0u; c < p.HS4; c++) { s += dot(dys[c], v[base + c]); }
  return s;
}

fn groupTotal(c: u32, groups: u32) -> vec4<f32> {
  var total = vec4<f32>(0.0);
  for (var gg = 0u; gg < groups; gg++) { total += acc[gg * p.HS4 + c]; }
  return total;
}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wg.x + wg.y * nwg.x; // t * NH + h
  if (row >= p.T * p.NH) { return; } // uniform per workgroup
  let kvh = (row % p.NH) / p.group;
  let kEnd = p.S - p.T + row / p.NH + 1u; // keys this row sees

  for (var c = tid; c < p.HS4; c += THREADS) {
    qs[c] = q[row * p.HS4 + c] * p.scale;
    dys[c] = dy[row * p.HS4 + c];
  }
  workgroupBarrier();

  // Sweep 1: each thread's online (max, sum of e, sum of e * dP), rescaled to the row's max.
  var m = NEG;
  var l = 0.0;
  var a = 0.0;
  for (var j = 0u; j < runLength(kEnd); j++) {
    let key = runIndex(tid, j, kEnd);
    if (key < kEnd) {
      let s = score(key, kvh);
      let mNew = max(m, s);
      let fac = exp(m - mNew); // 0 on a thread's first key
      let e = exp(s - mNew);
      l = l * fac + e;
      a = a * fac + e * gradP(key, kvh);
      m = mNew;
    }
  }
  let rowMax = reduceMax(tid, m);
  let fac = exp(m - rowMax); // 0 for a thread that saw no key
  let sum = reduceSum(tid, l * fac);
  let lse = rowMax + log(sum);
  let D = reduceSum(tid, a * fac) / sum;
  if (tid == 0u) { stats[row] = vec2<f32>(lse, D); }

  // Sweep 2: dq = scale * sum over keys of dS * k.
  let width = groupWidth();
  let groups = THREADS / width;
  let g = tid / width;
  for (var k0 = 0u; k0 < kEnd; k0 += TILE) {
    let n = min(TILE, kEnd - k0);
    for (var j = 0u; j < runLength(n); j++) {
      let e = runIndex(tid, j, n);
      if (e < n) {
        let key = k0 + e;
        ds[e] = exp(score(key, kvh) - lse) * (gradP(key, kvh) - D);
      }
    }
    workgroupBarrier();
    if (g < groups) {
      for (var c = tid % width; c < p.HS4; c += width) {
        var part = vec4<f32>(0.0);
        for (var j = g; j < n; j += groups) { part += ds[j] * k[kvBase(k0 + j, kvh) + c]; }
        acc[g * p.HS4 + c] += part; // acc starts zeroed
      }
    }
    workgroupBarrier();
  }

  for (var c = tid; c < p.HS4; c += THREADS) { dq[row * p.HS4 + c] = groupTotal(c, groups) * p.scale; }
}

// ==== attention/forward/split=0/ACC_CAP=128/KV_CAP=512/Q_CAP=128/ROWS_MAX=16/SC_CAP=512/THREADS=128
struct Params {
  T: u32,
  S: u32,
  NH: u32,
  NKV: u32,
  HS4: u32,
  group: u32, // NH / NKV: query heads per KV head
  rows: u32, // query rows per workgroup
  keys: u32, // keys per K/V tile
  splits: u32, // key ranges per query row (1: write y directly)
  splitKeys: u32, // keys per range
  scale: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> q: array<vec4<f32>>; // (T, NH, HS/4)
@group(0) @binding(2) var<storage, read> k: array<vec4<f32>>; // (S.., NKV, HS/4)
@group(0) @binding(3) var<storage, read> v: array<vec4<f32>>; // (S.., NKV, HS/4)
@group(0) @binding(4) var<storage, read_write> y: array<vec4<f32>>; // (T, NH, HS/4)


const NEG: f32 = -3.4e38; // a masked score or an empty running max: exp(NEG - m) is 0 for any real m

// Offset of key 'key' of KV head 'kvh' in k or v; rows are NKV * HS floats apart, so a layer's
// slice of a cache with room for more positions works as it is.
fn kvBase(key: u32, kvh: u32) -> u32 { return (key * p.NKV + kvh) * p.HS4; }


override THREADS: u32 = 64u;
var<workgroup> scratch: array<f32, THREADS>;

// How many elements each thread visits for a row of n.
fn runLength(n: u32) -> u32 { return (n + THREADS - 1u) / THREADS; }

// The column a thread visits on its j-th step.
fn runIndex(tid: u32, j: u32, n: u32) -> u32 { return j * THREADS + tid; /* threads stride together: coalesced on GPUs */ }

fn reduceMax(tid: u32, v: f32) -> f32 {
  scratch[tid] = v;
  workgroupBarrier();
  for (var s = THREADS / 2u; s > 0u; s >>= 1u) {
    if (tid < s) { scratch[tid] = max(scratch[tid], scratch[tid + s]); }
    workgroupBarrier();
  }
  let r = scratch[0];
  workgroupBarrier();
  return r;
}

fn reduceSum(tid: u32, v: f32) -> f32 {
  scratch[tid] = v;
  workgroupBarrier();
  for (var s = THREADS / 2u; s > 0u; s >>= 1u) {
    if (tid < s) { scratch[tid] += scratch[tid + s]; }
    workgroupBarrier();
  }
  let r = scratch[0];
  workgroupBarrier();
  return r;
}


override Q_CAP: u32 = 128u;    // vec4s of staged queries: rows * HS4 <= Q_CAP
override SC_CAP: u32 = 512u;   // scores of one tile: rows * keys <= SC_CAP
override ROWS_MAX: u32 = 16u;
override ACC_CAP: u32 = 128u;  // max(THREADS, Q_CAP): outputs of every key group

var<workgroup> qs: array<vec4<f32>, Q_CAP>;    // (rows, HS4) queries times scale
var<workgroup> sc: array<f32, SC_CAP>;         // (rows, keys) scores, then probabilities
var<workgroup> acc: array<vec4<f32>, ACC_CAP>; // (groups, rows, HS4) unnormalised outputs
var<workgroup> rowMax: array<f32, ROWS_MAX>;   // running max of each row
var<workgroup> rowSum: array<f32, ROWS_MAX>;   // running sum of exp(score - rowMax)
var<workgroup> rowFac: array<f32, ROWS_MAX>;   // this tile's rescale of the older terms

// Block row r of KV head kvh is query row t = r / group of head kvh * group + r % group; the
// index is t * NH + h.
fn queryRow(r: u32, kvh: u32) -> u32 { return (r / p.group) * p.NH + kvh * p.group + r % p.group; }

// Keys row r may see: its query sits at position S - T + t.
fn visibleKeys(r: u32) -> u32 { return p.S - p.T + r / p.group + 1u; }

override KV_CAP: u32 = 512u;   // vec4s of the K (then V) tile: keys * (HS4 + 1) <= KV_CAP
var<workgroup> kv: array<vec4<f32>, KV_CAP>;   // (keys, HS4 + 1): the pad staggers rows over memory banks

fn loadTile(tid: u32, values: bool, k0: u32, nk: u32, kvh: u32) {
  let n = nk * p.HS4;
  for (var j = 0u; j < runLength(n); j++) {
    let e = runIndex(tid, j, n);
    if (e < n) {
      let src = kvBase(k0 + e / p.HS4, kvh) + e % p.HS4;
      let dst = (e / p.HS4) * (p.HS4 + 1u) + e % p.HS4;
      if (values) { kv[dst] = v[src]; } else { kv[dst] = k[src]; }
    }
  }
}

// Where key j of the staged tile starts.
fn tileRow(j: u32) -> u32 { return j * (p.HS4 + 1u); }

fn score(i: u32, at: u32) -> f32 {
  var s = 0.0;
  for (var c = 0u; c < p.HS4; c++) { s += dot(qs[i * p.HS4 + c], kv[at + c]); }
  return s;
}

// Each segment of L lanes (a power of two, so segments tile THREADS) gets its lanes' max or sum.
fn segmentReduce(tid: u32, v: f32, L: u32, isMax: bool) -> f32 {
  scratch[tid] = v;
  workgroupBarrier();
  for (var s = L / 2u; s > 0u; s >>= 1u) {
    if (tid % L < s) {
      let o = scratch[tid + s];
      scratch[tid] = select(scratch[tid] + o, max(scratch[tid], o), isMax);
    }
    workgroupBarrier();
  }
  let r = scratch[tid - tid % L];
  workgroupBarrier();
  return r;
}

// Online softmax step of the block's nr rows over this tile's nk scores, which become
// probabilities: L lanes per row (no more than keys), as many rows at once as fit. A row that sees no key of its
// range keeps max NEG, so the merge weighs that range exp(NEG - max) = 0; with one range, the
// first tile holds key 0, which every row sees.
fn advanceRows(tid: u32, nr: u32, nk: u32) {
  let L = 1u << firstLeadingBit(max(1u, min(THREADS / nr, nk)));
  for (var i0 = 0u; i0 < nr; i0 += THREADS / L) {
    let i = i0 + tid / L;
    let live = i < nr;
    var mx = NEG;
    if (live) {
      mx = rowMax[i];
      for (var j = tid % L; j < nk; j += L) { mx = max(mx, sc[i * nk + j]); }
    }
    mx = segmentReduce(tid, mx, L, true);
    var sum = 0.0;
    if (live) {
      for (var j = tid % L; j < nk; j += L) {
        let e = exp(sc[i * nk + j] - mx);
        sc[i * nk + j] = e;
        sum += e;
      }
    }
    sum = segmentReduce(tid, sum, L, false);
    if (live && tid % L == 0u) {
      let fac = exp(rowMax[i] - mx); // 0 on the first tile
      rowFac[i] = fac;
      rowSum[i] = rowSum[i] * fac + sum;
      rowMax[i] = mx;
    }
  }
}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let R = p.T * p.group; // rows per KV head
  let blocks = (R + p.rows - 1u) / p.rows;
  let idx = wg.x + wg.y * nwg.x;
  if (idx >= blocks * p.NKV * p.splits) { return; } // uniform per workgroup
  let split = idx % p.splits;
  let kvh = idx / p.splits / blocks;
  let r0 = (idx / p.splits % blocks) * p.rows;
  let nr = min(p.rows, R - r0);
  let kStart = split * p.splitKeys;
  let kEnd = min(kStart + p.splitKeys, visibleKeys(r0 + nr - 1u)); // the block's last row sees the most keys

  let nq = nr * p.HS4;
  for (var j = 0u; j < runLength(nq); j++) {
    let e = runIndex(tid, j, nq);
    if (e < nq) { qs[e] = q[queryRow(r0 + e / p.HS4, kvh) * p.HS4 + e % p.HS4] * p.scale; }
  }
  for (var i = tid; i < nr; i += THREADS) { rowMax[i] = NEG; }
  workgroupBarrier();

  // Each thread owns outputs e of key group g; with fewer outputs than threads, the keys of a
  // tile are dealt round-robin to several groups whose sums are added at the end.
  let outs = nr * p.HS4;
  let groups = max(1u, THREADS / outs);
  let width = THREADS / groups;
  let g = tid / width;

  for (var k0 = kStart; k0 < kEnd; k0 += p.keys) {
    let nk = min(p.keys, kEnd - k0);
    loadTile(tid, false, k0, nk, kvh);
    workgroupBarrier();
    let ns = nr * nk;
    for (var j = 0u; j < runLength(ns); j++) {
      let e = runIndex(tid, j, ns);
      if (e < ns) {
        let i = e / nk;
        var s = NEG;
        if (k0 + e % nk < visibleKeys(r0 + i)) { s = score(i, tileRow(e % nk)); }
        sc[e] = s;
      }
    }
    workgroupBarrier();
    loadTile(tid, true, k0, nk, kvh); // V replaces K while the rows' softmax advances
    advanceRows(tid, nr, nk);
    workgroupBarrier();
    if (g < groups) {
      for (var e = tid % width; e < outs; e += width) {
        let i = e / p.HS4;
        var sum = vec4<f32>(0.0);
        for (var j = g; j < nk; j += groups) { sum += sc[i * nk + j] * kv[tileRow(j) + e % p.HS4]; }
        // acc starts zeroed (workgroup memory is), and rowFac is 0 on the first tile
        acc[g * outs + e] = acc[g * outs + e] * rowFac[i] + sum;
      }
    }
    workgroupBarrier();
  }
  workgroupBarrier(); // a range with no keys skipped the loop: publish rowMax

  for (var e = tid; e < outs; e += THREADS) {
    var total = vec4<f32>(0.0);
    for (var gg = 0u; gg < groups; gg++) { total += acc[gg * outs + e]; }
    let row = queryRow(r0 + e / p.HS4, kvh);

    y[row * p.HS4 + e % p.HS4] = total / rowSum[e / p.HS4];
  }
}

// ==== attention/forward/split=1/ACC_CAP=128/KV_CAP=512/Q_CAP=128/ROWS_MAX=16/SC_CAP=512/THREADS=128
struct Params {
  T: u32,
  S: u32,
  NH: u32,
  NKV: u32,
  HS4: u32,
  group: u32, // NH / NKV: query heads per KV head
  rows: u32, // query rows per workgroup
  keys: u32, // keys per K/V tile
  splits: u32, // key ranges per query row (1: write y directly)
  splitKeys: u32, // keys per range
  scale: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> q: array<vec4<f32>>; // (T, NH, HS/4)
@group(0) @binding(2) var<storage, read> k: array<vec4<f32>>; // (S.., NKV, HS/4)
@group(0) @binding(3) var<storage, read> v: array<vec4<f32>>; // (S.., NKV, HS/4)
@group(0) @binding(4) var<storage, read_write> y: array<vec4<f32>>; // (T, NH, HS/4)
@group(0) @binding(5) var<storage, read_write> part: array<vec4<f32>>; // (T * NH * splits, HS/4) unnormalised outputs, then (T * NH * splits) of (max, sum, 0, 0)


const NEG: f32 = -3.4e38; // a masked score or an empty running max: exp(NEG - m) is 0 for any real m

// Offset of key 'key' of KV head 'kvh' in k or v; rows are NKV * HS floats apart, so a layer's
// slice of a cache with room for more positions works as it is.
fn kvBase(key: u32, kvh: u32) -> u32 { return (key * p.NKV + kvh) * p.HS4; }


override THREADS: u32 = 64u;
var<workgroup> scratch: array<f32, THREADS>;

// How many elements each thread visits for a row of n.
fn runLength(n: u32) -> u32 { return (n + THREADS - 1u) / THREADS; }

// The column a thread visits on its j-th step.
fn runIndex(tid: u32, j: u32, n: u32) -> u32 { return j * THREADS + tid; /* threads stride together: coalesced on GPUs */ }

fn reduceMax(tid: u32, v: f32) -> f32 {
  scratch[tid] = v;
  workgroupBarrier();
  for (var s = THREADS / 2u; s > 0u; s >>= 1u) {
    if (tid < s) { scratch[tid] = max(scratch[tid], scratch[tid + s]); }
    workgroupBarrier();
  }
  let r = scratch[0];
  workgroupBarrier();
  return r;
}

fn reduceSum(tid: u32, v: f32) -> f32 {
  scratch[tid] = v;
  workgroupBarrier();
  for (var s = THREADS / 2u; s > 0u; s >>= 1u) {
    if (tid < s) { scratch[tid] += scratch[tid + s]; }
    workgroupBarrier();
  }
  let r = scratch[0];
  workgroupBarrier();
  return r;
}


override Q_CAP: u32 = 128u;    // vec4s of staged queries: rows * HS4 <= Q_CAP
override SC_CAP: u32 = 512u;   // scores of one tile: rows * keys <= SC_CAP
override ROWS_MAX: u32 = 16u;
override ACC_CAP: u32 = 128u;  // max(THREADS, Q_CAP): outputs of every key group

var<workgroup> qs: array<vec4<f32>, Q_CAP>;    // (rows, HS4) queries times scale
var<workgroup> sc: array<f32, SC_CAP>;         // (rows, keys) scores, then probabilities
var<workgroup> acc: array<vec4<f32>, ACC_CAP>; // (groups, rows, HS4) unnormalised outputs
var<workgroup> rowMax: array<f32, ROWS_MAX>;   // running max of each row
var<workgroup> rowSum: array<f32, ROWS_MAX>;   // running sum of exp(score - rowMax)
var<workgroup> rowFac: array<f32, ROWS_MAX>;   // this tile's rescale of the older terms

// Block row r of KV head kvh is query row t = r / group of head kvh * group + r % group; the
// index is t * NH + h.
fn queryRow(r: u32, kvh: u32) -> u32 { return (r / p.group) * p.NH + kvh * p.group + r % p.group; }

// Keys row r may see: its query sits at position S - T + t.
fn visibleKeys(r: u32) -> u32 { return p.S - p.T + r / p.group + 1u; }

override KV_CAP: u32 = 512u;   // vec4s of the K (then V) tile: keys * (HS4 + 1) <= KV_CAP
var<workgroup> kv: array<vec4<f32>, KV_CAP>;   // (keys, HS4 + 1): the pad staggers rows over memory banks

fn loadTile(tid: u32, values: bool, k0: u32, nk: u32, kvh: u32) {
  let n = nk * p.HS4;
  for (var j = 0u; j < runLength(n); j++) {
    let e = runIndex(tid, j, n);
    if (e < n) {
      let src = kvBase(k0 + e / p.HS4, kvh) + e % p.HS4;
      let dst = (e / p.HS4) * (p.HS4 + 1u) + e % p.HS4;
      if (values) { kv[dst] = v[src]; } else { kv[dst] = k[src]; }
    }
  }
}

// Where key j of the staged tile starts.
fn tileRow(j: u32) -> u32 { return j * (p.HS4 + 1u); }

fn score(i: u32, at: u32) -> f32 {
  var s = 0.0;
  for (var c = 0u; c < p.HS4; c++) { s += dot(qs[i * p.HS4 + c], kv[at + c]); }
  return s;
}

// Each segment of L lanes (a power of two, so segments tile THREADS) gets its lanes' max or sum.
fn segmentReduce(tid: u32, v: f32, L: u32, isMax: bool) -> f32 {
  scratch[tid] = v;
  workgroupBarrier();
  for (var s = L / 2u; s > 0u; s >>= 1u) {
    if (tid % L < s) {
      let o = scratch[tid + s];
      scratch[tid] = select(scratch[tid] + o, max(scratch[tid], o), isMax);
    }
    workgroupBarrier();
  }
  let r = scratch[tid - tid % L];
  workgroupBarrier();
  return r;
}

// Online softmax step of the block's nr rows over this tile's nk scores, which become
// probabilities: L lanes per row (no more than keys), as many rows at once as fit. A row that sees no key of its
// range keeps max NEG, so the merge weighs that range exp(NEG - max) = 0; with one range, the
// first tile holds key 0, which every row sees.
fn advanceRows(tid: u32, nr: u32, nk: u32) {
  let L = 1u << firstLeadingBit(max(1u, min(THREADS / nr, nk)));
  for (var i0 = 0u; i0 < nr; i0 += THREADS / L) {
    let i = i0 + tid / L;
    let live = i < nr;
    var mx = NEG;
    if (live) {
      mx = rowMax[i];
      for (var j = tid % L; j < nk; j += L) { mx = max(mx, sc[i * nk + j]); }
    }
    mx = segmentReduce(tid, mx, L, true);
    var sum = 0.0;
    if (live) {
      for (var j = tid % L; j < nk; j += L) {
        let e = exp(sc[i * nk + j] - mx);
        sc[i * nk + j] = e;
        sum += e;
      }
    }
    sum = segmentReduce(tid, sum, L, false);
    if (live && tid % L == 0u) {
      let fac = exp(rowMax[i] - mx); // 0 on the first tile
      rowFac[i] = fac;
      rowSum[i] = rowSum[i] * fac + sum;
      rowMax[i] = mx;
    }
  }
}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let R = p.T * p.group; // rows per KV head
  let blocks = (R + p.rows - 1u) / p.rows;
  let idx = wg.x + wg.y * nwg.x;
  if (idx >= blocks * p.NKV * p.splits) { return; } // uniform per workgroup
  let split = idx % p.splits;
  let kvh = idx / p.splits / blocks;
  let r0 = (idx / p.splits % blocks) * p.rows;
  let nr = min(p.rows, R - r0);
  let kStart = split * p.splitKeys;
  let kEnd = min(kStart + p.splitKeys, visibleKeys(r0 + nr - 1u)); // the block's last row sees the most keys

  let nq = nr * p.HS4;
  for (var j = 0u; j < runLength(nq); j++) {
    let e = runIndex(tid, j, nq);
    if (e < nq) { qs[e] = q[queryRow(r0 + e / p.HS4, kvh) * p.HS4 + e % p.HS4] * p.scale; }
  }
  for (var i = tid; i < nr; i += THREADS) { rowMax[i] = NEG; }
  workgroupBarrier();

  // Each thread owns outputs e of key group g; with fewer outputs than threads, the keys of a
  // tile are dealt round-robin to several groups whose sums are added at the end.
  let outs = nr * p.HS4;
  let groups = max(1u, THREADS / outs);
  let width = THREADS / groups;
  let g = tid / width;

  for (var k0 = kStart; k0 < kEnd; k0 += p.keys) {
    let nk = min(p.keys, kEnd - k0);
    loadTile(tid, false, k0, nk, kvh);
    workgroupBarrier();
    let ns = nr * nk;
    for (var j = 0u; j < runLength(ns); j++) {
      let e = runIndex(tid, j, ns);
      if (e < ns) {
        let i = e / nk;
        var s = NEG;
        if (k0 + e % nk < visibleKeys(r0 + i)) { s = score(i, tileRow(e % nk)); }
        sc[e] = s;
      }
    }
    workgroupBarrier();
    loadTile(tid, true, k0, nk, kvh); // V replaces K while the rows' softmax advances
    advanceRows(tid, nr, nk);
    workgroupBarrier();
    if (g < groups) {
      for (var e = tid % width; e < outs; e += width) {
        let i = e / p.HS4;
        var sum = vec4<f32>(0.0);
        for (var j = g; j < nk; j += groups) { sum += sc[i * nk + j] * kv[tileRow(j) + e % p.HS4]; }
        // acc starts zeroed (workgroup memory is), and rowFac is 0 on the first tile
        acc[g * outs + e] = acc[g * outs + e] * rowFac[i] + sum;
      }
    }
    workgroupBarrier();
  }
  workgroupBarrier(); // a range with no keys skipped the loop: publish rowMax

  for (var e = tid; e < outs; e += THREADS) {
    var total = vec4<f32>(0.0);
    for (var gg = 0u; gg < groups; gg++) { total += acc[gg * outs + e]; }
    let row = queryRow(r0 + e / p.HS4, kvh);

    if (p.splits > 1u) {
      part[(row * p.splits + split) * p.HS4 + e % p.HS4] = total;
      if (e % p.HS4 == 0u) { part[p.T * p.NH * p.splits * p.HS4 + row * p.splits + split] = vec4<f32>(rowMax[e / p.HS4], rowSum[e / p.HS4], 0.0, 0.0); }
      continue;
    }

    y[row * p.HS4 + e % p.HS4] = total / rowSum[e / p.HS4];
  }
}

// ==== attention/merge/THREADS=4
struct Params {
  T: u32,
  S: u32,
  NH: u32,
  NKV: u32,
  HS4: u32,
  group: u32, // NH / NKV: query heads per KV head
  rows: u32, // query rows per workgroup
  keys: u32, // keys per K/V tile
  splits: u32, // key ranges per query row (1: write y directly)
  splitKeys: u32, // keys per range
  scale: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read_write> y: array<vec4<f32>>; // (T, NH, HS/4)
@group(0) @binding(2) var<storage, read> part: array<vec4<f32>>; // as the forward kernel writes it


const NEG: f32 = -3.4e38; // a masked score or an empty running max: exp(NEG - m) is 0 for any real m

// Offset of key 'key' of KV head 'kvh' in k or v; rows are NKV * HS floats apart, so a layer's
// slice of a cache with room for more positions works as it is.
fn kvBase(key: u32, kvh: u32) -> u32 { return (key * p.NKV + kvh) * p.HS4; }


override THREADS: u32 = 64u;

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let rows = p.T * p.NH;
  let row = wg.x + wg.y * nwg.x;
  if (row >= rows) { return; }
  let stats = rows * p.splits * p.HS4 + row * p.splits; // (max, sum) of each range
  var mx = NEG;
  for (var s = 0u; s < p.splits; s++) { mx = max(mx, part[stats + s].x); }
  var total = 0.0;
  for (var s = 0u; s < p.splits; s++) { total += part[stats + s].y * exp(part[stats + s].x - mx); }
  for (var c = tid; c < p.HS4; c += THREADS) {
    var sum = vec4<f32>(0.0);
    for (var s = 0u; s < p.splits; s++) { sum += part[(row * p.splits + s) * p.HS4 + c] * exp(part[stats + s].x - mx); }
    y[row * p.HS4 + c] = sum / total;
  }
}

// ==== attention/merge/THREADS=64
struct Params {
  T: u32,
  S: u32,
  NH: u32,
  NKV: u32,
  HS4: u32,
  group: u32, // NH / NKV: query heads per KV head
  rows: u32, // query rows per workgroup
  keys: u32, // keys per K/V tile
  splits: u32, // key ranges per query row (1: write y directly)
  splitKeys: u32, // keys per range
  scale: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read_write> y: array<vec4<f32>>; // (T, NH, HS/4)
@group(0) @binding(2) var<storage, read> part: array<vec4<f32>>; // as the forward kernel writes it


const NEG: f32 = -3.4e38; // a masked score or an empty running max: exp(NEG - m) is 0 for any real m

// Offset of key 'key' of KV head 'kvh' in k or v; rows are NKV * HS floats apart, so a layer's
// slice of a cache with room for more positions works as it is.
fn kvBase(key: u32, kvh: u32) -> u32 { return (key * p.NKV + kvh) * p.HS4; }


override THREADS: u32 = 64u;

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let rows = p.T * p.NH;
  let row = wg.x + wg.y * nwg.x;
  if (row >= rows) { return; }
  let stats = rows * p.splits * p.HS4 + row * p.splits; // (max, sum) of each range
  var mx = NEG;
  for (var s = 0u; s < p.splits; s++) { mx = max(mx, part[stats + s].x); }
  var total = 0.0;
  for (var s = 0u; s < p.splits; s++) { total += part[stats + s].y * exp(part[stats + s].x - mx); }
  for (var c = tid; c < p.HS4; c += THREADS) {
    var sum = vec4<f32>(0.0);
    for (var s = 0u; s < p.splits; s++) { sum += part[(row * p.splits + s) * p.HS4 + c] * exp(part[stats + s].x - mx); }
    y[row * p.HS4 + c] = sum / total;
  }
}

// ==== attention/probabilities/contiguous=0/THREADS=64
struct Params {
  T: u32,
  S: u32,
  NH: u32,
  NKV: u32,
  HS4: u32,
  group: u32, // NH / NKV: query heads per KV head
  width: u32, // floats per output row (>= S): entries past the keys a row sees are 0
  scale: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> q: array<vec4<f32>>; // (T, NH, HS/4)
@group(0) @binding(2) var<storage, read> k: array<vec4<f32>>; // (S.., NKV, HS/4)
@group(0) @binding(3) var<storage, read_write> probs: array<f32>; // (NH, T, width)


override THREADS: u32 = 64u;
var<workgroup> scratch: array<f32, THREADS>;

// How many elements each thread visits for a row of n.
fn runLength(n: u32) -> u32 { return (n + THREADS - 1u) / THREADS; }

// The column a thread visits on its j-th step.
fn runIndex(tid: u32, j: u32, n: u32) -> u32 { return j * THREADS + tid; /* threads stride together: coalesced on GPUs */ }

fn reduceMax(tid: u32, v: f32) -> f32 {
  scratch[tid] = v;
  workgroupBarrier();
  for (var s = THREADS / 2u; s > 0u; s >>= 1u) {
    if (tid < s) { scratch[tid] = max(scratch[tid], scratch[tid + s]); }
    workgroupBarrier();
  }
  let r = scratch[0];
  workgroupBarrier();
  return r;
}

fn reduceSum(tid: u32, v: f32) -> f32 {
  scratch[tid] = v;
  workgroupBarrier();
  for (var s = THREADS / 2u; s > 0u; s >>= 1u) {
    if (tid < s) { scratch[tid] += scratch[tid + s]; }
    workgroupBarrier();
  }
  let r = scratch[0];
  workgroupBarrier();
  return r;
}


const NEG: f32 = -3.4e38; // a masked score or an empty running max: exp(NEG - m) is 0 for any real m

// Offset of key 'key' of KV head 'kvh' in k or v; rows are NKV * HS floats apart, so a layer's
// slice of a cache with room for more positions works as it is.
fn kvBase(key: u32, kvh: u32) -> u32 { return (key * p.NKV + kvh) * p.HS4; }


var<workgroup> qs: array<vec4<f32>, 64>; // (HS4) the query times scale; HS <= 256

fn score(key: u32, kvh: u32) -> f32 {
  let base = kvBase(key, kvh);
  var s = 0.0;
  for (var c = 0u; c < p.HS4; c++) { s += dot(qs[c], k[base + c]); }
  return s;
}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wg.x + wg.y * nwg.x; // t * NH + h
  if (row >= p.T * p.NH) { return; } // uniform per workgroup
  let t = row / p.NH;
  let h = row % p.NH;
  let kvh = h / p.group;
  let kEnd = p.S - p.T + t + 1u; // keys this row sees

  for (var c = tid; c < p.HS4; c += THREADS) { qs[c] = q[row * p.HS4 + c] * p.scale; }
  workgroupBarrier();

  // Sweep 1: each thread's online max and sum of exp(score - max), merged to the row's logsumexp.
  var m = NEG;
  var l = 0.0;
  for (var j = 0u; j < runLength(kEnd); j++) {
    let key = runIndex(tid, j, kEnd);
    if (key < kEnd) {
      let s = score(key, kvh);
      let mNew = max(m, s);
      l = l * exp(m - mNew) + exp(s - mNew); // exp(m - mNew) is 0 on a thread's first key
      m = mNew;
    }
  }
  let rowMax = reduceMax(tid, m);
  let lse = rowMax + log(reduceSum(tid, l * exp(m - rowMax))); // a thread that saw no key adds 0

  // Sweep 2: the row of P, the same scores again, 0 past the row's position.
  let out = (h * p.T + t) * p.width;
  for (var j = 0u; j < runLength(p.width); j++) {
    let key = runIndex(tid, j, p.width);
    if (key < p.width) {
      var pr = 0.0;
      if (key < kEnd) { pr = exp(score(key, kvh) - lse); }
      probs[out + key] = pr;
    }
  }
}

// ==== attention/probabilities/contiguous=1/THREADS=4
struct Params {
  T: u32,
  S: u32,
  NH: u32,
  NKV: u32,
  HS4: u32,
  group: u32, // NH / NKV: query heads per KV head
  width: u32, // floats per output row (>= S): entries past the keys a row sees are 0
  scale: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> q: array<vec4<f32>>; // (T, NH, HS/4)
@group(0) @binding(2) var<storage, read> k: array<vec4<f32>>; // (S.., NKV, HS/4)
@group(0) @binding(3) var<storage, read_write> probs: array<f32>; // (NH, T, width)


override THREADS: u32 = 64u;
var<workgroup> scratch: array<f32, THREADS>;

// How many elements each thread visits for a row of n.
fn runLength(n: u32) -> u32 { return (n + THREADS - 1u) / THREADS; }

// The column a thread visits on its j-th step.
fn runIndex(tid: u32, j: u32, n: u32) -> u32 { return tid * runLength(n) + j; /* each thread owns a contiguous run */ }

fn reduceMax(tid: u32, v: f32) -> f32 {
  scratch[tid] = v;
  workgroupBarrier();
  for (var s = THREADS / 2u; s > 0u; s >>= 1u) {
    if (tid < s) { scratch[tid] = max(scratch[tid], scratch[tid + s]); }
    workgroupBarrier();
  }
  let r = scratch[0];
  workgroupBarrier();
  return r;
}

fn reduceSum(tid: u32, v: f32) -> f32 {
  scratch[tid] = v;
  workgroupBarrier();
  for (var s = THREADS / 2u; s > 0u; s >>= 1u) {
    if (tid < s) { scratch[tid] += scratch[tid + s]; }
    workgroupBarrier();
  }
  let r = scratch[0];
  workgroupBarrier();
  return r;
}


const NEG: f32 = -3.4e38; // a masked score or an empty running max: exp(NEG - m) is 0 for any real m

// Offset of key 'key' of KV head 'kvh' in k or v; rows are NKV * HS floats apart, so a layer's
// slice of a cache with room for more positions works as it is.
fn kvBase(key: u32, kvh: u32) -> u32 { return (key * p.NKV + kvh) * p.HS4; }


var<workgroup> qs: array<vec4<f32>, 64>; // (HS4) the query times scale; HS <= 256

fn score(key: u32, kvh: u32) -> f32 {
  let base = kvBase(key, kvh);
  var s = 0.0;
  for (var c = 0u; c < p.HS4; c++) { s += dot(qs[c], k[base + c]); }
  return s;
}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wg.x + wg.y * nwg.x; // t * NH + h
  if (row >= p.T * p.NH) { return; } // uniform per workgroup
  let t = row / p.NH;
  let h = row % p.NH;
  let kvh = h / p.group;
  let kEnd = p.S - p.T + t + 1u; // keys this row sees

  for (var c = tid; c < p.HS4; c += THREADS) { qs[c] = q[row * p.HS4 + c] * p.scale; }
  workgroupBarrier();

  // Sweep 1: each thread's online max and sum of exp(score - max), merged to the row's logsumexp.
  var m = NEG;
  var l = 0.0;
  for (var j = 0u; j < runLength(kEnd); j++) {
    let key = runIndex(tid, j, kEnd);
    if (key < kEnd) {
      let s = score(key, kvh);
      let mNew = max(m, s);
      l = l * exp(m - mNew) + exp(s - mNew); // exp(m - mNew) is 0 on a thread's first key
      m = mNew;
    }
  }
  let rowMax = reduceMax(tid, m);
  let lse = rowMax + log(reduceSum(tid, l * exp(m - rowMax))); // a thread that saw no key adds 0

  // Sweep 2: the row of P, the same scores again, 0 past the row's position.
  let out = (h * p.T + t) * p.width;
  for (var j = 0u; j < runLength(p.width); j++) {
    let key = runIndex(tid, j, p.width);
    if (key < p.width) {
      var pr = 0.0;
      if (key < kEnd) { pr = exp(score(key, kvh) - lse); }
      probs[out + key] = pr;
    }
  }
}

// ==== attention/solo/headVec4s=8/split=1/THREADS=4
struct Params {
  T: u32,
  S: u32,
  NH: u32,
  NKV: u32,
  HS4: u32,
  group: u32, // NH / NKV: query heads per KV head
  rows: u32, // query rows per workgroup
  keys: u32, // keys per K/V tile
  splits: u32, // key ranges per query row (1: write y directly)
  splitKeys: u32, // keys per range
  scale: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> q: array<vec4<f32>>; // (T, NH, HS/4)
@group(0) @binding(2) var<storage, read> k: array<vec4<f32>>; // (S.., NKV, HS/4)
@group(0) @binding(3) var<storage, read> v: array<vec4<f32>>; // (S.., NKV, HS/4)
@group(0) @binding(4) var<storage, read_write> y: array<vec4<f32>>; // (T, NH, HS/4)
@group(0) @binding(5) var<storage, read_write> part: array<vec4<f32>>; // as the forward writes it


const NEG: f32 = -3.4e38; // a masked score or an empty running max: exp(NEG - m) is 0 for any real m

// Offset of key 'key' of KV head 'kvh' in k or v; rows are NKV * HS floats apart, so a layer's
// slice of a cache with room for more positions works as it is.
fn kvBase(key: u32, kvh: u32) -> u32 { return (key * p.NKV + kvh) * p.HS4; }


override THREADS: u32 = 4u;
const HS4_MAX: u32 = 8u;

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let lane = (wg.x + wg.y * nwg.x) * THREADS + tid;
  if (lane >= p.T * p.NH * p.splits) { return; }
  let row = lane / p.splits; // t * NH + h
  let split = lane % p.splits;
  let kvh = (row % p.NH) / p.group;
  let kStart = split * p.splitKeys;
  let kEnd = min(kStart + p.splitKeys, p.S - p.T + row / p.NH + 1u); // query t sits at S - T + t

  var qs: array<vec4<f32>, HS4_MAX>;
  var acc: array<vec4<f32>, HS4_MAX>;
  for (var c = 0u; c < p.HS4; c++) { qs[c] = q[row * p.HS4 + c] * p.scale; }
  var mx = NEG; // a range with no visible key keeps NEG, which the merge weighs 0
  var sum = 0.0;
  // Keys 4 at a time, so that each vec4 of the query and of the output is read and written once
  // per 4 keys; keys past the range are clamped to its last and masked to NEG (weight 0).
  for (var key0 = kStart; key0 < kEnd; key0 += 4u) {
    let b0 = kvBase(min(key0 + 0u, kEnd - 1u), kvh); let b1 = kvBase(min(key0 + 1u, kEnd - 1u), kvh); let b2 = kvBase(min(key0 + 2u, kEnd - 1u), kvh); let b3 = kvBase(min(key0 + 3u, kEnd - 1u), kvh);
    var s = vec4<f32>(0.0);
    for (var c = 0u; c < p.HS4; c++) {
      let qc = qs[c];
      s += vec4<f32>(dot(qc, k[b0 + c]), dot(qc, k[b1 + c]), dot(qc, k[b2 + c]), dot(qc, k[b3 + c]));
    }
    s = select(vec4<f32>(NEG), s, vec4<u32>(key0) + vec4<u32>(0u, 1u, 2u, 3u) < vec4<u32>(kEnd));
    let m = max(mx, max(max(s.x, s.y), max(s.z, s.w))); // key0 is in range: m is a real score
    let fac = exp(mx - m); // 0 at the first keys
    let e = exp(s - m);
    sum = sum * fac + dot(e, vec4<f32>(1.0));
    for (var c = 0u; c < p.HS4; c++) {
      acc[c] = acc[c] * fac + e[0] * v[b0 + c] + e[1] * v[b1 + c] + e[2] * v[b2 + c] + e[3] * v[b3 + c];
    }
    mx = m;
  }

  if (p.splits > 1u) {
    for (var c = 0u; c < p.HS4; c++) { part[(row * p.splits + split) * p.HS4 + c] = acc[c]; }
    part[p.T * p.NH * p.splits * p.HS4 + row * p.splits + split] = vec4<f32>(mx, sum, 0.0, 0.0);
    return;
  }

  for (var c = 0u; c < p.HS4; c++) { y[row * p.HS4 + c] = acc[c] / sum; }
}

// ==== attention/solo/split=0/THREADS=4
struct Params {
  T: u32,
  S: u32,
  NH: u32,
  NKV: u32,
  HS4: u32,
  group: u32, // NH / NKV: query heads per KV head
  rows: u32, // query rows per workgroup
  keys: u32, // keys per K/V tile
  splits: u32, // key ranges per query row (1: write y directly)
  splitKeys: u32, // keys per range
  scale: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> q: array<vec4<f32>>; // (T, NH, HS/4)
@group(0) @binding(2) var<storage, read> k: array<vec4<f32>>; // (S.., NKV, HS/4)
@group(0) @binding(3) var<storage, read> v: array<vec4<f32>>; // (S.., NKV, HS/4)
@group(0) @binding(4) var<storage, read_write> y: array<vec4<f32>>; // (T, NH, HS/4)


const NEG: f32 = -3.4e38; // a masked score or an empty running max: exp(NEG - m) is 0 for any real m

// Offset of key 'key' of KV head 'kvh' in k or v; rows are NKV * HS floats apart, so a layer's
// slice of a cache with room for more positions works as it is.
fn kvBase(key: u32, kvh: u32) -> u32 { return (key * p.NKV + kvh) * p.HS4; }


override THREADS: u32 = 4u;
const HS4_MAX: u32 = 64u;

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let lane = (wg.x + wg.y * nwg.x) * THREADS + tid;
  if (lane >= p.T * p.NH * p.splits) { return; }
  let row = lane / p.splits; // t * NH + h
  let split = lane % p.splits;
  let kvh = (row % p.NH) / p.group;
  let kStart = split * p.splitKeys;
  let kEnd = min(kStart + p.splitKeys, p.S - p.T + row / p.NH + 1u); // query t sits at S - T + t

  var qs: array<vec4<f32>, HS4_MAX>;
  var acc: array<vec4<f32>, HS4_MAX>;
  for (var c = 0u; c < p.HS4; c++) { qs[c] = q[row * p.HS4 + c] * p.scale; }
  var mx = NEG; // a range with no visible key keeps NEG, which the merge weighs 0
  var sum = 0.0;
  // Keys 4 at a time, so that each vec4 of the query and of the output is read and written once
  // per 4 keys; keys past the range are clamped to its last and masked to NEG (weight 0).
  for (var key0 = kStart; key0 < kEnd; key0 += 4u) {
    let b0 = kvBase(min(key0 + 0u, kEnd - 1u), kvh); let b1 = kvBase(min(key0 + 1u, kEnd - 1u), kvh); let b2 = kvBase(min(key0 + 2u, kEnd - 1u), kvh); let b3 = kvBase(min(key0 + 3u, kEnd - 1u), kvh);
    var s = vec4<f32>(0.0);
    for (var c = 0u; c < p.HS4; c++) {
      let qc = qs[c];
      s += vec4<f32>(dot(qc, k[b0 + c]), dot(qc, k[b1 + c]), dot(qc, k[b2 + c]), dot(qc, k[b3 + c]));
    }
    s = select(vec4<f32>(NEG), s, vec4<u32>(key0) + vec4<u32>(0u, 1u, 2u, 3u) < vec4<u32>(kEnd));
    let m = max(mx, max(max(s.x, s.y), max(s.z, s.w))); // key0 is in range: m is a real score
    let fac = exp(mx - m); // 0 at the first keys
    let e = exp(s - m);
    sum = sum * fac + dot(e, vec4<f32>(1.0));
    for (var c = 0u; c < p.HS4; c++) {
      acc[c] = acc[c] * fac + e[0] * v[b0 + c] + e[1] * v[b1 + c] + e[2] * v[b2 + c] + e[3] * v[b3 + c];
    }
    mx = m;
  }

  for (var c = 0u; c < p.HS4; c++) { y[row * p.HS4 + c] = acc[c] / sum; }
}

// ==== attention/solo/split=1/THREADS=4
struct Params {
  T: u32,
  S: u32,
  NH: u32,
  NKV: u32,
  HS4: u32,
  group: u32, // NH / NKV: query heads per KV head
  rows: u32, // query rows per workgroup
  keys: u32, // keys per K/V tile
  splits: u32, // key ranges per query row (1: write y directly)
  splitKeys: u32, // keys per range
  scale: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> q: array<vec4<f32>>; // (T, NH, HS/4)
@group(0) @binding(2) var<storage, read> k: array<vec4<f32>>; // (S.., NKV, HS/4)
@group(0) @binding(3) var<storage, read> v: array<vec4<f32>>; // (S.., NKV, HS/4)
@group(0) @binding(4) var<storage, read_write> y: array<vec4<f32>>; // (T, NH, HS/4)
@group(0) @binding(5) var<storage, read_write> part: array<vec4<f32>>; // as the forward writes it


const NEG: f32 = -3.4e38; // a masked score or an empty running max: exp(NEG - m) is 0 for any real m

// Offset of key 'key' of KV head 'kvh' in k or v; rows are NKV * HS floats apart, so a layer's
// slice of a cache with room for more positions works as it is.
fn kvBase(key: u32, kvh: u32) -> u32 { return (key * p.NKV + kvh) * p.HS4; }


override THREADS: u32 = 4u;
const HS4_MAX: u32 = 64u;

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let lane = (wg.x + wg.y * nwg.x) * THREADS + tid;
  if (lane >= p.T * p.NH * p.splits) { return; }
  let row = lane / p.splits; // t * NH + h
  let split = lane % p.splits;
  let kvh = (row % p.NH) / p.group;
  let kStart = split * p.splitKeys;
  let kEnd = min(kStart + p.splitKeys, p.S - p.T + row / p.NH + 1u); // query t sits at S - T + t

  var qs: array<vec4<f32>, HS4_MAX>;
  var acc: array<vec4<f32>, HS4_MAX>;
  for (var c = 0u; c < p.HS4; c++) { qs[c] = q[row * p.HS4 + c] * p.scale; }
  var mx = NEG; // a range with no visible key keeps NEG, which the merge weighs 0
  var sum = 0.0;
  // Keys 4 at a time, so that each vec4 of the query and of the output is read and written once
  // per 4 keys; keys past the range are clamped to its last and masked to NEG (weight 0).
  for (var key0 = kStart; key0 < kEnd; key0 += 4u) {
    let b0 = kvBase(min(key0 + 0u, kEnd - 1u), kvh); let b1 = kvBase(min(key0 + 1u, kEnd - 1u), kvh); let b2 = kvBase(min(key0 + 2u, kEnd - 1u), kvh); let b3 = kvBase(min(key0 + 3u, kEnd - 1u), kvh);
    var s = vec4<f32>(0.0);
    for (var c = 0u; c < p.HS4; c++) {
      let qc = qs[c];
      s += vec4<f32>(dot(qc, k[b0 + c]), dot(qc, k[b1 + c]), dot(qc, k[b2 + c]), dot(qc, k[b3 + c]));
    }
    s = select(vec4<f32>(NEG), s, vec4<u32>(key0) + vec4<u32>(0u, 1u, 2u, 3u) < vec4<u32>(kEnd));
    let m = max(mx, max(max(s.x, s.y), max(s.z, s.w))); // key0 is in range: m is a real score
    let fac = exp(mx - m); // 0 at the first keys
    let e = exp(s - m);
    sum = sum * fac + dot(e, vec4<f32>(1.0));
    for (var c = 0u; c < p.HS4; c++) {
      acc[c] = acc[c] * fac + e[0] * v[b0 + c] + e[1] * v[b1 + c] + e[2] * v[b2 + c] + e[3] * v[b3 + c];
    }
    mx = m;
  }

  if (p.splits > 1u) {
    for (var c = 0u; c < p.HS4; c++) { part[(row * p.splits + split) * p.HS4 + c] = acc[c]; }
    part[p.T * p.NH * p.splits * p.HS4 + row * p.splits + split] = vec4<f32>(mx, sum, 0.0, 0.0);
    return;
  }

  for (var c = 0u; c < p.HS4; c++) { y[row * p.HS4 + c] = acc[c] / sum; }
}
