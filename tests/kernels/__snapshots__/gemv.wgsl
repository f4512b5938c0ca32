// ==== gemv/activation=gelu/bias=0/layout=kn/residual=0/subgroups=0/vec4=0/weights=f32/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=kn/residual=0/subgroups=0/vec4=0/weights=f32/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=kn/residual=0/subgroups=0/vec4=1/weights=f32/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=kn/residual=0/subgroups=0/vec4=1/weights=f32/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=kn/residual=1/subgroups=0/vec4=0/weights=f32/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=kn/residual=1/subgroups=0/vec4=0/weights=f32/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=kn/residual=1/subgroups=0/vec4=1/weights=f32/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=kn/residual=1/subgroups=0/vec4=1/weights=f32/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=nk/residual=0/subgroups=0/vec4=0/weights=f32/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=nk/residual=0/subgroups=0/vec4=0/weights=f32/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=nk/residual=0/subgroups=0/vec4=1/weights=f32/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=nk/residual=0/subgroups=0/vec4=1/weights=f32/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=nk/residual=0/subgroups=1/vec4=0/weights=f32/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=nk/residual=0/subgroups=1/vec4=0/weights=f32/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=nk/residual=0/subgroups=1/vec4=1/weights=f32/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=nk/residual=0/subgroups=1/vec4=1/weights=f32/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=nk/residual=1/subgroups=0/vec4=0/weights=f32/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=nk/residual=1/subgroups=0/vec4=0/weights=f32/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=nk/residual=1/subgroups=0/vec4=1/weights=f32/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=nk/residual=1/subgroups=0/vec4=1/weights=f32/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=nk/residual=1/subgroups=1/vec4=0/weights=f32/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=nk/residual=1/subgroups=1/vec4=0/weights=f32/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=nk/residual=1/subgroups=1/vec4=1/weights=f32/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=0/layout=nk/residual=1/subgroups=1/vec4=1/weights=f32/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=kn/residual=0/subgroups=0/vec4=0/weights=f32/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=kn/residual=0/subgroups=0/vec4=0/weights=f32/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=kn/residual=0/subgroups=0/vec4=1/weights=f32/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=kn/residual=0/subgroups=0/vec4=1/weights=f32/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=kn/residual=1/subgroups=0/vec4=0/weights=f32/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=kn/residual=1/subgroups=0/vec4=0/weights=f32/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=kn/residual=1/subgroups=0/vec4=1/weights=f32/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=kn/residual=1/subgroups=0/vec4=1/weights=f32/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=nk/residual=0/subgroups=0/vec4=0/weights=f32/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=nk/residual=0/subgroups=0/vec4=0/weights=f32/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=nk/residual=0/subgroups=0/vec4=1/weights=f32/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=nk/residual=0/subgroups=0/vec4=1/weights=f32/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=nk/residual=0/subgroups=1/vec4=0/weights=f32/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=nk/residual=0/subgroups=1/vec4=0/weights=f32/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=nk/residual=0/subgroups=1/vec4=1/weights=f32/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=nk/residual=0/subgroups=1/vec4=1/weights=f32/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=nk/residual=1/subgroups=0/vec4=0/weights=f32/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=nk/residual=1/subgroups=0/vec4=0/weights=f32/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=nk/residual=1/subgroups=0/vec4=1/weights=f32/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=nk/residual=1/subgroups=0/vec4=1/weights=f32/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=nk/residual=1/subgroups=1/vec4=0/weights=f32/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=nk/residual=1/subgroups=1/vec4=0/weights=f32/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=nk/residual=1/subgroups=1/vec4=1/weights=f32/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=gelu/bias=1/layout=nk/residual=1/subgroups=1/vec4=1/weights=f32/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=kn/residual=0/subgroups=0/vec4=0/weights=bf16/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wPair(v: u32) -> vec2<f32> { return vec2<f32>(bitcast<f32>(v << 16u), bitcast<f32>(v & 0xffff0000u)); }
fn wValue(e: u32) -> f32 { return wPair(w[e >> 1u])[e & 1u]; }
fn wStart(row: u32) -> u32 { return row * p.N; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, wValue(start + min(c + 0u, p.N - 1u)), c + 0u < p.N), select(0.0, wValue(start + min(c + 1u, p.N - 1u)), c + 1u < p.N), select(0.0, wValue(start + min(c + 2u, p.N - 1u)), c + 2u < p.N), select(0.0, wValue(start + min(c + 3u, p.N - 1u)), c + 3u < p.N));
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=kn/residual=0/subgroups=0/vec4=0/weights=bf16/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wPair(v: u32) -> vec2<f32> { return vec2<f32>(bitcast<f32>(v << 16u), bitcast<f32>(v & 0xffff0000u)); }
fn wValue(e: u32) -> f32 { return wPair(w[e >> 1u])[e & 1u]; }
fn wStart(row: u32) -> u32 { return row * p.N; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, wValue(start + min(c + 0u, p.N - 1u)), c + 0u < p.N), select(0.0, wValue(start + min(c + 1u, p.N - 1u)), c + 1u < p.N), select(0.0, wValue(start + min(c + 2u, p.N - 1u)), c + 2u < p.N), select(0.0, wValue(start + min(c + 3u, p.N - 1u)), c + 3u < p.N));
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=kn/residual=0/subgroups=0/vec4=0/weights=f16/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wPair(v: u32) -> vec2<f32> { return unpack2x16float(v); }
fn wValue(e: u32) -> f32 { return wPair(w[e >> 1u])[e & 1u]; }
fn wStart(row: u32) -> u32 { return row * p.N; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, wValue(start + min(c + 0u, p.N - 1u)), c + 0u < p.N), select(0.0, wValue(start + min(c + 1u, p.N - 1u)), c + 1u < p.N), select(0.0, wValue(start + min(c + 2u, p.N - 1u)), c + 2u < p.N), select(0.0, wValue(start + min(c + 3u, p.N - 1u)), c + 3u < p.N));
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=kn/residual=0/subgroups=0/vec4=0/weights=f16/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wPair(v: u32) -> vec2<f32> { return unpack2x16float(v); }
fn wValue(e: u32) -> f32 { return wPair(w[e >> 1u])[e & 1u]; }
fn wStart(row: u32) -> u32 { return row * p.N; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, wValue(start + min(c + 0u, p.N - 1u)), c + 0u < p.N), select(0.0, wValue(start + min(c + 1u, p.N - 1u)), c + 1u < p.N), select(0.0, wValue(start + min(c + 2u, p.N - 1u)), c + 2u < p.N), select(0.0, wValue(start + min(c + 3u, p.N - 1u)), c + 3u < p.N));
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=kn/residual=0/subgroups=0/vec4=0/weights=f32/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=kn/residual=0/subgroups=0/vec4=0/weights=f32/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=kn/residual=0/subgroups=0/vec4=1/weights=bf16/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec2<u32>>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wPair(v: u32) -> vec2<f32> { return vec2<f32>(bitcast<f32>(v << 16u), bitcast<f32>(v & 0xffff0000u)); }
fn wStart(row: u32) -> u32 { return row * (p.N / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let q = w[start + c4];
  return vec4<f32>(wPair(q.x), wPair(q.y));
}
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=kn/residual=0/subgroups=0/vec4=1/weights=bf16/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec2<u32>>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wPair(v: u32) -> vec2<f32> { return vec2<f32>(bitcast<f32>(v << 16u), bitcast<f32>(v & 0xffff0000u)); }
fn wStart(row: u32) -> u32 { return row * (p.N / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let q = w[start + c4];
  return vec4<f32>(wPair(q.x), wPair(q.y));
}
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=kn/residual=0/subgroups=0/vec4=1/weights=f16/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec2<u32>>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wPair(v: u32) -> vec2<f32> { return unpack2x16float(v); }
fn wStart(row: u32) -> u32 { return row * (p.N / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let q = w[start + c4];
  return vec4<f32>(wPair(q.x), wPair(q.y));
}
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=kn/residual=0/subgroups=0/vec4=1/weights=f16/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec2<u32>>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wPair(v: u32) -> vec2<f32> { return unpack2x16float(v); }
fn wStart(row: u32) -> u32 { return row * (p.N / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let q = w[start + c4];
  return vec4<f32>(wPair(q.x), wPair(q.y));
}
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=kn/residual=0/subgroups=0/vec4=1/weights=f32/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=kn/residual=0/subgroups=0/vec4=1/weights=f32/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=kn/residual=1/subgroups=0/vec4=0/weights=f32/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=kn/residual=1/subgroups=0/vec4=0/weights=f32/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=kn/residual=1/subgroups=0/vec4=1/weights=f32/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=kn/residual=1/subgroups=0/vec4=1/weights=f32/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=0/vec4=0/weights=bf16/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wPair(v: u32) -> vec2<f32> { return vec2<f32>(bitcast<f32>(v << 16u), bitcast<f32>(v & 0xffff0000u)); }
fn wValue(e: u32) -> f32 { return wPair(w[e >> 1u])[e & 1u]; }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, wValue(start + min(c + 0u, p.K - 1u)), c + 0u < p.K), select(0.0, wValue(start + min(c + 1u, p.K - 1u)), c + 1u < p.K), select(0.0, wValue(start + min(c + 2u, p.K - 1u)), c + 2u < p.K), select(0.0, wValue(start + min(c + 3u, p.K - 1u)), c + 3u < p.K));
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=0/vec4=0/weights=bf16/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wPair(v: u32) -> vec2<f32> { return vec2<f32>(bitcast<f32>(v << 16u), bitcast<f32>(v & 0xffff0000u)); }
fn wValue(e: u32) -> f32 { return wPair(w[e >> 1u])[e & 1u]; }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, wValue(start + min(c + 0u, p.K - 1u)), c + 0u < p.K), select(0.0, wValue(start + min(c + 1u, p.K - 1u)), c + 1u < p.K), select(0.0, wValue(start + min(c + 2u, p.K - 1u)), c + 2u < p.K), select(0.0, wValue(start + min(c + 3u, p.K - 1u)), c + 3u < p.K));
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=0/vec4=0/weights=f16/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wPair(v: u32) -> vec2<f32> { return unpack2x16float(v); }
fn wValue(e: u32) -> f32 { return wPair(w[e >> 1u])[e & 1u]; }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, wValue(start + min(c + 0u, p.K - 1u)), c + 0u < p.K), select(0.0, wValue(start + min(c + 1u, p.K - 1u)), c + 1u < p.K), select(0.0, wValue(start + min(c + 2u, p.K - 1u)), c + 2u < p.K), select(0.0, wValue(start + min(c + 3u, p.K - 1u)), c + 3u < p.K));
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=0/vec4=0/weights=f16/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wPair(v: u32) -> vec2<f32> { return unpack2x16float(v); }
fn wValue(e: u32) -> f32 { return wPair(w[e >> 1u])[e & 1u]; }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, wValue(start + min(c + 0u, p.K - 1u)), c + 0u < p.K), select(0.0, wValue(start + min(c + 1u, p.K - 1u)), c + 1u < p.K), select(0.0, wValue(start + min(c + 2u, p.K - 1u)), c + 2u < p.K), select(0.0, wValue(start + min(c + 3u, p.K - 1u)), c + 3u < p.K));
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=0/vec4=0/weights=f32/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=0/vec4=0/weights=f32/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=0/vec4=1/weights=bf16/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec2<u32>>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wPair(v: u32) -> vec2<f32> { return vec2<f32>(bitcast<f32>(v << 16u), bitcast<f32>(v & 0xffff0000u)); }
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let q = w[start + c4];
  return vec4<f32>(wPair(q.x), wPair(q.y));
}
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=0/vec4=1/weights=bf16/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec2<u32>>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wPair(v: u32) -> vec2<f32> { return vec2<f32>(bitcast<f32>(v << 16u), bitcast<f32>(v & 0xffff0000u)); }
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let q = w[start + c4];
  return vec4<f32>(wPair(q.x), wPair(q.y));
}
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=0/vec4=1/weights=f16/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec2<u32>>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wPair(v: u32) -> vec2<f32> { return unpack2x16float(v); }
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let q = w[start + c4];
  return vec4<f32>(wPair(q.x), wPair(q.y));
}
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=0/vec4=1/weights=f16/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec2<u32>>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wPair(v: u32) -> vec2<f32> { return unpack2x16float(v); }
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let q = w[start + c4];
  return vec4<f32>(wPair(q.x), wPair(q.y));
}
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=0/vec4=1/weights=f32/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=0/vec4=1/weights=f32/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=0/vec4=1/weights=q4_0/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 32u) * 5u; }
fn wScale(start: u32, b: u32) -> f32 { return unpack2x16float(w[start + b * 5u]).x; }
fn wQuads(start: u32, b: u32, i: u32) -> mat2x4<f32> {
  let q = vec4<u32>(w[start + b * 5u + 1u + i]) >> vec4<u32>(0u, 8u, 16u, 24u);
  return mat2x4<f32>(vec4<f32>(q & vec4<u32>(15u)) - 8.0, vec4<f32>((q >> vec4<u32>(4u)) & vec4<u32>(15u)) - 8.0);
}
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let b = c4 / 8u;
  let i = c4 % 8u;
  return wScale(start, b) * wQuads(start, b, i & 3u)[i >> 2u];
}
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  // Block weights: the lanes take turns by whole blocks; each block's sum is scaled once, by its
  // 4 rows' d, which are loaded once per block instead of once per vec4.
  for (var b = s; b < p.K / 32u; b += lanes) {
    var part = vec4<f32>(0.0);
    {
      let q0 = wQuads(w0, b, 0u); let q1 = wQuads(w1, b, 0u); let q2 = wQuads(w2, b, 0u); let q3 = wQuads(w3, b, 0u);
      part += xLoad(xt, 8u * b + 0u) * mat4x4<f32>(q0[0], q1[0], q2[0], q3[0]) + xLoad(xt, 8u * b + 4u) * mat4x4<f32>(q0[1], q1[1], q2[1], q3[1]);
    }
    {
      let q0 = wQuads(w0, b, 1u); let q1 = wQuads(w1, b, 1u); let q2 = wQuads(w2, b, 1u); let q3 = wQuads(w3, b, 1u);
      part += xLoad(xt, 8u * b + 1u) * mat4x4<f32>(q0[0], q1[0], q2[0], q3[0]) + xLoad(xt, 8u * b + 5u) * mat4x4<f32>(q0[1], q1[1], q2[1], q3[1]);
    }
    {
      let q0 = wQuads(w0, b, 2u); let q1 = wQuads(w1, b, 2u); let q2 = wQuads(w2, b, 2u); let q3 = wQuads(w3, b, 2u);
      part += xLoad(xt, 8u * b + 2u) * mat4x4<f32>(q0[0], q1[0], q2[0], q3[0]) + xLoad(xt, 8u * b + 6u) * mat4x4<f32>(q0[1], q1[1], q2[1], q3[1]);
    }
    {
      let q0 = wQuads(w0, b, 3u); let q1 = wQuads(w1, b, 3u); let q2 = wQuads(w2, b, 3u); let q3 = wQuads(w3, b, 3u);
      part += xLoad(xt, 8u * b + 3u) * mat4x4<f32>(q0[0], q1[0], q2[0], q3[0]) + xLoad(xt, 8u * b + 7u) * mat4x4<f32>(q0[1], q1[1], q2[1], q3[1]);
    }
    acc += part * vec4<f32>(wScale(w0, b), wScale(w1, b), wScale(w2, b), wScale(w3, b));
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=0/vec4=1/weights=q4_0/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 32u) * 5u; }
fn wScale(start: u32, b: u32) -> f32 { return unpack2x16float(w[start + b * 5u]).x; }
fn wQuads(start: u32, b: u32, i: u32) -> mat2x4<f32> {
  let q = vec4<u32>(w[start + b * 5u + 1u + i]) >> vec4<u32>(0u, 8u, 16u, 24u);
  return mat2x4<f32>(vec4<f32>(q & vec4<u32>(15u)) - 8.0, vec4<f32>((q >> vec4<u32>(4u)) & vec4<u32>(15u)) - 8.0);
}
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let b = c4 / 8u;
  let i = c4 % 8u;
  return wScale(start, b) * wQuads(start, b, i & 3u)[i >> 2u];
}
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  // Block weights: the lanes take turns by whole blocks; each block's sum is scaled once, by its
  // 4 rows' d, which are loaded once per block instead of once per vec4.
  for (var b = s; b < p.K / 32u; b += lanes) {
    var part = vec4<f32>(0.0);
    {
      let q0 = wQuads(w0, b, 0u); let q1 = wQuads(w1, b, 0u); let q2 = wQuads(w2, b, 0u); let q3 = wQuads(w3, b, 0u);
      part += xLoad(xt, 8u * b + 0u) * mat4x4<f32>(q0[0], q1[0], q2[0], q3[0]) + xLoad(xt, 8u * b + 4u) * mat4x4<f32>(q0[1], q1[1], q2[1], q3[1]);
    }
    {
      let q0 = wQuads(w0, b, 1u); let q1 = wQuads(w1, b, 1u); let q2 = wQuads(w2, b, 1u); let q3 = wQuads(w3, b, 1u);
      part += xLoad(xt, 8u * b + 1u) * mat4x4<f32>(q0[0], q1[0], q2[0], q3[0]) + xLoad(xt, 8u * b + 5u) * mat4x4<f32>(q0[1], q1[1], q2[1], q3[1]);
    }
    {
      let q0 = wQuads(w0, b, 2u); let q1 = wQuads(w1, b, 2u); let q2 = wQuads(w2, b, 2u); let q3 = wQuads(w3, b, 2u);
      part += xLoad(xt, 8u * b + 2u) * mat4x4<f32>(q0[0], q1[0], q2[0], q3[0]) + xLoad(xt, 8u * b + 6u) * mat4x4<f32>(q0[1], q1[1], q2[1], q3[1]);
    }
    {
      let q0 = wQuads(w0, b, 3u); let q1 = wQuads(w1, b, 3u); let q2 = wQuads(w2, b, 3u); let q3 = wQuads(w3, b, 3u);
      part += xLoad(xt, 8u * b + 3u) * mat4x4<f32>(q0[0], q1[0], q2[0], q3[0]) + xLoad(xt, 8u * b + 7u) * mat4x4<f32>(q0[1], q1[1], q2[1], q3[1]);
    }
    acc += part * vec4<f32>(wScale(w0, b), wScale(w1, b), wScale(w2, b), wScale(w3, b));
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=0/vec4=1/weights=q8_0/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 32u) * 9u; }
fn wScale(start: u32, b: u32) -> f32 { return unpack2x16float(w[start + b * 9u]).x; }
fn wQuad(start: u32, b: u32, i: u32) -> vec4<f32> {
  let q = w[start + b * 9u + 1u + i];
  return vec4<f32>((vec4<i32>(bitcast<i32>(q)) << vec4<u32>(24u, 16u, 8u, 0u)) >> vec4<u32>(24u));
}
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let b = c4 / 8u;
  let i = c4 % 8u;
  return wScale(start, b) * wQuad(start, b, i);
}
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  // Block weights: the lanes take turns by whole blocks; each block's sum is scaled once, by its
  // 4 rows' d, which are loaded once per block instead of once per vec4.
  for (var b = s; b < p.K / 32u; b += lanes) {
    var part = vec4<f32>(0.0);
    part += xLoad(xt, 8u * b + 0u) * mat4x4<f32>(wQuad(w0, b, 0u), wQuad(w1, b, 0u), wQuad(w2, b, 0u), wQuad(w3, b, 0u));
    part += xLoad(xt, 8u * b + 1u) * mat4x4<f32>(wQuad(w0, b, 1u), wQuad(w1, b, 1u), wQuad(w2, b, 1u), wQuad(w3, b, 1u));
    part += xLoad(xt, 8u * b + 2u) * mat4x4<f32>(wQuad(w0, b, 2u), wQuad(w1, b, 2u), wQuad(w2, b, 2u), wQuad(w3, b, 2u));
    part += xLoad(xt, 8u * b + 3u) * mat4x4<f32>(wQuad(w0, b, 3u), wQuad(w1, b, 3u), wQuad(w2, b, 3u), wQuad(w3, b, 3u));
    part += xLoad(xt, 8u * b + 4u) * mat4x4<f32>(wQuad(w0, b, 4u), wQuad(w1, b, 4u), wQuad(w2, b, 4u), wQuad(w3, b, 4u));
    part += xLoad(xt, 8u * b + 5u) * mat4x4<f32>(wQuad(w0, b, 5u), wQuad(w1, b, 5u), wQuad(w2, b, 5u), wQuad(w3, b, 5u));
    part += xLoad(xt, 8u * b + 6u) * mat4x4<f32>(wQuad(w0, b, 6u), wQuad(w1, b, 6u), wQuad(w2, b, 6u), wQuad(w3, b, 6u));
    part += xLoad(xt, 8u * b + 7u) * mat4x4<f32>(wQuad(w0, b, 7u), wQuad(w1, b, 7u), wQuad(w2, b, 7u), wQuad(w3, b, 7u));
    acc += part * vec4<f32>(wScale(w0, b), wScale(w1, b), wScale(w2, b), wScale(w3, b));
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=0/vec4=1/weights=q8_0/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 32u) * 9u; }
fn wScale(start: u32, b: u32) -> f32 { return unpack2x16float(w[start + b * 9u]).x; }
fn wQuad(start: u32, b: u32, i: u32) -> vec4<f32> {
  let q = w[start + b * 9u + 1u + i];
  return vec4<f32>((vec4<i32>(bitcast<i32>(q)) << vec4<u32>(24u, 16u, 8u, 0u)) >> vec4<u32>(24u));
}
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let b = c4 / 8u;
  let i = c4 % 8u;
  return wScale(start, b) * wQuad(start, b, i);
}
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  // Block weights: the lanes take turns by whole blocks; each block's sum is scaled once, by its
  // 4 rows' d, which are loaded once per block instead of once per vec4.
  for (var b = s; b < p.K / 32u; b += lanes) {
    var part = vec4<f32>(0.0);
    part += xLoad(xt, 8u * b + 0u) * mat4x4<f32>(wQuad(w0, b, 0u), wQuad(w1, b, 0u), wQuad(w2, b, 0u), wQuad(w3, b, 0u));
    part += xLoad(xt, 8u * b + 1u) * mat4x4<f32>(wQuad(w0, b, 1u), wQuad(w1, b, 1u), wQuad(w2, b, 1u), wQuad(w3, b, 1u));
    part += xLoad(xt, 8u * b + 2u) * mat4x4<f32>(wQuad(w0, b, 2u), wQuad(w1, b, 2u), wQuad(w2, b, 2u), wQuad(w3, b, 2u));
    part += xLoad(xt, 8u * b + 3u) * mat4x4<f32>(wQuad(w0, b, 3u), wQuad(w1, b, 3u), wQuad(w2, b, 3u), wQuad(w3, b, 3u));
    part += xLoad(xt, 8u * b + 4u) * mat4x4<f32>(wQuad(w0, b, 4u), wQuad(w1, b, 4u), wQuad(w2, b, 4u), wQuad(w3, b, 4u));
    part += xLoad(xt, 8u * b + 5u) * mat4x4<f32>(wQuad(w0, b, 5u), wQuad(w1, b, 5u), wQuad(w2, b, 5u), wQuad(w3, b, 5u));
    part += xLoad(xt, 8u * b + 6u) * mat4x4<f32>(wQuad(w0, b, 6u), wQuad(w1, b, 6u), wQuad(w2, b, 6u), wQuad(w3, b, 6u));
    part += xLoad(xt, 8u * b + 7u) * mat4x4<f32>(wQuad(w0, b, 7u), wQuad(w1, b, 7u), wQuad(w2, b, 7u), wQuad(w3, b, 7u));
    acc += part * vec4<f32>(wScale(w0, b), wScale(w1, b), wScale(w2, b), wScale(w3, b));
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=1/vec4=0/weights=bf16/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wPair(v: u32) -> vec2<f32> { return vec2<f32>(bitcast<f32>(v << 16u), bitcast<f32>(v & 0xffff0000u)); }
fn wValue(e: u32) -> f32 { return wPair(w[e >> 1u])[e & 1u]; }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, wValue(start + min(c + 0u, p.K - 1u)), c + 0u < p.K), select(0.0, wValue(start + min(c + 1u, p.K - 1u)), c + 1u < p.K), select(0.0, wValue(start + min(c + 2u, p.K - 1u)), c + 2u < p.K), select(0.0, wValue(start + min(c + 3u, p.K - 1u)), c + 3u < p.K));
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=1/vec4=0/weights=bf16/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wPair(v: u32) -> vec2<f32> { return vec2<f32>(bitcast<f32>(v << 16u), bitcast<f32>(v & 0xffff0000u)); }
fn wValue(e: u32) -> f32 { return wPair(w[e >> 1u])[e & 1u]; }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, wValue(start + min(c + 0u, p.K - 1u)), c + 0u < p.K), select(0.0, wValue(start + min(c + 1u, p.K - 1u)), c + 1u < p.K), select(0.0, wValue(start + min(c + 2u, p.K - 1u)), c + 2u < p.K), select(0.0, wValue(start + min(c + 3u, p.K - 1u)), c + 3u < p.K));
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=1/vec4=0/weights=f16/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wPair(v: u32) -> vec2<f32> { return unpack2x16float(v); }
fn wValue(e: u32) -> f32 { return wPair(w[e >> 1u])[e & 1u]; }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, wValue(start + min(c + 0u, p.K - 1u)), c + 0u < p.K), select(0.0, wValue(start + min(c + 1u, p.K - 1u)), c + 1u < p.K), select(0.0, wValue(start + min(c + 2u, p.K - 1u)), c + 2u < p.K), select(0.0, wValue(start + min(c + 3u, p.K - 1u)), c + 3u < p.K));
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=1/vec4=0/weights=f16/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wPair(v: u32) -> vec2<f32> { return unpack2x16float(v); }
fn wValue(e: u32) -> f32 { return wPair(w[e >> 1u])[e & 1u]; }
fn wStart(row: u32) -> u32 { return row * p.K; }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, wValue(start + min(c + 0u, p.K - 1u)), c + 0u < p.K), select(0.0, wValue(start + min(c + 1u, p.K - 1u)), c + 1u < p.K), select(0.0, wValue(start + min(c + 2u, p.K - 1u)), c + 2u < p.K), select(0.0, wValue(start + min(c + 3u, p.K - 1u)), c + 3u < p.K));
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=1/vec4=0/weights=f32/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=1/vec4=0/weights=f32/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=1/vec4=1/weights=bf16/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec2<u32>>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wPair(v: u32) -> vec2<f32> { return vec2<f32>(bitcast<f32>(v << 16u), bitcast<f32>(v & 0xffff0000u)); }
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let q = w[start + c4];
  return vec4<f32>(wPair(q.x), wPair(q.y));
}
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=1/vec4=1/weights=bf16/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec2<u32>>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wPair(v: u32) -> vec2<f32> { return vec2<f32>(bitcast<f32>(v << 16u), bitcast<f32>(v & 0xffff0000u)); }
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let q = w[start + c4];
  return vec4<f32>(wPair(q.x), wPair(q.y));
}
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=1/vec4=1/weights=f16/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec2<u32>>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wPair(v: u32) -> vec2<f32> { return unpack2x16float(v); }
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let q = w[start + c4];
  return vec4<f32>(wPair(q.x), wPair(q.y));
}
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=1/vec4=1/weights=f16/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec2<u32>>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wPair(v: u32) -> vec2<f32> { return unpack2x16float(v); }
fn wStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let q = w[start + c4];
  return vec4<f32>(wPair(q.x), wPair(q.y));
}
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=1/vec4=1/weights=f32/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=1/vec4=1/weights=f32/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=1/vec4=1/weights=q4_0/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 32u) * 5u; }
fn wScale(start: u32, b: u32) -> f32 { return unpack2x16float(w[start + b * 5u]).x; }
fn wQuads(start: u32, b: u32, i: u32) -> mat2x4<f32> {
  let q = vec4<u32>(w[start + b * 5u + 1u + i]) >> vec4<u32>(0u, 8u, 16u, 24u);
  return mat2x4<f32>(vec4<f32>(q & vec4<u32>(15u)) - 8.0, vec4<f32>((q >> vec4<u32>(4u)) & vec4<u32>(15u)) - 8.0);
}
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let b = c4 / 8u;
  let i = c4 % 8u;
  return wScale(start, b) * wQuads(start, b, i & 3u)[i >> 2u];
}
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  // Block weights: the lanes take turns by whole blocks; each block's sum is scaled once, by its
  // 4 rows' d, which are loaded once per block instead of once per vec4.
  for (var b = s; b < p.K / 32u; b += lanes) {
    var part = vec4<f32>(0.0);
    {
      let q0 = wQuads(w0, b, 0u); let q1 = wQuads(w1, b, 0u); let q2 = wQuads(w2, b, 0u); let q3 = wQuads(w3, b, 0u);
      part += xLoad(xt, 8u * b + 0u) * mat4x4<f32>(q0[0], q1[0], q2[0], q3[0]) + xLoad(xt, 8u * b + 4u) * mat4x4<f32>(q0[1], q1[1], q2[1], q3[1]);
    }
    {
      let q0 = wQuads(w0, b, 1u); let q1 = wQuads(w1, b, 1u); let q2 = wQuads(w2, b, 1u); let q3 = wQuads(w3, b, 1u);
      part += xLoad(xt, 8u * b + 1u) * mat4x4<f32>(q0[0], q1[0], q2[0], q3[0]) + xLoad(xt, 8u * b + 5u) * mat4x4<f32>(q0[1], q1[1], q2[1], q3[1]);
    }
    {
      let q0 = wQuads(w0, b, 2u); let q1 = wQuads(w1, b, 2u); let q2 = wQuads(w2, b, 2u); let q3 = wQuads(w3, b, 2u);
      part += xLoad(xt, 8u * b + 2u) * mat4x4<f32>(q0[0], q1[0], q2[0], q3[0]) + xLoad(xt, 8u * b + 6u) * mat4x4<f32>(q0[1], q1[1], q2[1], q3[1]);
    }
    {
      let q0 = wQuads(w0, b, 3u); let q1 = wQuads(w1, b, 3u); let q2 = wQuads(w2, b, 3u); let q3 = wQuads(w3, b, 3u);
      part += xLoad(xt, 8u * b + 3u) * mat4x4<f32>(q0[0], q1[0], q2[0], q3[0]) + xLoad(xt, 8u * b + 7u) * mat4x4<f32>(q0[1], q1[1], q2[1], q3[1]);
    }
    acc += part * vec4<f32>(wScale(w0, b), wScale(w1, b), wScale(w2, b), wScale(w3, b));
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=1/vec4=1/weights=q4_0/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 32u) * 5u; }
fn wScale(start: u32, b: u32) -> f32 { return unpack2x16float(w[start + b * 5u]).x; }
fn wQuads(start: u32, b: u32, i: u32) -> mat2x4<f32> {
  let q = vec4<u32>(w[start + b * 5u + 1u + i]) >> vec4<u32>(0u, 8u, 16u, 24u);
  return mat2x4<f32>(vec4<f32>(q & vec4<u32>(15u)) - 8.0, vec4<f32>((q >> vec4<u32>(4u)) & vec4<u32>(15u)) - 8.0);
}
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let b = c4 / 8u;
  let i = c4 % 8u;
  return wScale(start, b) * wQuads(start, b, i & 3u)[i >> 2u];
}
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  // Block weights: the lanes take turns by whole blocks; each block's sum is scaled once, by its
  // 4 rows' d, which are loaded once per block instead of once per vec4.
  for (var b = s; b < p.K / 32u; b += lanes) {
    var part = vec4<f32>(0.0);
    {
      let q0 = wQuads(w0, b, 0u); let q1 = wQuads(w1, b, 0u); let q2 = wQuads(w2, b, 0u); let q3 = wQuads(w3, b, 0u);
      part += xLoad(xt, 8u * b + 0u) * mat4x4<f32>(q0[0], q1[0], q2[0], q3[0]) + xLoad(xt, 8u * b + 4u) * mat4x4<f32>(q0[1], q1[1], q2[1], q3[1]);
    }
    {
      let q0 = wQuads(w0, b, 1u); let q1 = wQuads(w1, b, 1u); let q2 = wQuads(w2, b, 1u); let q3 = wQuads(w3, b, 1u);
      part += xLoad(xt, 8u * b + 1u) * mat4x4<f32>(q0[0], q1[0], q2[0], q3[0]) + xLoad(xt, 8u * b + 5u) * mat4x4<f32>(q0[1], q1[1], q2[1], q3[1]);
    }
    {
      let q0 = wQuads(w0, b, 2u); let q1 = wQuads(w1, b, 2u); let q2 = wQuads(w2, b, 2u); let q3 = wQuads(w3, b, 2u);
      part += xLoad(xt, 8u * b + 2u) * mat4x4<f32>(q0[0], q1[0], q2[0], q3[0]) + xLoad(xt, 8u * b + 6u) * mat4x4<f32>(q0[1], q1[1], q2[1], q3[1]);
    }
    {
      let q0 = wQuads(w0, b, 3u); let q1 = wQuads(w1, b, 3u); let q2 = wQuads(w2, b, 3u); let q3 = wQuads(w3, b, 3u);
      part += xLoad(xt, 8u * b + 3u) * mat4x4<f32>(q0[0], q1[0], q2[0], q3[0]) + xLoad(xt, 8u * b + 7u) * mat4x4<f32>(q0[1], q1[1], q2[1], q3[1]);
    }
    acc += part * vec4<f32>(wScale(w0, b), wScale(w1, b), wScale(w2, b), wScale(w3, b));
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=1/vec4=1/weights=q8_0/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 32u) * 9u; }
fn wScale(start: u32, b: u32) -> f32 { return unpack2x16float(w[start + b * 9u]).x; }
fn wQuad(start: u32, b: u32, i: u32) -> vec4<f32> {
  let q = w[start + b * 9u + 1u + i];
  return vec4<f32>((vec4<i32>(bitcast<i32>(q)) << vec4<u32>(24u, 16u, 8u, 0u)) >> vec4<u32>(24u));
}
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let b = c4 / 8u;
  let i = c4 % 8u;
  return wScale(start, b) * wQuad(start, b, i);
}
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  // Block weights: the lanes take turns by whole blocks; each block's sum is scaled once, by its
  // 4 rows' d, which are loaded once per block instead of once per vec4.
  for (var b = s; b < p.K / 32u; b += lanes) {
    var part = vec4<f32>(0.0);
    part += xLoad(xt, 8u * b + 0u) * mat4x4<f32>(wQuad(w0, b, 0u), wQuad(w1, b, 0u), wQuad(w2, b, 0u), wQuad(w3, b, 0u));
    part += xLoad(xt, 8u * b + 1u) * mat4x4<f32>(wQuad(w0, b, 1u), wQuad(w1, b, 1u), wQuad(w2, b, 1u), wQuad(w3, b, 1u));
    part += xLoad(xt, 8u * b + 2u) * mat4x4<f32>(wQuad(w0, b, 2u), wQuad(w1, b, 2u), wQuad(w2, b, 2u), wQuad(w3, b, 2u));
    part += xLoad(xt, 8u * b + 3u) * mat4x4<f32>(wQuad(w0, b, 3u), wQuad(w1, b, 3u), wQuad(w2, b, 3u), wQuad(w3, b, 3u));
    part += xLoad(xt, 8u * b + 4u) * mat4x4<f32>(wQuad(w0, b, 4u), wQuad(w1, b, 4u), wQuad(w2, b, 4u), wQuad(w3, b, 4u));
    part += xLoad(xt, 8u * b + 5u) * mat4x4<f32>(wQuad(w0, b, 5u), wQuad(w1, b, 5u), wQuad(w2, b, 5u), wQuad(w3, b, 5u));
    part += xLoad(xt, 8u * b + 6u) * mat4x4<f32>(wQuad(w0, b, 6u), wQuad(w1, b, 6u), wQuad(w2, b, 6u), wQuad(w3, b, 6u));
    part += xLoad(xt, 8u * b + 7u) * mat4x4<f32>(wQuad(w0, b, 7u), wQuad(w1, b, 7u), wQuad(w2, b, 7u), wQuad(w3, b, 7u));
    acc += part * vec4<f32>(wScale(w0, b), wScale(w1, b), wScale(w2, b), wScale(w3, b));
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=0/subgroups=1/vec4=1/weights=q8_0/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N)

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 32u) * 9u; }
fn wScale(start: u32, b: u32) -> f32 { return unpack2x16float(w[start + b * 9u]).x; }
fn wQuad(start: u32, b: u32, i: u32) -> vec4<f32> {
  let q = w[start + b * 9u + 1u + i];
  return vec4<f32>((vec4<i32>(bitcast<i32>(q)) << vec4<u32>(24u, 16u, 8u, 0u)) >> vec4<u32>(24u));
}
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let b = c4 / 8u;
  let i = c4 % 8u;
  return wScale(start, b) * wQuad(start, b, i);
}
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  // Block weights: the lanes take turns by whole blocks; each block's sum is scaled once, by its
  // 4 rows' d, which are loaded once per block instead of once per vec4.
  for (var b = s; b < p.K / 32u; b += lanes) {
    var part = vec4<f32>(0.0);
    part += xLoad(xt, 8u * b + 0u) * mat4x4<f32>(wQuad(w0, b, 0u), wQuad(w1, b, 0u), wQuad(w2, b, 0u), wQuad(w3, b, 0u));
    part += xLoad(xt, 8u * b + 1u) * mat4x4<f32>(wQuad(w0, b, 1u), wQuad(w1, b, 1u), wQuad(w2, b, 1u), wQuad(w3, b, 1u));
    part += xLoad(xt, 8u * b + 2u) * mat4x4<f32>(wQuad(w0, b, 2u), wQuad(w1, b, 2u), wQuad(w2, b, 2u), wQuad(w3, b, 2u));
    part += xLoad(xt, 8u * b + 3u) * mat4x4<f32>(wQuad(w0, b, 3u), wQuad(w1, b, 3u), wQuad(w2, b, 3u), wQuad(w3, b, 3u));
    part += xLoad(xt, 8u * b + 4u) * mat4x4<f32>(wQuad(w0, b, 4u), wQuad(w1, b, 4u), wQuad(w2, b, 4u), wQuad(w3, b, 4u));
    part += xLoad(xt, 8u * b + 5u) * mat4x4<f32>(wQuad(w0, b, 5u), wQuad(w1, b, 5u), wQuad(w2, b, 5u), wQuad(w3, b, 5u));
    part += xLoad(xt, 8u * b + 6u) * mat4x4<f32>(wQuad(w0, b, 6u), wQuad(w1, b, 6u), wQuad(w2, b, 6u), wQuad(w3, b, 6u));
    part += xLoad(xt, 8u * b + 7u) * mat4x4<f32>(wQuad(w0, b, 7u), wQuad(w1, b, 7u), wQuad(w2, b, 7u), wQuad(w3, b, 7u));
    acc += part * vec4<f32>(wScale(w0, b), wScale(w1, b), wScale(w2, b), wScale(w3, b));
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=1/subgroups=0/vec4=0/weights=f32/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=1/subgroups=0/vec4=0/weights=f32/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=1/subgroups=0/vec4=1/weights=f32/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=1/subgroups=0/vec4=1/weights=f32/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=1/subgroups=1/vec4=0/weights=f32/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=1/subgroups=1/vec4=0/weights=f32/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=1/subgroups=1/vec4=1/weights=f32/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=0/layout=nk/residual=1/subgroups=1/vec4=1/weights=f32/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=kn/residual=0/subgroups=0/vec4=0/weights=f32/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=kn/residual=0/subgroups=0/vec4=0/weights=f32/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=kn/residual=0/subgroups=0/vec4=1/weights=f32/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=kn/residual=0/subgroups=0/vec4=1/weights=f32/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=kn/residual=1/subgroups=0/vec4=0/weights=f32/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=kn/residual=1/subgroups=0/vec4=0/weights=f32/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=kn/residual=1/subgroups=0/vec4=1/weights=f32/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=kn/residual=1/subgroups=0/vec4=1/weights=f32/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=nk/residual=0/subgroups=0/vec4=0/weights=f32/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=nk/residual=0/subgroups=0/vec4=0/weights=f32/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=nk/residual=0/subgroups=0/vec4=1/weights=f32/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=nk/residual=0/subgroups=0/vec4=1/weights=f32/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=nk/residual=0/subgroups=1/vec4=0/weights=f32/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=nk/residual=0/subgroups=1/vec4=0/weights=f32/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=nk/residual=0/subgroups=1/vec4=1/weights=f32/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=nk/residual=0/subgroups=1/vec4=1/weights=f32/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=nk/residual=1/subgroups=0/vec4=0/weights=f32/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=nk/residual=1/subgroups=0/vec4=0/weights=f32/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=nk/residual=1/subgroups=0/vec4=1/weights=f32/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=nk/residual=1/subgroups=0/vec4=1/weights=f32/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=nk/residual=1/subgroups=1/vec4=0/weights=f32/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=nk/residual=1/subgroups=1/vec4=0/weights=f32/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=nk/residual=1/subgroups=1/vec4=1/weights=f32/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=none/bias=1/layout=nk/residual=1/subgroups=1/vec4=1/weights=f32/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=kn/residual=0/subgroups=0/vec4=0/weights=f32/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=kn/residual=0/subgroups=0/vec4=0/weights=f32/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=kn/residual=0/subgroups=0/vec4=1/weights=f32/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=kn/residual=0/subgroups=0/vec4=1/weights=f32/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=kn/residual=1/subgroups=0/vec4=0/weights=f32/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=kn/residual=1/subgroups=0/vec4=0/weights=f32/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=kn/residual=1/subgroups=0/vec4=1/weights=f32/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=kn/residual=1/subgroups=0/vec4=1/weights=f32/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=nk/residual=0/subgroups=0/vec4=0/weights=f32/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=nk/residual=0/subgroups=0/vec4=0/weights=f32/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=nk/residual=0/subgroups=0/vec4=1/weights=f32/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=nk/residual=0/subgroups=0/vec4=1/weights=f32/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=nk/residual=0/subgroups=1/vec4=0/weights=f32/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=nk/residual=0/subgroups=1/vec4=0/weights=f32/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=nk/residual=0/subgroups=1/vec4=1/weights=f32/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=nk/residual=0/subgroups=1/vec4=1/weights=f32/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=nk/residual=1/subgroups=0/vec4=0/weights=f32/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=nk/residual=1/subgroups=0/vec4=0/weights=f32/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=nk/residual=1/subgroups=0/vec4=1/weights=f32/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=nk/residual=1/subgroups=0/vec4=1/weights=f32/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=nk/residual=1/subgroups=1/vec4=0/weights=f32/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=nk/residual=1/subgroups=1/vec4=0/weights=f32/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=nk/residual=1/subgroups=1/vec4=1/weights=f32/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=0/layout=nk/residual=1/subgroups=1/vec4=1/weights=f32/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=kn/residual=0/subgroups=0/vec4=0/weights=f32/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=kn/residual=0/subgroups=0/vec4=0/weights=f32/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=kn/residual=0/subgroups=0/vec4=1/weights=f32/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=kn/residual=0/subgroups=0/vec4=1/weights=f32/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=kn/residual=1/subgroups=0/vec4=0/weights=f32/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=kn/residual=1/subgroups=0/vec4=0/weights=f32/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=kn/residual=1/subgroups=0/vec4=1/weights=f32/OL=4/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=kn/residual=1/subgroups=0/vec4=1/weights=f32/OL=8/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = SPLIT;
  let s = tid / OL;
  let n0 = (g / p.T) * 4u * OL + 4u * (tid % OL);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let wc = min(n0 / 4u, (p.N + 3u) / 4u - 1u);

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));
    acc += m * xLoad(xt, k);
  }


  let total = reduceTree(tid, s, lanes, OL, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=nk/residual=0/subgroups=0/vec4=0/weights=f32/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=nk/residual=0/subgroups=0/vec4=0/weights=f32/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=nk/residual=0/subgroups=0/vec4=1/weights=f32/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=nk/residual=0/subgroups=0/vec4=1/weights=f32/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=nk/residual=0/subgroups=1/vec4=0/weights=f32/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=nk/residual=0/subgroups=1/vec4=0/weights=f32/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=nk/residual=0/subgroups=1/vec4=1/weights=f32/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=nk/residual=0/subgroups=1/vec4=1/weights=f32/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=nk/residual=1/subgroups=0/vec4=0/weights=f32/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=nk/residual=1/subgroups=0/vec4=0/weights=f32/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=nk/residual=1/subgroups=0/vec4=1/weights=f32/OL=1/THREADS=256
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=nk/residual=1/subgroups=0/vec4=1/weights=f32/OL=1/THREADS=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  let total = reduceTree(tid, s, lanes, 1u, acc);

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=nk/residual=1/subgroups=1/vec4=0/weights=f32/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=nk/residual=1/subgroups=1/vec4=0/weights=f32/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=nk/residual=1/subgroups=1/vec4=1/weights=f32/OL=1/THREADS=256
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}

// ==== gemv/activation=silu/bias=1/layout=nk/residual=1/subgroups=1/vec4=1/weights=f32/OL=1/THREADS=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // workgroups along N for each row of x
  split: u32, // 'nk': lanes sharing 4 W rows (a power of two dividing THREADS); 'kn': unused
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

// The sum of v over the `lanes` lanes sharing this lane's outputs, in the first of them: lanes
// s * stride + o for s < lanes (stride OL in 'kn'; 1 in 'nk', whose groups are contiguous).
fn reduceTree(tid: u32, s: u32, lanes: u32, stride: u32, v: vec4<f32>) -> vec4<f32> {
  if (lanes == 1u) { return v; }
  scratch[tid] = v;
  workgroupBarrier();
  for (var h = lanes / 2u; h > 0u; h >>= 1u) {
    if (s < h) { scratch[tid] += scratch[tid + h * stride]; }
    workgroupBarrier();
  }
  return scratch[tid];
}


// One slot per subgroup (WebGPU subgroups have at least 4 lanes); slots are handed out by an
// atomic counter so nothing assumes how invocations are laid out in subgroups.
var<workgroup> partials: array<vec4<f32>, max(THREADS / 4u, 1u)>;
var<workgroup> filled: atomic<u32>;

// The sum of v over the whole workgroup, in every lane.
fn reduceAll(lane: u32, v: vec4<f32>) -> vec4<f32> {
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

  let lanes = p.split;
  let s = tid % lanes;
  let n0 = 4u * ((g / p.T) * (THREADS / lanes) + tid / lanes);

  let k4s = (p.K + 3u) / 4u;
  // Row starts hoisted out of the k loop; rows past N are clamped (never stored).
  let xt = xStart(t);

  let w0 = wStart(min(n0 + 0u, p.N - 1u));
  let w1 = wStart(min(n0 + 1u, p.N - 1u));
  let w2 = wStart(min(n0 + 2u, p.N - 1u));
  let w3 = wStart(min(n0 + 3u, p.N - 1u));

  var acc = vec4<f32>(0.0); // outputs n0 .. n0 + 3
  // The lanes of an output take turns along K, a vec4 each: neighbouring lanes read
  // neighbouring 16 bytes (coalesced on GPUs; one cache line per 4-lane gather on CPUs).

  for (var k = s; k < k4s; k += lanes) {
    // 'nk': m's columns are W rows n0 + j, acc += x * m; 'kn': they are W rows k, acc += m * x.
    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));
    acc += xLoad(xt, k) * m;
  }


  // The whole workgroup shares one group of outputs: subgroupAdd (p.split is uniform).
  var total: vec4<f32>;
  if (lanes == THREADS) { total = reduceAll(lane, acc); } else { total = reduceTree(tid, s, lanes, 1u, acc); }

  if (s == 0u) { finish4(t, n0, 1u, total); }
}
