// ==== norm/backward-params/accumulate=0/kind=layer/THREADS=256
struct Params {
  rows: u32,
  C: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (rows, C)
@group(0) @binding(2) var<storage, read> dy: array<f32>; // (rows, C)
@group(0) @binding(3) var<storage, read> stats: array<f32>; // (rows, 2) mean and rstd of each row
@group(0) @binding(4) var<storage, read_write> dgamma: array<f32>; // (C)
@group(0) @binding(5) var<storage, read_write> dbeta: array<f32>; // (C)

override THREADS: u32 = 64u;

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let c = (wg.x + wg.y * nwg.x) * THREADS + tid;
  if (c >= p.C) { return; }
  var sumGamma = 0.0;
  var sumBeta = 0.0;
  for (var r = 0u; r < p.rows; r++) {
    let d = dy[r * p.C + c];
    sumGamma += d * (x[r * p.C + c] - stats[2u * r]) * stats[2u * r + 1u];
    sumBeta += d;
  }

  dgamma[c] = sumGamma;


  dbeta[c] = sumBeta;

}

// ==== norm/backward-params/accumulate=0/kind=layer/THREADS=64
struct Params {
  rows: u32,
  C: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (rows, C)
@group(0) @binding(2) var<storage, read> dy: array<f32>; // (rows, C)
@group(0) @binding(3) var<storage, read> stats: array<f32>; // (rows, 2) mean and rstd of each row
@group(0) @binding(4) var<storage, read_write> dgamma: array<f32>; // (C)
@group(0) @binding(5) var<storage, read_write> dbeta: array<f32>; // (C)

override THREADS: u32 = 64u;

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let c = (wg.x + wg.y * nwg.x) * THREADS + tid;
  if (c >= p.C) { return; }
  var sumGamma = 0.0;
  var sumBeta = 0.0;
  for (var r = 0u; r < p.rows; r++) {
    let d = dy[r * p.C + c];
    sumGamma += d * (x[r * p.C + c] - stats[2u * r]) * stats[2u * r + 1u];
    sumBeta += d;
  }

  dgamma[c] = sumGamma;


  dbeta[c] = sumBeta;

}

// ==== norm/backward-params/accumulate=0/kind=rms/THREADS=256
struct Params {
  rows: u32,
  C: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (rows, C)
@group(0) @binding(2) var<storage, read> dy: array<f32>; // (rows, C)
@group(0) @binding(3) var<storage, read> stats: array<f32>; // (rows, 2) mean and rstd of each row
@group(0) @binding(4) var<storage, read_write> dgamma: array<f32>; // (C)

override THREADS: u32 = 64u;

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let c = (wg.x + wg.y * nwg.x) * THREADS + tid;
  if (c >= p.C) { return; }
  var sumGamma = 0.0;
  var sumBeta = 0.0;
  for (var r = 0u; r < p.rows; r++) {
    let d = dy[r * p.C + c];
    sumGamma += d * (x[r * p.C + c] - stats[2u * r]) * stats[2u * r + 1u];
    sumBeta += d;
  }

  dgamma[c] = sumGamma;


}

// ==== norm/backward-params/accumulate=0/kind=rms/THREADS=64
struct Params {
  rows: u32,
  C: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (rows, C)
@group(0) @binding(2) var<storage, read> dy: array<f32>; // (rows, C)
@group(0) @binding(3) var<storage, read> stats: array<f32>; // (rows, 2) mean and rstd of each row
@group(0) @binding(4) var<storage, read_write> dgamma: array<f32>; // (C)

override THREADS: u32 = 64u;

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let c = (wg.x + wg.y * nwg.x) * THREADS + tid;
  if (c >= p.C) { return; }
  var sumGamma = 0.0;
  var sumBeta = 0.0;
  for (var r = 0u; r < p.rows; r++) {
    let d = dy[r * p.C + c];
    sumGamma += d * (x[r * p.C + c] - stats[2u * r]) * stats[2u * r + 1u];
    sumBeta += d;
  }

  dgamma[c] = sumGamma;


}

// ==== norm/backward-params/accumulate=1/kind=layer/THREADS=256
struct Params {
  rows: u32,
  C: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (rows, C)
@group(0) @binding(2) var<storage, read> dy: array<f32>; // (rows, C)
@group(0) @binding(3) var<storage, read> stats: array<f32>; // (rows, 2) mean and rstd of each row
@group(0) @binding(4) var<storage, read_write> dgamma: array<f32>; // (C)
@group(0) @binding(5) var<storage, read_write> dbeta: array<f32>; // (C)

override THREADS: u32 = 64u;

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let c = (wg.x + wg.y * nwg.x) * THREADS + tid;
  if (c >= p.C) { return; }
  var sumGamma = 0.0;
  var sumBeta = 0.0;
  for (var r = 0u; r < p.rows; r++) {
    let d = dy[r * p.C + c];
    sumGamma += d * (x[r * p.C + c] - stats[2u * r]) * stats[2u * r + 1u];
    sumBeta += d;
  }

  dgamma[c] += sumGamma;


  dbeta[c] += sumBeta;

}

// ==== norm/backward-params/accumulate=1/kind=layer/THREADS=64
struct Params {
  rows: u32,
  C: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (rows, C)
@group(0) @binding(2) var<storage, read> dy: array<f32>; // (rows, C)
@group(0) @binding(3) var<storage, read> stats: array<f32>; // (rows, 2) mean and rstd of each row
@group(0) @binding(4) var<storage, read_write> dgamma: array<f32>; // (C)
@group(0) @binding(5) var<storage, read_write> dbeta: array<f32>; // (C)

override THREADS: u32 = 64u;

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let c = (wg.x + wg.y * nwg.x) * THREADS + tid;
  if (c >= p.C) { return; }
  var sumGamma = 0.0;
  var sumBeta = 0.0;
  for (var r = 0u; r < p.rows; r++) {
    let d = dy[r * p.C + c];
    sumGamma += d * (x[r * p.C + c] - stats[2u * r]) * stats[2u * r + 1u];
    sumBeta += d;
  }

  dgamma[c] += sumGamma;


  dbeta[c] += sumBeta;

}

// ==== norm/backward-params/accumulate=1/kind=rms/THREADS=256
struct Params {
  rows: u32,
  C: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (rows, C)
@group(0) @binding(2) var<storage, read> dy: array<f32>; // (rows, C)
@group(0) @binding(3) var<storage, read> stats: array<f32>; // (rows, 2) mean and rstd of each row
@group(0) @binding(4) var<storage, read_write> dgamma: array<f32>; // (C)

override THREADS: u32 = 64u;

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let c = (wg.x + wg.y * nwg.x) * THREADS + tid;
  if (c >= p.C) { return; }
  var sumGamma = 0.0;
  var sumBeta = 0.0;
  for (var r = 0u; r < p.rows; r++) {
    let d = dy[r * p.C + c];
    sumGamma += d * (x[r * p.C + c] - stats[2u * r]) * stats[2u * r + 1u];
    sumBeta += d;
  }

  dgamma[c] += sumGamma;


}

// ==== norm/backward-params/accumulate=1/kind=rms/THREADS=64
struct Params {
  rows: u32,
  C: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (rows, C)
@group(0) @binding(2) var<storage, read> dy: array<f32>; // (rows, C)
@group(0) @binding(3) var<storage, read> stats: array<f32>; // (rows, 2) mean and rstd of each row
@group(0) @binding(4) var<storage, read_write> dgamma: array<f32>; // (C)

override THREADS: u32 = 64u;

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let c = (wg.x + wg.y * nwg.x) * THREADS + tid;
  if (c >= p.C) { return; }
  var sumGamma = 0.0;
  var sumBeta = 0.0;
  for (var r = 0u; r < p.rows; r++) {
    let d = dy[r * p.C + c];
    sumGamma += d * (x[r * p.C + c] - stats[2u * r]) * stats[2u * r + 1u];
    sumBeta += d;
  }

  dgamma[c] += sumGamma;


}

// ==== norm/backward/accumulate=0/contiguous=0/kind=layer/THREADS=256
struct Params {
  rows: u32,
  C: u32,
  eps: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (rows, C)
@group(0) @binding(2) var<storage, read> gamma: array<f32>; // (C)
@group(0) @binding(3) var<storage, read> dy: array<f32>; // (rows, C)
@group(0) @binding(4) var<storage, read_write> dx: array<f32>; // (rows, C)
@group(0) @binding(5) var<storage, read_write> stats: array<f32>; // (rows, 2) mean and rstd of each row


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

fn rowStats(tid: u32, base: u32) -> vec2<f32> {
  let steps = runLength(p.C);

  // Summed about the row's first value: a row far from zero (mean 1e4, spread 1) summed as it is
  // runs its partial sums up to ~1e7, where each add rounds by ~0.5, and the mean came out 4e-3 off.
  let shift = x[base];
  var localSum = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) { localSum += x[base + c] - shift; }
  }
  let mean = shift + reduceSum(tid, localSum) / f32(p.C);

  var localSq = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) { let d = x[base + c] - mean; localSq += d * d; }
  }
  return vec2<f32>(mean, 1.0 / sqrt(reduceSum(tid, localSq) / f32(p.C) + p.eps));
}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wg.x + wg.y * nwg.x;
  if (row >= p.rows) { return; } // uniform per workgroup, so barriers below stay uniform
  let base = row * p.C;
  let meanRstd = rowStats(tid, base);
  let mean = meanRstd.x;
  let rstd = meanRstd.y;

  let steps = runLength(p.C);

  var localG = 0.0;
  var localGX = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) {
      let g = dy[base + c] * gamma[c];
      localG += g;
      localGX += g * (x[base + c] - mean) * rstd;
    }
  }

  let meanG = reduceSum(tid, localG) / f32(p.C);

  let meanGX = reduceSum(tid, localGX) / f32(p.C);

  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) {
      let xhat = (x[base + c] - mean) * rstd;
      let d = rstd * (dy[base + c] * gamma[c] - meanG - xhat * meanGX);

      dx[base + c] = d;

    }
  }
  if (tid == 0u) {
    stats[2u * row] = mean;
    stats[2u * row + 1u] = rstd;
  }
}

// ==== norm/backward/accumulate=0/contiguous=0/kind=rms/THREADS=256
struct Params {
  rows: u32,
  C: u32,
  eps: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (rows, C)
@group(0) @binding(2) var<storage, read> gamma: array<f32>; // (C)
@group(0) @binding(3) var<storage, read> dy: array<f32>; // (rows, C)
@group(0) @binding(4) var<storage, read_write> dx: array<f32>; // (rows, C)
@group(0) @binding(5) var<storage, read_write> stats: array<f32>; // (rows, 2) mean and rstd of each row


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

fn rowStats(tid: u32, base: u32) -> vec2<f32> {
  let steps = runLength(p.C);

  let mean = 0.0;

  var localSq = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) { let d = x[base + c] - mean; localSq += d * d; }
  }
  return vec2<f32>(mean, 1.0 / sqrt(reduceSum(tid, localSq) / f32(p.C) + p.eps));
}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wg.x + wg.y * nwg.x;
  if (row >= p.rows) { return; } // uniform per workgroup, so barriers below stay uniform
  let base = row * p.C;
  let meanRstd = rowStats(tid, base);
  let mean = meanRstd.x;
  let rstd = meanRstd.y;

  let steps = runLength(p.C);

  var localG = 0.0;
  var localGX = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) {
      let g = dy[base + c] * gamma[c];
      localG += g;
      localGX += g * (x[base + c] - mean) * rstd;
    }
  }

  let meanG = 0.0;

  let meanGX = reduceSum(tid, localGX) / f32(p.C);

  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) {
      let xhat = (x[base + c] - mean) * rstd;
      let d = rstd * (dy[base + c] * gamma[c] - meanG - xhat * meanGX);

      dx[base + c] = d;

    }
  }
  if (tid == 0u) {
    stats[2u * row] = mean;
    stats[2u * row + 1u] = rstd;
  }
}

// ==== norm/backward/accumulate=0/contiguous=1/kind=layer/THREADS=4
struct Params {
  rows: u32,
  C: u32,
  eps: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (rows, C)
@group(0) @binding(2) var<storage, read> gamma: array<f32>; // (C)
@group(0) @binding(3) var<storage, read> dy: array<f32>; // (rows, C)
@group(0) @binding(4) var<storage, read_write> dx: array<f32>; // (rows, C)
@group(0) @binding(5) var<storage, read_write> stats: array<f32>; // (rows, 2) mean and rstd of each row


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

fn rowStats(tid: u32, base: u32) -> vec2<f32> {
  let steps = runLength(p.C);

  // Summed about the row's first value: a row far from zero (mean 1e4, spread 1) summed as it is
  // runs its partial sums up to ~1e7, where each add rounds by ~0.5, and the mean came out 4e-3 off.
  let shift = x[base];
  var localSum = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) { localSum += x[base + c] - shift; }
  }
  let mean = shift + reduceSum(tid, localSum) / f32(p.C);

  var localSq = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) { let d = x[base + c] - mean; localSq += d * d; }
  }
  return vec2<f32>(mean, 1.0 / sqrt(reduceSum(tid, localSq) / f32(p.C) + p.eps));
}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wg.x + wg.y * nwg.x;
  if (row >= p.rows) { return; } // uniform per workgroup, so barriers below stay uniform
  let base = row * p.C;
  let meanRstd = rowStats(tid, base);
  let mean = meanRstd.x;
  let rstd = meanRstd.y;

  let steps = runLength(p.C);

  var localG = 0.0;
  var localGX = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) {
      let g = dy[base + c] * gamma[c];
      localG += g;
      localGX += g * (x[base + c] - mean) * rstd;
    }
  }

  let meanG = reduceSum(tid, localG) / f32(p.C);

  let meanGX = reduceSum(tid, localGX) / f32(p.C);

  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) {
      let xhat = (x[base + c] - mean) * rstd;
      let d = rstd * (dy[base + c] * gamma[c] - meanG - xhat * meanGX);

      dx[base + c] = d;

    }
  }
  if (tid == 0u) {
    stats[2u * row] = mean;
    stats[2u * row + 1u] = rstd;
  }
}

// ==== norm/backward/accumulate=0/contiguous=1/kind=rms/THREADS=4
struct Params {
  rows: u32,
  C: u32,
  eps: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (rows, C)
@group(0) @binding(2) var<storage, read> gamma: array<f32>; // (C)
@group(0) @binding(3) var<storage, read> dy: array<f32>; // (rows, C)
@group(0) @binding(4) var<storage, read_write> dx: array<f32>; // (rows, C)
@group(0) @binding(5) var<storage, read_write> stats: array<f32>; // (rows, 2) mean and rstd of each row


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

fn rowStats(tid: u32, base: u32) -> vec2<f32> {
  let steps = runLength(p.C);

  let mean = 0.0;

  var localSq = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) { let d = x[base + c] - mean; localSq += d * d; }
  }
  return vec2<f32>(mean, 1.0 / sqrt(reduceSum(tid, localSq) / f32(p.C) + p.eps));
}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wg.x + wg.y * nwg.x;
  if (row >= p.rows) { return; } // uniform per workgroup, so barriers below stay uniform
  let base = row * p.C;
  let meanRstd = rowStats(tid, base);
  let mean = meanRstd.x;
  let rstd = meanRstd.y;

  let steps = runLength(p.C);

  var localG = 0.0;
  var localGX = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) {
      let g = dy[base + c] * gamma[c];
      localG += g;
      localGX += g * (x[base + c] - mean) * rstd;
    }
  }

  let meanG = 0.0;

  let meanGX = reduceSum(tid, localGX) / f32(p.C);

  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) {
      let xhat = (x[base + c] - mean) * rstd;
      let d = rstd * (dy[base + c] * gamma[c] - meanG - xhat * meanGX);

      dx[base + c] = d;

    }
  }
  if (tid == 0u) {
    stats[2u * row] = mean;
    stats[2u * row + 1u] = rstd;
  }
}

// ==== norm/backward/accumulate=1/contiguous=0/kind=layer/THREADS=256
struct Params {
  rows: u32,
  C: u32,
  eps: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (rows, C)
@group(0) @binding(2) var<storage, read> gamma: array<f32>; // (C)
@group(0) @binding(3) var<storage, read> dy: array<f32>; // (rows, C)
@group(0) @binding(4) var<storage, read_write> dx: array<f32>; // (rows, C)
@group(0) @binding(5) var<storage, read_write> stats: array<f32>; // (rows, 2) mean and rstd of each row


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

fn rowStats(tid: u32, base: u32) -> vec2<f32> {
  let steps = runLength(p.C);

  // Summed about the row's first value: a row far from zero (mean 1e4, spread 1) summed as it is
  // runs its partial sums up to ~1e7, where each add rounds by ~0.5, and the mean came out 4e-3 off.
  let shift = x[base];
  var localSum = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) { localSum += x[base + c] - shift; }
  }
  let mean = shift + reduceSum(tid, localSum) / f32(p.C);

  var localSq = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) { let d = x[base + c] - mean; localSq += d * d; }
  }
  return vec2<f32>(mean, 1.0 / sqrt(reduceSum(tid, localSq) / f32(p.C) + p.eps));
}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wg.x + wg.y * nwg.x;
  if (row >= p.rows) { return; } // uniform per workgroup, so barriers below stay uniform
  let base = row * p.C;
  let meanRstd = rowStats(tid, base);
  let mean = meanRstd.x;
  let rstd = meanRstd.y;

  let steps = runLength(p.C);

  var localG = 0.0;
  var localGX = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) {
      let g = dy[base + c] * gamma[c];
      localG += g;
      localGX += g * (x[base + c] - mean) * rstd;
    }
  }

  let meanG = reduceSum(tid, localG) / f32(p.C);

  let meanGX = reduceSum(tid, localGX) / f32(p.C);

  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) {
      let xhat = (x[base + c] - mean) * rstd;
      let d = rstd * (dy[base + c] * gamma[c] - meanG - xhat * meanGX);

      dx[base + c] += d;

    }
  }
  if (tid == 0u) {
    stats[2u * row] = mean;
    stats[2u * row + 1u] = rstd;
  }
}

// ==== norm/backward/accumulate=1/contiguous=0/kind=rms/THREADS=256
struct Params {
  rows: u32,
  C: u32,
  eps: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (rows, C)
@group(0) @binding(2) var<storage, read> gamma: array<f32>; // (C)
@group(0) @binding(3) var<storage, read> dy: array<f32>; // (rows, C)
@group(0) @binding(4) var<storage, read_write> dx: array<f32>; // (rows, C)
@group(0) @binding(5) var<storage, read_write> stats: array<f32>; // (rows, 2) mean and rstd of each row


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

fn rowStats(tid: u32, base: u32) -> vec2<f32> {
  let steps = runLength(p.C);

  let mean = 0.0;

  var localSq = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) { let d = x[base + c] - mean; localSq += d * d; }
  }
  return vec2<f32>(mean, 1.0 / sqrt(reduceSum(tid, localSq) / f32(p.C) + p.eps));
}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wg.x + wg.y * nwg.x;
  if (row >= p.rows) { return; } // uniform per workgroup, so barriers below stay uniform
  let base = row * p.C;
  let meanRstd = rowStats(tid, base);
  let mean = meanRstd.x;
  let rstd = meanRstd.y;

  let steps = runLength(p.C);

  var localG = 0.0;
  var localGX = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) {
      let g = dy[base + c] * gamma[c];
      localG += g;
      localGX += g * (x[base + c] - mean) * rstd;
    }
  }

  let meanG = 0.0;

  let meanGX = reduceSum(tid, localGX) / f32(p.C);

  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) {
      let xhat = (x[base + c] - mean) * rstd;
      let d = rstd * (dy[base + c] * gamma[c] - meanG - xhat * meanGX);

      dx[base + c] += d;

    }
  }
  if (tid == 0u) {
    stats[2u * row] = mean;
    stats[2u * row + 1u] = rstd;
  }
}

// ==== norm/backward/accumulate=1/contiguous=1/kind=layer/THREADS=4
struct Params {
  rows: u32,
  C: u32,
  eps: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (rows, C)
@group(0) @binding(2) var<storage, read> gamma: array<f32>; // (C)
@group(0) @binding(3) var<storage, read> dy: array<f32>; // (rows, C)
@group(0) @binding(4) var<storage, read_write> dx: array<f32>; // (rows, C)
@group(0) @binding(5) var<storage, read_write> stats: array<f32>; // (rows, 2) mean and rstd of each row


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

fn rowStats(tid: u32, base: u32) -> vec2<f32> {
  let steps = runLength(p.C);

  // Summed about the row's first value: a row far from zero (mean 1e4, spread 1) summed as it is
  // runs its partial sums up to ~1e7, where each add rounds by ~0.5, and the mean came out 4e-3 off.
  let shift = x[base];
  var localSum = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) { localSum += x[base + c] - shift; }
  }
  let mean = shift + reduceSum(tid, localSum) / f32(p.C);

  var localSq = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) { let d = x[base + c] - mean; localSq += d * d; }
  }
  return vec2<f32>(mean, 1.0 / sqrt(reduceSum(tid, localSq) / f32(p.C) + p.eps));
}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wg.x + wg.y * nwg.x;
  if (row >= p.rows) { return; } // uniform per workgroup, so barriers below stay uniform
  let base = row * p.C;
  let meanRstd = rowStats(tid, base);
  let mean = meanRstd.x;
  let rstd = meanRstd.y;

  let steps = runLength(p.C);

  var localG = 0.0;
  var localGX = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) {
      let g = dy[base + c] * gamma[c];
      localG += g;
      localGX += g * (x[base + c] - mean) * rstd;
    }
  }

  let meanG = reduceSum(tid, localG) / f32(p.C);

  let meanGX = reduceSum(tid, localGX) / f32(p.C);

  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) {
      let xhat = (x[base + c] - mean) * rstd;
      let d = rstd * (dy[base + c] * gamma[c] - meanG - xhat * meanGX);

      dx[base + c] += d;

    }
  }
  if (tid == 0u) {
    stats[2u * row] = mean;
    stats[2u * row + 1u] = rstd;
  }
}

// ==== norm/backward/accumulate=1/contiguous=1/kind=rms/THREADS=4
struct Params {
  rows: u32,
  C: u32,
  eps: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (rows, C)
@group(0) @binding(2) var<storage, read> gamma: array<f32>; // (C)
@group(0) @binding(3) var<storage, read> dy: array<f32>; // (rows, C)
@group(0) @binding(4) var<storage, read_write> dx: array<f32>; // (rows, C)
@group(0) @binding(5) var<storage, read_write> stats: array<f32>; // (rows, 2) mean and rstd of each row


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

fn rowStats(tid: u32, base: u32) -> vec2<f32> {
  let steps = runLength(p.C);

  let mean = 0.0;

  var localSq = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) { let d = x[base + c] - mean; localSq += d * d; }
  }
  return vec2<f32>(mean, 1.0 / sqrt(reduceSum(tid, localSq) / f32(p.C) + p.eps));
}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wg.x + wg.y * nwg.x;
  if (row >= p.rows) { return; } // uniform per workgroup, so barriers below stay uniform
  let base = row * p.C;
  let meanRstd = rowStats(tid, base);
  let mean = meanRstd.x;
  let rstd = meanRstd.y;

  let steps = runLength(p.C);

  var localG = 0.0;
  var localGX = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) {
      let g = dy[base + c] * gamma[c];
      localG += g;
      localGX += g * (x[base + c] - mean) * rstd;
    }
  }

  let meanG = 0.0;

  let meanGX = reduceSum(tid, localGX) / f32(p.C);

  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) {
      let xhat = (x[base + c] - mean) * rstd;
      let d = rstd * (dy[base + c] * gamma[c] - meanG - xhat * meanGX);

      dx[base + c] += d;

    }
  }
  if (tid == 0u) {
    stats[2u * row] = mean;
    stats[2u * row + 1u] = rstd;
  }
}

// ==== norm/contiguous=0/kind=layer/THREADS=256
struct Params {
  rows: u32,
  C: u32,
  eps: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (rows, C)
@group(0) @binding(2) var<storage, read> gamma: array<f32>; // (C)
@group(0) @binding(3) var<storage, read> beta: array<f32>; // (C)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (rows, C)


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

fn rowStats(tid: u32, base: u32) -> vec2<f32> {
  let steps = runLength(p.C);

  // Summed about the row's first value: a row far from zero (mean 1e4, spread 1) summed as it is
  // runs its partial sums up to ~1e7, where each add rounds by ~0.5, and the mean came out 4e-3 off.
  let shift = x[base];
  var localSum = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) { localSum += x[base + c] - shift; }
  }
  let mean = shift + reduceSum(tid, localSum) / f32(p.C);

  var localSq = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) { let d = x[base + c] - mean; localSq += d * d; }
  }
  return vec2<f32>(mean, 1.0 / sqrt(reduceSum(tid, localSq) / f32(p.C) + p.eps));
}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wg.x + wg.y * nwg.x;
  if (row >= p.rows) { return; } // uniform per workgroup, so barriers below stay uniform
  let base = row * p.C;
  let meanRstd = rowStats(tid, base);
  let mean = meanRstd.x;
  let rstd = meanRstd.y;

  for (var j = 0u; j < runLength(p.C); j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) {

      y[base + c] = (x[base + c] - mean) * rstd * gamma[c] + beta[c];

    }
  }
}

// ==== norm/contiguous=0/kind=rms/THREADS=256
struct Params {
  rows: u32,
  C: u32,
  eps: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (rows, C)
@group(0) @binding(2) var<storage, read> gamma: array<f32>; // (C)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (rows, C)


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

fn rowStats(tid: u32, base: u32) -> vec2<f32> {
  let steps = runLength(p.C);

  let mean = 0.0;

  var localSq = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) { let d = x[base + c] - mean; localSq += d * d; }
  }
  return vec2<f32>(mean, 1.0 / sqrt(reduceSum(tid, localSq) / f32(p.C) + p.eps));
}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wg.x + wg.y * nwg.x;
  if (row >= p.rows) { return; } // uniform per workgroup, so barriers below stay uniform
  let base = row * p.C;
  let meanRstd = rowStats(tid, base);
  let mean = meanRstd.x;
  let rstd = meanRstd.y;

  for (var j = 0u; j < runLength(p.C); j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) {

      y[base + c] = x[base + c] * rstd * gamma[c];

    }
  }
}

// ==== norm/contiguous=1/kind=layer/THREADS=4
struct Params {
  rows: u32,
  C: u32,
  eps: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (rows, C)
@group(0) @binding(2) var<storage, read> gamma: array<f32>; // (C)
@group(0) @binding(3) var<storage, read> beta: array<f32>; // (C)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (rows, C)


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

fn rowStats(tid: u32, base: u32) -> vec2<f32> {
  let steps = runLength(p.C);

  // Summed about the row's first value: a row far from zero (mean 1e4, spread 1) summed as it is
  // runs its partial sums up to ~1e7, where each add rounds by ~0.5, and the mean came out 4e-3 off.
  let shift = x[base];
  var localSum = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) { localSum += x[base + c] - shift; }
  }
  let mean = shift + reduceSum(tid, localSum) / f32(p.C);

  var localSq = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) { let d = x[base + c] - mean; localSq += d * d; }
  }
  return vec2<f32>(mean, 1.0 / sqrt(reduceSum(tid, localSq) / f32(p.C) + p.eps));
}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wg.x + wg.y * nwg.x;
  if (row >= p.rows) { return; } // uniform per workgroup, so barriers below stay uniform
  let base = row * p.C;
  let meanRstd = rowStats(tid, base);
  let mean = meanRstd.x;
  let rstd = meanRstd.y;

  for (var j = 0u; j < runLength(p.C); j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) {

      y[base + c] = (x[base + c] - mean) * rstd * gamma[c] + beta[c];

    }
  }
}

// ==== norm/contiguous=1/kind=rms/THREADS=4
struct Params {
  rows: u32,
  C: u32,
  eps: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (rows, C)
@group(0) @binding(2) var<storage, read> gamma: array<f32>; // (C)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (rows, C)


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

fn rowStats(tid: u32, base: u32) -> vec2<f32> {
  let steps = runLength(p.C);

  let mean = 0.0;

  var localSq = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) { let d = x[base + c] - mean; localSq += d * d; }
  }
  return vec2<f32>(mean, 1.0 / sqrt(reduceSum(tid, localSq) / f32(p.C) + p.eps));
}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wg.x + wg.y * nwg.x;
  if (row >= p.rows) { return; } // uniform per workgroup, so barriers below stay uniform
  let base = row * p.C;
  let meanRstd = rowStats(tid, base);
  let mean = meanRstd.x;
  let rstd = meanRstd.y;

  for (var j = 0u; j < runLength(p.C); j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) {

      y[base + c] = x[base + c] * rstd * gamma[c];

    }
  }
}
