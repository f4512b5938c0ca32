// ==== adamw/contiguous=0/RUN=4/THREADS=256
struct Params {
  n: u32,
  lr: f32,
  beta1: f32,
  beta2: f32,
  gm: f32, // 1 - beta1: weight of the gradient in m
  gv: f32, // 1 - beta2: weight of the squared gradient in v
  bc1: f32, // 1 - beta1^step: bias correction of m
  bc2: f32, // 1 - beta2^step: bias correction of v
  eps: f32,
  weightDecay: f32, // decoupled; 0 by default for norms, biases and embeddings (the trainer passes it per tensor)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read_write> param: array<f32>; // (n)
@group(0) @binding(2) var<storage, read> grad: array<f32>; // (n)
@group(0) @binding(3) var<storage, read_write> m: array<f32>; // (n) first moment
@group(0) @binding(4) var<storage, read_write> v: array<f32>; // (n) second moment
@group(0) @binding(5) var<storage, read> clip: array<f32>; // (1) gradient scale: min(1, maxNorm / norm) from gradnorm


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * RUN + j) * THREADS + tid;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let scale = clip[0];
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    if (i >= p.n) { return; }
    let g = grad[i] * scale;
    let mi = p.beta1 * m[i] + p.gm * g;
    let vi = p.beta2 * v[i] + p.gv * g * g;
    m[i] = mi;
    v[i] = vi;
    let w = param[i];
    param[i] = w - p.lr * ((mi / p.bc1) / (sqrt(vi / p.bc2) + p.eps) + p.weightDecay * w);
  }
}

// ==== adamw/contiguous=1/RUN=16/THREADS=4
struct Params {
  n: u32,
  lr: f32,
  beta1: f32,
  beta2: f32,
  gm: f32, // 1 - beta1: weight of the gradient in m
  gv: f32, // 1 - beta2: weight of the squared gradient in v
  bc1: f32, // 1 - beta1^step: bias correction of m
  bc2: f32, // 1 - beta2^step: bias correction of v
  eps: f32,
  weightDecay: f32, // decoupled; 0 by default for norms, biases and embeddings (the trainer passes it per tensor)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read_write> param: array<f32>; // (n)
@group(0) @binding(2) var<storage, read> grad: array<f32>; // (n)
@group(0) @binding(3) var<storage, read_write> m: array<f32>; // (n) first moment
@group(0) @binding(4) var<storage, read_write> v: array<f32>; // (n) second moment
@group(0) @binding(5) var<storage, read> clip: array<f32>; // (1) gradient scale: min(1, maxNorm / norm) from gradnorm


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * THREADS + tid) * RUN + j;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let scale = clip[0];
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    if (i >= p.n) { return; }
    let g = grad[i] * scale;
    let mi = p.beta1 * m[i] + p.gm * g;
    let vi = p.beta2 * v[i] + p.gv * g * g;
    m[i] = mi;
    v[i] = vi;
    let w = param[i];
    param[i] = w - p.lr * ((mi / p.bc1) / (sqrt(vi / p.bc2) + p.eps) + p.weightDecay * w);
  }
}
