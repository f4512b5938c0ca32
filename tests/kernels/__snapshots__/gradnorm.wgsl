// ==== gradnorm/finalize/contiguous=0/THREADS=256
struct Params {
  count: u32, // partials written this step
  maxNorm: f32, // clip threshold; 0 turns clipping off
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> partials: array<f32>; // (count)
@group(0) @binding(2) var<storage, read_write> norm: array<f32>; // (1) the global gradient norm
@group(0) @binding(3) var<storage, read_write> scale: array<f32>; // (1) the clip scale AdamW multiplies gradients by


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


fn sumPartials(tid: u32, n: u32) -> f32 {
  var s = 0.0;
  for (var j = 0u; j < runLength(n); j++) {
    let i = runIndex(tid, j, n);
    if (i < n) { s += partials[i]; }
  }
  return reduceSum(tid, s);
}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32) {
  let total = sumPartials(tid, p.count);
  if (tid == 0u) {
    let n = sqrt(total);
    norm[0] = n;
    scale[0] = select(1.0, min(1.0, p.maxNorm / (n + 1e-6)), p.maxNorm > 0.0);
  }
}

// ==== gradnorm/finalize/contiguous=1/THREADS=4
struct Params {
  count: u32, // partials written this step
  maxNorm: f32, // clip threshold; 0 turns clipping off
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> partials: array<f32>; // (count)
@group(0) @binding(2) var<storage, read_write> norm: array<f32>; // (1) the global gradient norm
@group(0) @binding(3) var<storage, read_write> scale: array<f32>; // (1) the clip scale AdamW multiplies gradients by


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


fn sumPartials(tid: u32, n: u32) -> f32 {
  var s = 0.0;
  for (var j = 0u; j < runLength(n); j++) {
    let i = runIndex(tid, j, n);
    if (i < n) { s += partials[i]; }
  }
  return reduceSum(tid, s);
}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32) {
  let total = sumPartials(tid, p.count);
  if (tid == 0u) {
    let n = sqrt(total);
    norm[0] = n;
    scale[0] = select(1.0, min(1.0, p.maxNorm / (n + 1e-6)), p.maxNorm > 0.0);
  }
}

// ==== gradnorm/partial/contiguous=0/RUN=4/THREADS=256
struct Params {
  n: u32, // elements of this gradient buffer
  base: u32, // slot of this buffer's first chunk in partials
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> grad: array<f32>; // (n)
@group(0) @binding(2) var<storage, read_write> partials: array<f32>; // (all chunks of all buffers)


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


override RUN: u32 = 4u; // elements per thread: a chunk is THREADS * RUN

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let w = wg.x + wg.y * nwg.x;
  let chunk = THREADS * RUN;
  if (w >= (p.n + chunk - 1u) / chunk) { return; } // uniform per workgroup (a split grid's spare ones)
  var s = 0.0;
  for (var j = 0u; j < RUN; j++) {
    let i = w * chunk + runIndex(tid, j, chunk);
    if (i < p.n) { let g = grad[i]; s += g * g; }
  }
  let total = reduceSum(tid, s);
  if (tid == 0u) { partials[p.base + w] = total; }
}

// ==== gradnorm/partial/contiguous=1/RUN=16/THREADS=4
struct Params {
  n: u32, // elements of this gradient buffer
  base: u32, // slot of this buffer's first chunk in partials
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> grad: array<f32>; // (n)
@group(0) @binding(2) var<storage, read_write> partials: array<f32>; // (all chunks of all buffers)


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


override RUN: u32 = 4u; // elements per thread: a chunk is THREADS * RUN

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let w = wg.x + wg.y * nwg.x;
  let chunk = THREADS * RUN;
  if (w >= (p.n + chunk - 1u) / chunk) { return; } // uniform per workgroup (a split grid's spare ones)
  var s = 0.0;
  for (var j = 0u; j < RUN; j++) {
    let i = w * chunk + runIndex(tid, j, chunk);
    if (i < p.n) { let g = grad[i]; s += g * g; }
  }
  let total = reduceSum(tid, s);
  if (tid == 0u) { partials[p.base + w] = total; }
}
