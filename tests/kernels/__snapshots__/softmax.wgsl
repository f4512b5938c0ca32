// ==== softmax/causal=0/contiguous=0/THREADS=256
struct Params {
  rows: u32,
  cols: u32,
  scale: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (rows, cols)
@group(0) @binding(2) var<storage, read_write> y: array<f32>; // (rows, cols)


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


// Columns this row may see: all of them, or under the causal mask the first (row + cols - rows + 1).
fn visibleCols(row: u32) -> u32 {

  return p.cols;

}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wg.x + wg.y * nwg.x;
  if (row >= p.rows) { return; } // uniform per workgroup, so barriers below stay uniform
  let base = row * p.cols;
  let n = visibleCols(row);

  var localMax = -3.4e38;
  for (var j = 0u; j < runLength(n); j++) {
    let c = runIndex(tid, j, n);
    if (c < n) { localMax = max(localMax, x[base + c] * p.scale); }
  }
  let rowMax = reduceMax(tid, localMax);

  var localSum = 0.0;
  for (var j = 0u; j < runLength(n); j++) {
    let c = runIndex(tid, j, n);
    if (c < n) { localSum += exp(x[base + c] * p.scale - rowMax); }
  }
  let inv = 1.0 / reduceSum(tid, localSum);

  for (var j = 0u; j < runLength(p.cols); j++) {
    let c = runIndex(tid, j, p.cols);
    if (c < p.cols) { y[base + c] = select(0.0, exp(x[base + c] * p.scale - rowMax) * inv, c < n); }
  }
}

// ==== softmax/causal=0/contiguous=1/THREADS=4
struct Params {
  rows: u32,
  cols: u32,
  scale: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (rows, cols)
@group(0) @binding(2) var<storage, read_write> y: array<f32>; // (rows, cols)


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


// Columns this row may see: all of them, or under the causal mask the first (row + cols - rows + 1).
fn visibleCols(row: u32) -> u32 {

  return p.cols;

}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wg.x + wg.y * nwg.x;
  if (row >= p.rows) { return; } // uniform per workgroup, so barriers below stay uniform
  let base = row * p.cols;
  let n = visibleCols(row);

  var localMax = -3.4e38;
  for (var j = 0u; j < runLength(n); j++) {
    let c = runIndex(tid, j, n);
    if (c < n) { localMax = max(localMax, x[base + c] * p.scale); }
  }
  let rowMax = reduceMax(tid, localMax);

  var localSum = 0.0;
  for (var j = 0u; j < runLength(n); j++) {
    let c = runIndex(tid, j, n);
    if (c < n) { localSum += exp(x[base + c] * p.scale - rowMax); }
  }
  let inv = 1.0 / reduceSum(tid, localSum);

  for (var j = 0u; j < runLength(p.cols); j++) {
    let c = runIndex(tid, j, p.cols);
    if (c < p.cols) { y[base + c] = select(0.0, exp(x[base + c] * p.scale - rowMax) * inv, c < n); }
  }
}

// ==== softmax/causal=1/contiguous=0/THREADS=256
struct Params {
  rows: u32,
  cols: u32,
  scale: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (rows, cols)
@group(0) @binding(2) var<storage, read_write> y: array<f32>; // (rows, cols)


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


// Columns this row may see: all of them, or under the causal mask the first (row + cols - rows + 1).
fn visibleCols(row: u32) -> u32 {

  return min(p.cols, row + p.cols - p.rows + 1u);

}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wg.x + wg.y * nwg.x;
  if (row >= p.rows) { return; } // uniform per workgroup, so barriers below stay uniform
  let base = row * p.cols;
  let n = visibleCols(row);

  var localMax = -3.4e38;
  for (var j = 0u; j < runLength(n); j++) {
    let c = runIndex(tid, j, n);
    if (c < n) { localMax = max(localMax, x[base + c] * p.scale); }
  }
  let rowMax = reduceMax(tid, localMax);

  var localSum = 0.0;
  for (var j = 0u; j < runLength(n); j++) {
    let c = runIndex(tid, j, n);
    if (c < n) { localSum += exp(x[base + c] * p.scale - rowMax); }
  }
  let inv = 1.0 / reduceSum(tid, localSum);

  for (var j = 0u; j < runLength(p.cols); j++) {
    let c = runIndex(tid, j, p.cols);
    if (c < p.cols) { y[base + c] = select(0.0, exp(x[base + c] * p.scale - rowMax) * inv, c < n); }
  }
}

// ==== softmax/causal=1/contiguous=1/THREADS=4
struct Params {
  rows: u32,
  cols: u32,
  scale: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (rows, cols)
@group(0) @binding(2) var<storage, read_write> y: array<f32>; // (rows, cols)


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


// Columns this row may see: all of them, or under the causal mask the first (row + cols - rows + 1).
fn visibleCols(row: u32) -> u32 {

  return min(p.cols, row + p.cols - p.rows + 1u);

}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wg.x + wg.y * nwg.x;
  if (row >= p.rows) { return; } // uniform per workgroup, so barriers below stay uniform
  let base = row * p.cols;
  let n = visibleCols(row);

  var localMax = -3.4e38;
  for (var j = 0u; j < runLength(n); j++) {
    let c = runIndex(tid, j, n);
    if (c < n) { localMax = max(localMax, x[base + c] * p.scale); }
  }
  let rowMax = reduceMax(tid, localMax);

  var localSum = 0.0;
  for (var j = 0u; j < runLength(n); j++) {
    let c = runIndex(tid, j, n);
    if (c < n) { localSum += exp(x[base + c] * p.scale - rowMax); }
  }
  let inv = 1.0 / reduceSum(tid, localSum);

  for (var j = 0u; j < runLength(p.cols); j++) {
    let c = runIndex(tid, j, p.cols);
    if (c < p.cols) { y[base + c] = select(0.0, exp(x[base + c] * p.scale - rowMax) * inv, c < n); }
  }
}
