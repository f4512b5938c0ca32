// ==== crossentropy/contiguous=0/inPlace=0/THREADS=256
struct Params {
  rows: u32,
  V: u32,
  scale: f32, // dlogits multiplier: 1/rows for the mean loss
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> logits: array<f32>; // (rows, V)
@group(0) @binding(2) var<storage, read> targets: array<u32>; // (rows) < V (checked by the host)
@group(0) @binding(3) var<storage, read_write> rowLoss: array<f32>; // (rows)
@group(0) @binding(4) var<storage, read_write> dlogits: array<f32>; // (rows, V)


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


const NEG: f32 = -3.4e38; // an empty running max: exp(NEG - x) is 0 for any logit x

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wg.x + wg.y * nwg.x;
  if (row >= p.rows) { return; } // uniform per workgroup, so barriers below stay uniform
  let base = row * p.V;
  let steps = runLength(p.V);

  // This thread's max m and sum s of exp(x - m), updated online so the row is read once here.
  var m = NEG;
  var s = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.V);
    if (c < p.V) {
      let x = logits[base + c];
      if (x > m) { s = s * exp(m - x) + 1.0; m = x; } else { s += exp(x - m); }
    }
  }
  let rowMax = reduceMax(tid, m);
  let sum = reduceSum(tid, select(0.0, s * exp(m - rowMax), s > 0.0)); // >= 1: the max's own term
  let inv = 1.0 / sum;
  let lse = rowMax + log(sum);
  let want = targets[row];

  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.V);
    if (c < p.V) {
      let x = logits[base + c];
      var g = exp(x - rowMax) * inv;
      if (c == want) { rowLoss[row] = lse - x; g -= 1.0; } // one thread owns the target column

      dlogits[base + c] = g * p.scale;

    }
  }
}

// ==== crossentropy/contiguous=0/inPlace=1/THREADS=256
struct Params {
  rows: u32,
  V: u32,
  scale: f32, // dlogits multiplier: 1/rows for the mean loss
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read_write> logits: array<f32>; // (rows, V) in, dlogits out
@group(0) @binding(2) var<storage, read> targets: array<u32>; // (rows) < V (checked by the host)
@group(0) @binding(3) var<storage, read_write> rowLoss: array<f32>; // (rows)


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


const NEG: f32 = -3.4e38; // an empty running max: exp(NEG - x) is 0 for any logit x

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wg.x + wg.y * nwg.x;
  if (row >= p.rows) { return; } // uniform per workgroup, so barriers below stay uniform
  let base = row * p.V;
  let steps = runLength(p.V);

  // This thread's max m and sum s of exp(x - m), updated online so the row is read once here.
  var m = NEG;
  var s = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.V);
    if (c < p.V) {
      let x = logits[base + c];
      if (x > m) { s = s * exp(m - x) + 1.0; m = x; } else { s += exp(x - m); }
    }
  }
  let rowMax = reduceMax(tid, m);
  let sum = reduceSum(tid, select(0.0, s * exp(m - rowMax), s > 0.0)); // >= 1: the max's own term
  let inv = 1.0 / sum;
  let lse = rowMax + log(sum);
  let want = targets[row];

  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.V);
    if (c < p.V) {
      let x = logits[base + c];
      var g = exp(x - rowMax) * inv;
      if (c == want) { rowLoss[row] = lse - x; g -= 1.0; } // one thread owns the target column

      logits[base + c] = g * p.scale;

    }
  }
}

// ==== crossentropy/contiguous=1/inPlace=0/THREADS=4
struct Params {
  rows: u32,
  V: u32,
  scale: f32, // dlogits multiplier: 1/rows for the mean loss
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> logits: array<f32>; // (rows, V)
@group(0) @binding(2) var<storage, read> targets: array<u32>; // (rows) < V (checked by the host)
@group(0) @binding(3) var<storage, read_write> rowLoss: array<f32>; // (rows)
@group(0) @binding(4) var<storage, read_write> dlogits: array<f32>; // (rows, V)


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


const NEG: f32 = -3.4e38; // an empty running max: exp(NEG - x) is 0 for any logit x

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wg.x + wg.y * nwg.x;
  if (row >= p.rows) { return; } // uniform per workgroup, so barriers below stay uniform
  let base = row * p.V;
  let steps = runLength(p.V);

  // This thread's max m and sum s of exp(x - m), updated online so the row is read once here.
  var m = NEG;
  var s = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.V);
    if (c < p.V) {
      let x = logits[base + c];
      if (x > m) { s = s * exp(m - x) + 1.0; m = x; } else { s += exp(x - m); }
    }
  }
  let rowMax = reduceMax(tid, m);
  let sum = reduceSum(tid, select(0.0, s * exp(m - rowMax), s > 0.0)); // >= 1: the max's own term
  let inv = 1.0 / sum;
  let lse = rowMax + log(sum);
  let want = targets[row];

  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.V);
    if (c < p.V) {
      let x = logits[base + c];
      var g = exp(x - rowMax) * inv;
      if (c == want) { rowLoss[row] = lse - x; g -= 1.0; } // one thread owns the target column

      dlogits[base + c] = g * p.scale;

    }
  }
}

// ==== crossentropy/contiguous=1/inPlace=1/THREADS=4
struct Params {
  rows: u32,
  V: u32,
  scale: f32, // dlogits multiplier: 1/rows for the mean loss
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read_write> logits: array<f32>; // (rows, V) in, dlogits out
@group(0) @binding(2) var<storage, read> targets: array<u32>; // (rows) < V (checked by the host)
@group(0) @binding(3) var<storage, read_write> rowLoss: array<f32>; // (rows)


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


const NEG: f32 = -3.4e38; // an empty running max: exp(NEG - x) is 0 for any logit x

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wg.x + wg.y * nwg.x;
  if (row >= p.rows) { return; } // uniform per workgroup, so barriers below stay uniform
  let base = row * p.V;
  let steps = runLength(p.V);

  // This thread's max m and sum s of exp(x - m), updated online so the row is read once here.
  var m = NEG;
  var s = 0.0;
  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.V);
    if (c < p.V) {
      let x = logits[base + c];
      if (x > m) { s = s * exp(m - x) + 1.0; m = x; } else { s += exp(x - m); }
    }
  }
  let rowMax = reduceMax(tid, m);
  let sum = reduceSum(tid, select(0.0, s * exp(m - rowMax), s > 0.0)); // >= 1: the max's own term
  let inv = 1.0 / sum;
  let lse = rowMax + log(sum);
  let want = targets[row];

  for (var j = 0u; j < steps; j++) {
    let c = runIndex(tid, j, p.V);
    if (c < p.V) {
      let x = logits[base + c];
      var g = exp(x - rowMax) * inv;
      if (c == want) { rowLoss[row] = lse - x; g -= 1.0; } // one thread owns the target column

      logits[base + c] = g * p.scale;

    }
  }
}

// ==== crossentropy/mean/contiguous=0/THREADS=256
struct Params {
  rows: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> rowLoss: array<f32>; // (rows)
@group(0) @binding(2) var<storage, read_write> loss: array<f32>; // (1) the mean


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


fn sumRowLoss(tid: u32, n: u32) -> f32 {
  var s = 0.0;
  for (var j = 0u; j < runLength(n); j++) {
    let i = runIndex(tid, j, n);
    if (i < n) { s += rowLoss[i]; }
  }
  return reduceSum(tid, s);
}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32) {
  let total = sumRowLoss(tid, p.rows);
  if (tid == 0u) { loss[0] = total / f32(p.rows); }
}

// ==== crossentropy/mean/contiguous=1/THREADS=4
struct Params {
  rows: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> rowLoss: array<f32>; // (rows)
@group(0) @binding(2) var<storage, read_write> loss: array<f32>; // (1) the mean


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


fn sumRowLoss(tid: u32, n: u32) -> f32 {
  var s = 0.0;
  for (var j = 0u; j < runLength(n); j++) {
    let i = runIndex(tid, j, n);
    if (i < n) { s += rowLoss[i]; }
  }
  return reduceSum(tid, s);
}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32) {
  let total = sumRowLoss(tid, p.rows);
  if (tid == 0u) { loss[0] = total / f32(p.rows); }
}
