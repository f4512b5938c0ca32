// ==== gemv/activation=gelu/bias=0/layout=kn/residual=0/subgroups=0/vec4=0/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.N; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.N - 1u)], c + 0u < p.N), select(0.0, w[start + min(c + 1u, p.N - 1u)], c + 1u < p.N), select(0.0, w[start + min(c + 2u, p.N - 1u)], c + 2u < p.N), select(0.0, w[start + min(c + 3u, p.N - 1u)], c + 3u < p.N));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=kn/residual=0/subgroups=0/vec4=0/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.N; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.N - 1u)], c + 0u < p.N), select(0.0, w[start + min(c + 1u, p.N - 1u)], c + 1u < p.N), select(0.0, w[start + min(c + 2u, p.N - 1u)], c + 2u < p.N), select(0.0, w[start + min(c + 3u, p.N - 1u)], c + 3u < p.N));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=kn/residual=0/subgroups=0/vec4=1/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.N / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.N / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=kn/residual=0/subgroups=0/vec4=1/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.N / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.N / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=kn/residual=1/subgroups=0/vec4=0/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.N; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.N - 1u)], c + 0u < p.N), select(0.0, w[start + min(c + 1u, p.N - 1u)], c + 1u < p.N), select(0.0, w[start + min(c + 2u, p.N - 1u)], c + 2u < p.N), select(0.0, w[start + min(c + 3u, p.N - 1u)], c + 3u < p.N));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=kn/residual=1/subgroups=0/vec4=0/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.N; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.N - 1u)], c + 0u < p.N), select(0.0, w[start + min(c + 1u, p.N - 1u)], c + 1u < p.N), select(0.0, w[start + min(c + 2u, p.N - 1u)], c + 2u < p.N), select(0.0, w[start + min(c + 3u, p.N - 1u)], c + 3u < p.N));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=kn/residual=1/subgroups=0/vec4=1/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.N / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.N / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=kn/residual=1/subgroups=0/vec4=1/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.N / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.N / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=nk/residual=0/subgroups=0/vec4=0/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=nk/residual=0/subgroups=0/vec4=0/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=nk/residual=0/subgroups=0/vec4=1/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=nk/residual=0/subgroups=0/vec4=1/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=nk/residual=0/subgroups=1/vec4=0/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=nk/residual=0/subgroups=1/vec4=0/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=nk/residual=0/subgroups=1/vec4=1/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=nk/residual=0/subgroups=1/vec4=1/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=nk/residual=1/subgroups=0/vec4=0/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=nk/residual=1/subgroups=0/vec4=0/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=nk/residual=1/subgroups=0/vec4=1/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=nk/residual=1/subgroups=0/vec4=1/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=nk/residual=1/subgroups=1/vec4=0/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=nk/residual=1/subgroups=1/vec4=0/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=nk/residual=1/subgroups=1/vec4=1/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=nk/residual=1/subgroups=1/vec4=1/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=kn/residual=0/subgroups=0/vec4=0/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.N; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.N - 1u)], c + 0u < p.N), select(0.0, w[start + min(c + 1u, p.N - 1u)], c + 1u < p.N), select(0.0, w[start + min(c + 2u, p.N - 1u)], c + 2u < p.N), select(0.0, w[start + min(c + 3u, p.N - 1u)], c + 3u < p.N));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=kn/residual=0/subgroups=0/vec4=0/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.N; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.N - 1u)], c + 0u < p.N), select(0.0, w[start + min(c + 1u, p.N - 1u)], c + 1u < p.N), select(0.0, w[start + min(c + 2u, p.N - 1u)], c + 2u < p.N), select(0.0, w[start + min(c + 3u, p.N - 1u)], c + 3u < p.N));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=kn/residual=0/subgroups=0/vec4=1/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.N / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.N / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=kn/residual=0/subgroups=0/vec4=1/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.N / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.N / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=kn/residual=1/subgroups=0/vec4=0/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.N; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.N - 1u)], c + 0u < p.N), select(0.0, w[start + min(c + 1u, p.N - 1u)], c + 1u < p.N), select(0.0, w[start + min(c + 2u, p.N - 1u)], c + 2u < p.N), select(0.0, w[start + min(c + 3u, p.N - 1u)], c + 3u < p.N));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=kn/residual=1/subgroups=0/vec4=0/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.N; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.N - 1u)], c + 0u < p.N), select(0.0, w[start + min(c + 1u, p.N - 1u)], c + 1u < p.N), select(0.0, w[start + min(c + 2u, p.N - 1u)], c + 2u < p.N), select(0.0, w[start + min(c + 3u, p.N - 1u)], c + 3u < p.N));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=kn/residual=1/subgroups=0/vec4=1/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.N / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.N / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=kn/residual=1/subgroups=0/vec4=1/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.N / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.N / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=nk/residual=0/subgroups=0/vec4=0/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=nk/residual=0/subgroups=0/vec4=0/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=nk/residual=0/subgroups=0/vec4=1/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=nk/residual=0/subgroups=0/vec4=1/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=nk/residual=0/subgroups=1/vec4=0/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=nk/residual=0/subgroups=1/vec4=0/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=nk/residual=0/subgroups=1/vec4=1/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=nk/residual=0/subgroups=1/vec4=1/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=nk/residual=1/subgroups=0/vec4=0/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=nk/residual=1/subgroups=0/vec4=0/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=nk/residual=1/subgroups=0/vec4=1/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=nk/residual=1/subgroups=0/vec4=1/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=nk/residual=1/subgroups=1/vec4=0/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=nk/residual=1/subgroups=1/vec4=0/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=nk/residual=1/subgroups=1/vec4=1/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=nk/residual=1/subgroups=1/vec4=1/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return gelu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=kn/residual=0/subgroups=0/vec4=0/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.N; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.N - 1u)], c + 0u < p.N), select(0.0, w[start + min(c + 1u, p.N - 1u)], c + 1u < p.N), select(0.0, w[start + min(c + 2u, p.N - 1u)], c + 2u < p.N), select(0.0, w[start + min(c + 3u, p.N - 1u)], c + 3u < p.N));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=kn/residual=0/subgroups=0/vec4=0/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.N; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.N - 1u)], c + 0u < p.N), select(0.0, w[start + min(c + 1u, p.N - 1u)], c + 1u < p.N), select(0.0, w[start + min(c + 2u, p.N - 1u)], c + 2u < p.N), select(0.0, w[start + min(c + 3u, p.N - 1u)], c + 3u < p.N));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=kn/residual=0/subgroups=0/vec4=1/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.N / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.N / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=kn/residual=0/subgroups=0/vec4=1/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.N / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.N / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=kn/residual=1/subgroups=0/vec4=0/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.N; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.N - 1u)], c + 0u < p.N), select(0.0, w[start + min(c + 1u, p.N - 1u)], c + 1u < p.N), select(0.0, w[start + min(c + 2u, p.N - 1u)], c + 2u < p.N), select(0.0, w[start + min(c + 3u, p.N - 1u)], c + 3u < p.N));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=kn/residual=1/subgroups=0/vec4=0/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.N; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.N - 1u)], c + 0u < p.N), select(0.0, w[start + min(c + 1u, p.N - 1u)], c + 1u < p.N), select(0.0, w[start + min(c + 2u, p.N - 1u)], c + 2u < p.N), select(0.0, w[start + min(c + 3u, p.N - 1u)], c + 3u < p.N));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=kn/residual=1/subgroups=0/vec4=1/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.N / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.N / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=kn/residual=1/subgroups=0/vec4=1/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.N / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.N / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=0/vec4=0/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=0/vec4=0/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=0/vec4=1/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=0/vec4=1/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=1/vec4=0/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=1/vec4=0/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=1/vec4=1/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=1/vec4=1/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=1/subgroups=0/vec4=0/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=1/subgroups=0/vec4=0/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=1/subgroups=0/vec4=1/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=1/subgroups=0/vec4=1/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=1/subgroups=1/vec4=0/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=1/subgroups=1/vec4=0/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=1/subgroups=1/vec4=1/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=1/subgroups=1/vec4=1/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=kn/residual=0/subgroups=0/vec4=0/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.N; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.N - 1u)], c + 0u < p.N), select(0.0, w[start + min(c + 1u, p.N - 1u)], c + 1u < p.N), select(0.0, w[start + min(c + 2u, p.N - 1u)], c + 2u < p.N), select(0.0, w[start + min(c + 3u, p.N - 1u)], c + 3u < p.N));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=kn/residual=0/subgroups=0/vec4=0/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.N; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.N - 1u)], c + 0u < p.N), select(0.0, w[start + min(c + 1u, p.N - 1u)], c + 1u < p.N), select(0.0, w[start + min(c + 2u, p.N - 1u)], c + 2u < p.N), select(0.0, w[start + min(c + 3u, p.N - 1u)], c + 3u < p.N));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=kn/residual=0/subgroups=0/vec4=1/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.N / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.N / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=kn/residual=0/subgroups=0/vec4=1/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.N / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.N / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=kn/residual=1/subgroups=0/vec4=0/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.N; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.N - 1u)], c + 0u < p.N), select(0.0, w[start + min(c + 1u, p.N - 1u)], c + 1u < p.N), select(0.0, w[start + min(c + 2u, p.N - 1u)], c + 2u < p.N), select(0.0, w[start + min(c + 3u, p.N - 1u)], c + 3u < p.N));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=kn/residual=1/subgroups=0/vec4=0/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.N; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.N - 1u)], c + 0u < p.N), select(0.0, w[start + min(c + 1u, p.N - 1u)], c + 1u < p.N), select(0.0, w[start + min(c + 2u, p.N - 1u)], c + 2u < p.N), select(0.0, w[start + min(c + 3u, p.N - 1u)], c + 3u < p.N));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=kn/residual=1/subgroups=0/vec4=1/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.N / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.N / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=kn/residual=1/subgroups=0/vec4=1/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.N / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.N / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=nk/residual=0/subgroups=0/vec4=0/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=nk/residual=0/subgroups=0/vec4=0/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=nk/residual=0/subgroups=0/vec4=1/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=nk/residual=0/subgroups=0/vec4=1/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=nk/residual=0/subgroups=1/vec4=0/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=nk/residual=0/subgroups=1/vec4=0/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=nk/residual=0/subgroups=1/vec4=1/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=nk/residual=0/subgroups=1/vec4=1/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=nk/residual=1/subgroups=0/vec4=0/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=nk/residual=1/subgroups=0/vec4=0/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=nk/residual=1/subgroups=0/vec4=1/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=nk/residual=1/subgroups=0/vec4=1/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=nk/residual=1/subgroups=1/vec4=0/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=nk/residual=1/subgroups=1/vec4=0/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=nk/residual=1/subgroups=1/vec4=1/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=nk/residual=1/subgroups=1/vec4=1/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return v;

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=kn/residual=0/subgroups=0/vec4=0/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.N; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.N - 1u)], c + 0u < p.N), select(0.0, w[start + min(c + 1u, p.N - 1u)], c + 1u < p.N), select(0.0, w[start + min(c + 2u, p.N - 1u)], c + 2u < p.N), select(0.0, w[start + min(c + 3u, p.N - 1u)], c + 3u < p.N));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=kn/residual=0/subgroups=0/vec4=0/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.N; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.N - 1u)], c + 0u < p.N), select(0.0, w[start + min(c + 1u, p.N - 1u)], c + 1u < p.N), select(0.0, w[start + min(c + 2u, p.N - 1u)], c + 2u < p.N), select(0.0, w[start + min(c + 3u, p.N - 1u)], c + 3u < p.N));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=kn/residual=0/subgroups=0/vec4=1/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.N / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.N / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=kn/residual=0/subgroups=0/vec4=1/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.N / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.N / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=kn/residual=1/subgroups=0/vec4=0/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.N; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.N - 1u)], c + 0u < p.N), select(0.0, w[start + min(c + 1u, p.N - 1u)], c + 1u < p.N), select(0.0, w[start + min(c + 2u, p.N - 1u)], c + 2u < p.N), select(0.0, w[start + min(c + 3u, p.N - 1u)], c + 3u < p.N));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=kn/residual=1/subgroups=0/vec4=0/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.N; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.N - 1u)], c + 0u < p.N), select(0.0, w[start + min(c + 1u, p.N - 1u)], c + 1u < p.N), select(0.0, w[start + min(c + 2u, p.N - 1u)], c + 2u < p.N), select(0.0, w[start + min(c + 3u, p.N - 1u)], c + 3u < p.N));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=kn/residual=1/subgroups=0/vec4=1/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.N / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.N / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=kn/residual=1/subgroups=0/vec4=1/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.N / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.N / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=nk/residual=0/subgroups=0/vec4=0/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=nk/residual=0/subgroups=0/vec4=0/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=nk/residual=0/subgroups=0/vec4=1/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=nk/residual=0/subgroups=0/vec4=1/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=nk/residual=0/subgroups=1/vec4=0/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=nk/residual=0/subgroups=1/vec4=0/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=nk/residual=0/subgroups=1/vec4=1/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=nk/residual=0/subgroups=1/vec4=1/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=nk/residual=1/subgroups=0/vec4=0/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=nk/residual=1/subgroups=0/vec4=0/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=nk/residual=1/subgroups=0/vec4=1/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=nk/residual=1/subgroups=0/vec4=1/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=nk/residual=1/subgroups=1/vec4=0/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=nk/residual=1/subgroups=1/vec4=0/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=nk/residual=1/subgroups=1/vec4=1/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=nk/residual=1/subgroups=1/vec4=1/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=kn/residual=0/subgroups=0/vec4=0/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.N; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.N - 1u)], c + 0u < p.N), select(0.0, w[start + min(c + 1u, p.N - 1u)], c + 1u < p.N), select(0.0, w[start + min(c + 2u, p.N - 1u)], c + 2u < p.N), select(0.0, w[start + min(c + 3u, p.N - 1u)], c + 3u < p.N));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=kn/residual=0/subgroups=0/vec4=0/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.N; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.N - 1u)], c + 0u < p.N), select(0.0, w[start + min(c + 1u, p.N - 1u)], c + 1u < p.N), select(0.0, w[start + min(c + 2u, p.N - 1u)], c + 2u < p.N), select(0.0, w[start + min(c + 3u, p.N - 1u)], c + 3u < p.N));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=kn/residual=0/subgroups=0/vec4=1/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.N / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.N / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=kn/residual=0/subgroups=0/vec4=1/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.N / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.N / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=kn/residual=1/subgroups=0/vec4=0/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.N; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.N - 1u)], c + 0u < p.N), select(0.0, w[start + min(c + 1u, p.N - 1u)], c + 1u < p.N), select(0.0, w[start + min(c + 2u, p.N - 1u)], c + 2u < p.N), select(0.0, w[start + min(c + 3u, p.N - 1u)], c + 3u < p.N));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=kn/residual=1/subgroups=0/vec4=0/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.N; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.N - 1u)], c + 0u < p.N), select(0.0, w[start + min(c + 1u, p.N - 1u)], c + 1u < p.N), select(0.0, w[start + min(c + 2u, p.N - 1u)], c + 2u < p.N), select(0.0, w[start + min(c + 3u, p.N - 1u)], c + 3u < p.N));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=kn/residual=1/subgroups=0/vec4=1/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.N / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.N / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=kn/residual=1/subgroups=0/vec4=1/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.N / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.N / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=nk/residual=0/subgroups=0/vec4=0/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=nk/residual=0/subgroups=0/vec4=0/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=nk/residual=0/subgroups=0/vec4=1/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=nk/residual=0/subgroups=0/vec4=1/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=nk/residual=0/subgroups=1/vec4=0/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=nk/residual=0/subgroups=1/vec4=0/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=nk/residual=0/subgroups=1/vec4=1/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=nk/residual=0/subgroups=1/vec4=1/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=nk/residual=1/subgroups=0/vec4=0/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=nk/residual=1/subgroups=0/vec4=0/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=nk/residual=1/subgroups=0/vec4=1/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=nk/residual=1/subgroups=0/vec4=1/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


var<workgroup> scratch: array<vec4<f32>, THREADS>;

// The sum of v over the SPLIT lanes sharing this lane's outputs (stride OL), in the lane with s = 0.
fn reduce(tid: u32, v: vec4<f32>) -> vec4<f32> {
  if (SPLIT == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (tid / OL < h) { scratch[tid] += scratch[tid + h * OL]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=nk/residual=1/subgroups=1/vec4=0/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=nk/residual=1/subgroups=1/vec4=0/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, w[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, w[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, w[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, w[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn wAt(row: u32, c4: u32) -> vec4<f32> { return wLoad(wStart(row), c4); }


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=nk/residual=1/subgroups=1/vec4=1/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=nk/residual=1/subgroups=1/vec4=1/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N)
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> { return w[start + c4]; }
fn wAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), wLoad(wStart(row), min(c4, n4 - 1u)), c4 < n4);
}


// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }


fn activate(v: f32) -> f32 {

  return silu(v);

}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];

      s += bias[n];

      s = activate(s);

      s += residual[row * p.N + n];

      y[row * p.N + n] = s;
    }
  }
}


override THREADS: u32 = 256u;
override OL: u32 = 1u;
override SPLIT: u32 = THREADS / OL;


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the workgroup, in every lane.
fn reduce(tid: u32, lane: u32, v: vec4<f32>) -> vec4<f32> {
  let s = subgroupAdd(v);
  if (lane == 0u) { partials[atomicAdd(&filled, 1u)] = s; }
  workgroupBarrier();
  var total = vec4<f32>(0.0);
  for (var i = 0u; i < atomicLoad(&filled); i++) { total += partials[i]; }
  return total;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Rows of x vary fastest, so the workgroups of one W block run back to back (cache reuse).
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.T * p.groups) { return; } // uniform per workgroup
  let t = g % p.T;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);
  let s = tid / OL;
  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The SPLIT lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).
  for (var k = s; k < k4s; k += SPLIT) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }
  let total = reduce(tid, lane, acc);
  if (s == 0u) { finish4(t, n0, 1u, total); }
}
