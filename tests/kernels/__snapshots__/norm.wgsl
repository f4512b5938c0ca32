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


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wg.x + wg.y * nwg.x;
  if (row >= p.rows) { return; } // uniform per workgroup, so barriers below stay uniform
  let base = row * p.C;
  let steps = runLength(p.C);


  var localSum = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) { localSum += x[base + c]; }
  }
  let mean = reduceSum(tid, localSum) / f32(p.C);


  var localSq = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) { let d = x[base + c] - mean; localSq += d * d; }
  }
  let rstd = 1.0 / sqrt(reduceSum(tid, localSq) / f32(p.C) + p.eps);

  for (var j = 0u; j < steps; j++) {
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


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wg.x + wg.y * nwg.x;
  if (row >= p.rows) { return; } // uniform per workgroup, so barriers below stay uniform
  let base = row * p.C;
  let steps = runLength(p.C);


  let mean = 0.0; // RMSNorm does not centre: the sum below is then the plain sum of squares


  var localSq = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) { let d = x[base + c] - mean; localSq += d * d; }
  }
  let rstd = 1.0 / sqrt(reduceSum(tid, localSq) / f32(p.C) + p.eps);

  for (var j = 0u; j < steps; j++) {
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


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wg.x + wg.y * nwg.x;
  if (row >= p.rows) { return; } // uniform per workgroup, so barriers below stay uniform
  let base = row * p.C;
  let steps = runLength(p.C);


  var localSum = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) { localSum += x[base + c]; }
  }
  let mean = reduceSum(tid, localSum) / f32(p.C);


  var localSq = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) { let d = x[base + c] - mean; localSq += d * d; }
  }
  let rstd = 1.0 / sqrt(reduceSum(tid, localSq) / f32(p.C) + p.eps);

  for (var j = 0u; j < steps; j++) {
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


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wg.x + wg.y * nwg.x;
  if (row >= p.rows) { return; } // uniform per workgroup, so barriers below stay uniform
  let base = row * p.C;
  let steps = runLength(p.C);


  let mean = 0.0; // RMSNorm does not centre: the sum below is then the plain sum of squares


  var localSq = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) { let d = x[base + c] - mean; localSq += d * d; }
  }
  let rstd = 1.0 / sqrt(reduceSum(tid, localSq) / f32(p.C) + p.eps);

  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.C);
    if (c < p.C) {

      y[base + c] = x[base + c] * rstd * gamma[c];

    }
  }
}
