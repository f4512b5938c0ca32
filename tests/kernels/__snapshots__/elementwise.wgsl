// ==== elementwise/backward/contiguous=0/op=gelu/RUN=4/THREADS=256
struct Params {
  n: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (n) the forward input of gelu or silu
@group(0) @binding(2) var<storage, read> dy: array<f32>; // (n) gradient of the forward output
@group(0) @binding(3) var<storage, read_write> dx: array<f32>; // (n)


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * RUN + j) * THREADS + tid;
}



// d/dv of v * s, s = sigmoid(2u), u = sqrt(2/pi) * (v + 0.044715 v^3): s + v * s * (1 - s) * 2 du/dv.
fn geluGrad(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v);
  let s = 1.0 / (1.0 + exp(-2.0 * u));
  let w = s / (1.0 + exp(2.0 * u)); // s * (1 - s)
  // w is exactly 0 once |u| > ~45 (|v| > ~10): the select keeps 0 * inf (v^2 overflowing) out.
  return s + select(0.0, w * v * 1.5957691216057308 * (1.0 + 0.134145 * v * v), w > 0.0);
}

// d/dv of v * s, s = sigmoid(v): s + v * s * (1 - s).
fn siluGrad(v: f32) -> f32 {
  let s = 1.0 / (1.0 + exp(-v));
  return s * (1.0 + v / (1.0 + exp(v)));
}


fn apply(i: u32) {

  dx[i] = dy[i] * geluGrad(x[i]);

}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    if (i < p.n) { apply(i); }
  }
}

// ==== elementwise/backward/contiguous=0/op=silu/RUN=4/THREADS=256
struct Params {
  n: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (n) the forward input of gelu or silu
@group(0) @binding(2) var<storage, read> dy: array<f32>; // (n) gradient of the forward output
@group(0) @binding(3) var<storage, read_write> dx: array<f32>; // (n)


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * RUN + j) * THREADS + tid;
}



// d/dv of v * s, s = sigmoid(2u), u = sqrt(2/pi) * (v + 0.044715 v^3): s + v * s * (1 - s) * 2 du/dv.
fn geluGrad(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v);
  let s = 1.0 / (1.0 + exp(-2.0 * u));
  let w = s / (1.0 + exp(2.0 * u)); // s * (1 - s)
  // w is exactly 0 once |u| > ~45 (|v| > ~10): the select keeps 0 * inf (v^2 overflowing) out.
  return s + select(0.0, w * v * 1.5957691216057308 * (1.0 + 0.134145 * v * v), w > 0.0);
}

// d/dv of v * s, s = sigmoid(v): s + v * s * (1 - s).
fn siluGrad(v: f32) -> f32 {
  let s = 1.0 / (1.0 + exp(-v));
  return s * (1.0 + v / (1.0 + exp(v)));
}


fn apply(i: u32) {

  dx[i] = dy[i] * siluGrad(x[i]);

}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    if (i < p.n) { apply(i); }
  }
}

// ==== elementwise/backward/contiguous=0/op=swiglu/RUN=4/THREADS=256
struct Params {
  n: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> gate: array<f32>; // (n) the forward gate of swiglu
@group(0) @binding(2) var<storage, read> up: array<f32>; // (n) the forward up of swiglu
@group(0) @binding(3) var<storage, read> dy: array<f32>; // (n) gradient of the forward output
@group(0) @binding(4) var<storage, read_write> dgate: array<f32>; // (n)
@group(0) @binding(5) var<storage, read_write> dup: array<f32>; // (n)


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * RUN + j) * THREADS + tid;
}



// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }



// d/dv of v * s, s = sigmoid(2u), u = sqrt(2/pi) * (v + 0.044715 v^3): s + v * s * (1 - s) * 2 du/dv.
fn geluGrad(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v);
  let s = 1.0 / (1.0 + exp(-2.0 * u));
  let w = s / (1.0 + exp(2.0 * u)); // s * (1 - s)
  // w is exactly 0 once |u| > ~45 (|v| > ~10): the select keeps 0 * inf (v^2 overflowing) out.
  return s + select(0.0, w * v * 1.5957691216057308 * (1.0 + 0.134145 * v * v), w > 0.0);
}

// d/dv of v * s, s = sigmoid(v): s + v * s * (1 - s).
fn siluGrad(v: f32) -> f32 {
  let s = 1.0 / (1.0 + exp(-v));
  return s * (1.0 + v / (1.0 + exp(v)));
}


fn apply(i: u32) {

  let g = gate[i];
  dgate[i] = dy[i] * up[i] * siluGrad(g);
  dup[i] = dy[i] * silu(g);

}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    if (i < p.n) { apply(i); }
  }
}

// ==== elementwise/backward/contiguous=1/op=gelu/RUN=16/THREADS=4
struct Params {
  n: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (n) the forward input of gelu or silu
@group(0) @binding(2) var<storage, read> dy: array<f32>; // (n) gradient of the forward output
@group(0) @binding(3) var<storage, read_write> dx: array<f32>; // (n)


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * THREADS + tid) * RUN + j;
}



// d/dv of v * s, s = sigmoid(2u), u = sqrt(2/pi) * (v + 0.044715 v^3): s + v * s * (1 - s) * 2 du/dv.
fn geluGrad(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v);
  let s = 1.0 / (1.0 + exp(-2.0 * u));
  let w = s / (1.0 + exp(2.0 * u)); // s * (1 - s)
  // w is exactly 0 once |u| > ~45 (|v| > ~10): the select keeps 0 * inf (v^2 overflowing) out.
  return s + select(0.0, w * v * 1.5957691216057308 * (1.0 + 0.134145 * v * v), w > 0.0);
}

// d/dv of v * s, s = sigmoid(v): s + v * s * (1 - s).
fn siluGrad(v: f32) -> f32 {
  let s = 1.0 / (1.0 + exp(-v));
  return s * (1.0 + v / (1.0 + exp(v)));
}


fn apply(i: u32) {

  dx[i] = dy[i] * geluGrad(x[i]);

}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    if (i < p.n) { apply(i); }
  }
}

// ==== elementwise/backward/contiguous=1/op=silu/RUN=16/THREADS=4
struct Params {
  n: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (n) the forward input of gelu or silu
@group(0) @binding(2) var<storage, read> dy: array<f32>; // (n) gradient of the forward output
@group(0) @binding(3) var<storage, read_write> dx: array<f32>; // (n)


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * THREADS + tid) * RUN + j;
}



// d/dv of v * s, s = sigmoid(2u), u = sqrt(2/pi) * (v + 0.044715 v^3): s + v * s * (1 - s) * 2 du/dv.
fn geluGrad(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v);
  let s = 1.0 / (1.0 + exp(-2.0 * u));
  let w = s / (1.0 + exp(2.0 * u)); // s * (1 - s)
  // w is exactly 0 once |u| > ~45 (|v| > ~10): the select keeps 0 * inf (v^2 overflowing) out.
  return s + select(0.0, w * v * 1.5957691216057308 * (1.0 + 0.134145 * v * v), w > 0.0);
}

// d/dv of v * s, s = sigmoid(v): s + v * s * (1 - s).
fn siluGrad(v: f32) -> f32 {
  let s = 1.0 / (1.0 + exp(-v));
  return s * (1.0 + v / (1.0 + exp(v)));
}


fn apply(i: u32) {

  dx[i] = dy[i] * siluGrad(x[i]);

}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    if (i < p.n) { apply(i); }
  }
}

// ==== elementwise/backward/contiguous=1/op=swiglu/RUN=16/THREADS=4
struct Params {
  n: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> gate: array<f32>; // (n) the forward gate of swiglu
@group(0) @binding(2) var<storage, read> up: array<f32>; // (n) the forward up of swiglu
@group(0) @binding(3) var<storage, read> dy: array<f32>; // (n) gradient of the forward output
@group(0) @binding(4) var<storage, read_write> dgate: array<f32>; // (n)
@group(0) @binding(5) var<storage, read_write> dup: array<f32>; // (n)


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * THREADS + tid) * RUN + j;
}



// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }



// d/dv of v * s, s = sigmoid(2u), u = sqrt(2/pi) * (v + 0.044715 v^3): s + v * s * (1 - s) * 2 du/dv.
fn geluGrad(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v);
  let s = 1.0 / (1.0 + exp(-2.0 * u));
  let w = s / (1.0 + exp(2.0 * u)); // s * (1 - s)
  // w is exactly 0 once |u| > ~45 (|v| > ~10): the select keeps 0 * inf (v^2 overflowing) out.
  return s + select(0.0, w * v * 1.5957691216057308 * (1.0 + 0.134145 * v * v), w > 0.0);
}

// d/dv of v * s, s = sigmoid(v): s + v * s * (1 - s).
fn siluGrad(v: f32) -> f32 {
  let s = 1.0 / (1.0 + exp(-v));
  return s * (1.0 + v / (1.0 + exp(v)));
}


fn apply(i: u32) {

  let g = gate[i];
  dgate[i] = dy[i] * up[i] * siluGrad(g);
  dup[i] = dy[i] * silu(g);

}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    if (i < p.n) { apply(i); }
  }
}

// ==== elementwise/contiguous=0/op=add/RUN=4/THREADS=256
struct Params {
  n: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>; // (n) x, or the gate of swiglu
@group(0) @binding(2) var<storage, read> b: array<f32>; // (n) up of swiglu, or the addend
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (n)


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * RUN + j) * THREADS + tid;
}



// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn apply(i: u32) -> f32 {

  return a[i] + b[i];

}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    if (i < p.n) { y[i] = apply(i); }
  }
}

// ==== elementwise/contiguous=0/op=gelu/RUN=4/THREADS=256
struct Params {
  n: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>; // (n) x, or the gate of swiglu
@group(0) @binding(2) var<storage, read_write> y: array<f32>; // (n)


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * RUN + j) * THREADS + tid;
}



// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn apply(i: u32) -> f32 {

  return gelu(a[i]);

}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    if (i < p.n) { y[i] = apply(i); }
  }
}

// ==== elementwise/contiguous=0/op=silu/RUN=4/THREADS=256
struct Params {
  n: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>; // (n) x, or the gate of swiglu
@group(0) @binding(2) var<storage, read_write> y: array<f32>; // (n)


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * RUN + j) * THREADS + tid;
}



// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn apply(i: u32) -> f32 {

  return silu(a[i]);

}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    if (i < p.n) { y[i] = apply(i); }
  }
}

// ==== elementwise/contiguous=0/op=swiglu/RUN=4/THREADS=256
struct Params {
  n: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>; // (n) x, or the gate of swiglu
@group(0) @binding(2) var<storage, read> b: array<f32>; // (n) up of swiglu, or the addend
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (n)


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * RUN + j) * THREADS + tid;
}



// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn apply(i: u32) -> f32 {

  return silu(a[i]) * b[i];

}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    if (i < p.n) { y[i] = apply(i); }
  }
}

// ==== elementwise/contiguous=1/op=add/RUN=16/THREADS=4
struct Params {
  n: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>; // (n) x, or the gate of swiglu
@group(0) @binding(2) var<storage, read> b: array<f32>; // (n) up of swiglu, or the addend
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (n)


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * THREADS + tid) * RUN + j;
}



// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn apply(i: u32) -> f32 {

  return a[i] + b[i];

}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    if (i < p.n) { y[i] = apply(i); }
  }
}

// ==== elementwise/contiguous=1/op=gelu/RUN=16/THREADS=4
struct Params {
  n: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>; // (n) x, or the gate of swiglu
@group(0) @binding(2) var<storage, read_write> y: array<f32>; // (n)


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * THREADS + tid) * RUN + j;
}



// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn apply(i: u32) -> f32 {

  return gelu(a[i]);

}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    if (i < p.n) { y[i] = apply(i); }
  }
}

// ==== elementwise/contiguous=1/op=silu/RUN=16/THREADS=4
struct Params {
  n: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>; // (n) x, or the gate of swiglu
@group(0) @binding(2) var<storage, read_write> y: array<f32>; // (n)


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * THREADS + tid) * RUN + j;
}



// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn apply(i: u32) -> f32 {

  return silu(a[i]);

}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    if (i < p.n) { y[i] = apply(i); }
  }
}

// ==== elementwise/contiguous=1/op=swiglu/RUN=16/THREADS=4
struct Params {
  n: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>; // (n) x, or the gate of swiglu
@group(0) @binding(2) var<storage, read> b: array<f32>; // (n) up of swiglu, or the addend
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (n)


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * THREADS + tid) * RUN + j;
}



// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn apply(i: u32) -> f32 {

  return silu(a[i]) * b[i];

}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    if (i < p.n) { y[i] = apply(i); }
  }
}
