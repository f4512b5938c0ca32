// ==== matmul/activation=gelu/bias=0/halves=multiply/layout=kn/residual=0/rows=8/shareX=0/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    a0 += m * xLoad(x0, k);
    a1 += m * xLoad(x1, k);
    a2 += m * xLoad(x2, k);
    a3 += m * xLoad(x3, k);
    a4 += m * xLoad(x4, k);
    a5 += m * xLoad(x5, k);
    a6 += m * xLoad(x6, k);
    a7 += m * xLoad(x7, k);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=gelu/bias=0/halves=multiply/layout=kn/residual=0/rows=8/shareX=0/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    a0 += m * xLoad(x0, k);
    a1 += m * xLoad(x1, k);
    a2 += m * xLoad(x2, k);
    a3 += m * xLoad(x3, k);
    a4 += m * xLoad(x4, k);
    a5 += m * xLoad(x5, k);
    a6 += m * xLoad(x6, k);
    a7 += m * xLoad(x7, k);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=gelu/bias=0/halves=multiply/layout=kn/residual=0/rows=8/shareX=1/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += m * subgroupBroadcast(xl0, 0u);
    a1 += m * subgroupBroadcast(xl0, 1u);
    a2 += m * subgroupBroadcast(xl0, 2u);
    a3 += m * subgroupBroadcast(xl0, 3u);
    a4 += m * subgroupBroadcast(xl1, 0u);
    a5 += m * subgroupBroadcast(xl1, 1u);
    a6 += m * subgroupBroadcast(xl1, 2u);
    a7 += m * subgroupBroadcast(xl1, 3u);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=gelu/bias=0/halves=multiply/layout=kn/residual=0/rows=8/shareX=1/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += m * subgroupBroadcast(xl0, 0u);
    a1 += m * subgroupBroadcast(xl0, 1u);
    a2 += m * subgroupBroadcast(xl0, 2u);
    a3 += m * subgroupBroadcast(xl0, 3u);
    a4 += m * subgroupBroadcast(xl1, 0u);
    a5 += m * subgroupBroadcast(xl1, 1u);
    a6 += m * subgroupBroadcast(xl1, 2u);
    a7 += m * subgroupBroadcast(xl1, 3u);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=gelu/bias=0/halves=multiply/layout=kn/residual=1/rows=8/shareX=0/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    a0 += m * xLoad(x0, k);
    a1 += m * xLoad(x1, k);
    a2 += m * xLoad(x2, k);
    a3 += m * xLoad(x3, k);
    a4 += m * xLoad(x4, k);
    a5 += m * xLoad(x5, k);
    a6 += m * xLoad(x6, k);
    a7 += m * xLoad(x7, k);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=gelu/bias=0/halves=multiply/layout=kn/residual=1/rows=8/shareX=0/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    a0 += m * xLoad(x0, k);
    a1 += m * xLoad(x1, k);
    a2 += m * xLoad(x2, k);
    a3 += m * xLoad(x3, k);
    a4 += m * xLoad(x4, k);
    a5 += m * xLoad(x5, k);
    a6 += m * xLoad(x6, k);
    a7 += m * xLoad(x7, k);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=gelu/bias=0/halves=multiply/layout=kn/residual=1/rows=8/shareX=1/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += m * subgroupBroadcast(xl0, 0u);
    a1 += m * subgroupBroadcast(xl0, 1u);
    a2 += m * subgroupBroadcast(xl0, 2u);
    a3 += m * subgroupBroadcast(xl0, 3u);
    a4 += m * subgroupBroadcast(xl1, 0u);
    a5 += m * subgroupBroadcast(xl1, 1u);
    a6 += m * subgroupBroadcast(xl1, 2u);
    a7 += m * subgroupBroadcast(xl1, 3u);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=gelu/bias=0/halves=multiply/layout=kn/residual=1/rows=8/shareX=1/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += m * subgroupBroadcast(xl0, 0u);
    a1 += m * subgroupBroadcast(xl0, 1u);
    a2 += m * subgroupBroadcast(xl0, 2u);
    a3 += m * subgroupBroadcast(xl0, 3u);
    a4 += m * subgroupBroadcast(xl1, 0u);
    a5 += m * subgroupBroadcast(xl1, 1u);
    a6 += m * subgroupBroadcast(xl1, 2u);
    a7 += m * subgroupBroadcast(xl1, 3u);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=gelu/bias=0/halves=multiply/layout=nk/residual=0/rows=8/shareX=0/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    a0 += xLoad(x0, k) * m;
    a1 += xLoad(x1, k) * m;
    a2 += xLoad(x2, k) * m;
    a3 += xLoad(x3, k) * m;
    a4 += xLoad(x4, k) * m;
    a5 += xLoad(x5, k) * m;
    a6 += xLoad(x6, k) * m;
    a7 += xLoad(x7, k) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=gelu/bias=0/halves=multiply/layout=nk/residual=0/rows=8/shareX=0/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    a0 += xLoad(x0, k) * m;
    a1 += xLoad(x1, k) * m;
    a2 += xLoad(x2, k) * m;
    a3 += xLoad(x3, k) * m;
    a4 += xLoad(x4, k) * m;
    a5 += xLoad(x5, k) * m;
    a6 += xLoad(x6, k) * m;
    a7 += xLoad(x7, k) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=gelu/bias=0/halves=multiply/layout=nk/residual=0/rows=8/shareX=1/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += subgroupBroadcast(xl0, 0u) * m;
    a1 += subgroupBroadcast(xl0, 1u) * m;
    a2 += subgroupBroadcast(xl0, 2u) * m;
    a3 += subgroupBroadcast(xl0, 3u) * m;
    a4 += subgroupBroadcast(xl1, 0u) * m;
    a5 += subgroupBroadcast(xl1, 1u) * m;
    a6 += subgroupBroadcast(xl1, 2u) * m;
    a7 += subgroupBroadcast(xl1, 3u) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=gelu/bias=0/halves=multiply/layout=nk/residual=0/rows=8/shareX=1/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += subgroupBroadcast(xl0, 0u) * m;
    a1 += subgroupBroadcast(xl0, 1u) * m;
    a2 += subgroupBroadcast(xl0, 2u) * m;
    a3 += subgroupBroadcast(xl0, 3u) * m;
    a4 += subgroupBroadcast(xl1, 0u) * m;
    a5 += subgroupBroadcast(xl1, 1u) * m;
    a6 += subgroupBroadcast(xl1, 2u) * m;
    a7 += subgroupBroadcast(xl1, 3u) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=gelu/bias=0/halves=multiply/layout=nk/residual=1/rows=8/shareX=0/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    a0 += xLoad(x0, k) * m;
    a1 += xLoad(x1, k) * m;
    a2 += xLoad(x2, k) * m;
    a3 += xLoad(x3, k) * m;
    a4 += xLoad(x4, k) * m;
    a5 += xLoad(x5, k) * m;
    a6 += xLoad(x6, k) * m;
    a7 += xLoad(x7, k) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=gelu/bias=0/halves=multiply/layout=nk/residual=1/rows=8/shareX=0/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    a0 += xLoad(x0, k) * m;
    a1 += xLoad(x1, k) * m;
    a2 += xLoad(x2, k) * m;
    a3 += xLoad(x3, k) * m;
    a4 += xLoad(x4, k) * m;
    a5 += xLoad(x5, k) * m;
    a6 += xLoad(x6, k) * m;
    a7 += xLoad(x7, k) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=gelu/bias=0/halves=multiply/layout=nk/residual=1/rows=8/shareX=1/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += subgroupBroadcast(xl0, 0u) * m;
    a1 += subgroupBroadcast(xl0, 1u) * m;
    a2 += subgroupBroadcast(xl0, 2u) * m;
    a3 += subgroupBroadcast(xl0, 3u) * m;
    a4 += subgroupBroadcast(xl1, 0u) * m;
    a5 += subgroupBroadcast(xl1, 1u) * m;
    a6 += subgroupBroadcast(xl1, 2u) * m;
    a7 += subgroupBroadcast(xl1, 3u) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=gelu/bias=0/halves=multiply/layout=nk/residual=1/rows=8/shareX=1/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += subgroupBroadcast(xl0, 0u) * m;
    a1 += subgroupBroadcast(xl0, 1u) * m;
    a2 += subgroupBroadcast(xl0, 2u) * m;
    a3 += subgroupBroadcast(xl0, 3u) * m;
    a4 += subgroupBroadcast(xl1, 0u) * m;
    a5 += subgroupBroadcast(xl1, 1u) * m;
    a6 += subgroupBroadcast(xl1, 2u) * m;
    a7 += subgroupBroadcast(xl1, 3u) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=gelu/bias=0/halves=unpack/layout=kn/residual=0/rows=4/shareX=0/staged=1/vec4=0/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, 4u * TK4 * TPN>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[i] = wAt(min(4u * kt4 + i / TPN, p.K - 1u), n0 / 4u + i % TPN);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(4u * k + 0u) * TPN + tn], ws[(4u * k + 1u) * TPN + tn], ws[(4u * k + 2u) * TPN + tn], ws[(4u * k + 3u) * TPN + tn]);

      a0 += m * xs[(tm + 0u * TPM) * TK4 + k];
      a1 += m * xs[(tm + 1u * TPM) * TK4 + k];
      a2 += m * xs[(tm + 2u * TPM) * TK4 + k];
      a3 += m * xs[(tm + 3u * TPM) * TK4 + k];
    }
    workgroupBarrier();
  }

  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=gelu/bias=0/halves=unpack/layout=kn/residual=0/rows=4/shareX=0/staged=1/vec4=1/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, 4u * TK4 * TPN>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[i] = wAt(min(4u * kt4 + i / TPN, p.K - 1u), n0 / 4u + i % TPN);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(4u * k + 0u) * TPN + tn], ws[(4u * k + 1u) * TPN + tn], ws[(4u * k + 2u) * TPN + tn], ws[(4u * k + 3u) * TPN + tn]);

      a0 += m * xs[(tm + 0u * TPM) * TK4 + k];
      a1 += m * xs[(tm + 1u * TPM) * TK4 + k];
      a2 += m * xs[(tm + 2u * TPM) * TK4 + k];
      a3 += m * xs[(tm + 3u * TPM) * TK4 + k];
    }
    workgroupBarrier();
  }

  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=gelu/bias=0/halves=unpack/layout=kn/residual=1/rows=4/shareX=0/staged=1/vec4=0/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, 4u * TK4 * TPN>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[i] = wAt(min(4u * kt4 + i / TPN, p.K - 1u), n0 / 4u + i % TPN);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(4u * k + 0u) * TPN + tn], ws[(4u * k + 1u) * TPN + tn], ws[(4u * k + 2u) * TPN + tn], ws[(4u * k + 3u) * TPN + tn]);

      a0 += m * xs[(tm + 0u * TPM) * TK4 + k];
      a1 += m * xs[(tm + 1u * TPM) * TK4 + k];
      a2 += m * xs[(tm + 2u * TPM) * TK4 + k];
      a3 += m * xs[(tm + 3u * TPM) * TK4 + k];
    }
    workgroupBarrier();
  }

  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=gelu/bias=0/halves=unpack/layout=kn/residual=1/rows=4/shareX=0/staged=1/vec4=1/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, 4u * TK4 * TPN>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[i] = wAt(min(4u * kt4 + i / TPN, p.K - 1u), n0 / 4u + i % TPN);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(4u * k + 0u) * TPN + tn], ws[(4u * k + 1u) * TPN + tn], ws[(4u * k + 2u) * TPN + tn], ws[(4u * k + 3u) * TPN + tn]);

      a0 += m * xs[(tm + 0u * TPM) * TK4 + k];
      a1 += m * xs[(tm + 1u * TPM) * TK4 + k];
      a2 += m * xs[(tm + 2u * TPM) * TK4 + k];
      a3 += m * xs[(tm + 3u * TPM) * TK4 + k];
    }
    workgroupBarrier();
  }

  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=gelu/bias=0/halves=unpack/layout=nk/residual=0/rows=4/shareX=0/staged=1/vec4=0/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, TILE_N * (TK4 + 1u)>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[(i / TK4) * (TK4 + 1u) + i % TK4] = wAt(min(n0 + i / TK4, p.N - 1u), kt4 + i % TK4);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(tn + 0u * TPN) * (TK4 + 1u) + k], ws[(tn + 1u * TPN) * (TK4 + 1u) + k], ws[(tn + 2u * TPN) * (TK4 + 1u) + k], ws[(tn + 3u * TPN) * (TK4 + 1u) + k]);

      a0 += xs[(tm + 0u * TPM) * TK4 + k] * m;
      a1 += xs[(tm + 1u * TPM) * TK4 + k] * m;
      a2 += xs[(tm + 2u * TPM) * TK4 + k] * m;
      a3 += xs[(tm + 3u * TPM) * TK4 + k] * m;
    }
    workgroupBarrier();
  }

  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=gelu/bias=0/halves=unpack/layout=nk/residual=0/rows=4/shareX=0/staged=1/vec4=1/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, TILE_N * (TK4 + 1u)>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[(i / TK4) * (TK4 + 1u) + i % TK4] = wAt(min(n0 + i / TK4, p.N - 1u), kt4 + i % TK4);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(tn + 0u * TPN) * (TK4 + 1u) + k], ws[(tn + 1u * TPN) * (TK4 + 1u) + k], ws[(tn + 2u * TPN) * (TK4 + 1u) + k], ws[(tn + 3u * TPN) * (TK4 + 1u) + k]);

      a0 += xs[(tm + 0u * TPM) * TK4 + k] * m;
      a1 += xs[(tm + 1u * TPM) * TK4 + k] * m;
      a2 += xs[(tm + 2u * TPM) * TK4 + k] * m;
      a3 += xs[(tm + 3u * TPM) * TK4 + k] * m;
    }
    workgroupBarrier();
  }

  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=gelu/bias=0/halves=unpack/layout=nk/residual=1/rows=4/shareX=0/staged=1/vec4=0/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, TILE_N * (TK4 + 1u)>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[(i / TK4) * (TK4 + 1u) + i % TK4] = wAt(min(n0 + i / TK4, p.N - 1u), kt4 + i % TK4);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(tn + 0u * TPN) * (TK4 + 1u) + k], ws[(tn + 1u * TPN) * (TK4 + 1u) + k], ws[(tn + 2u * TPN) * (TK4 + 1u) + k], ws[(tn + 3u * TPN) * (TK4 + 1u) + k]);

      a0 += xs[(tm + 0u * TPM) * TK4 + k] * m;
      a1 += xs[(tm + 1u * TPM) * TK4 + k] * m;
      a2 += xs[(tm + 2u * TPM) * TK4 + k] * m;
      a3 += xs[(tm + 3u * TPM) * TK4 + k] * m;
    }
    workgroupBarrier();
  }

  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=gelu/bias=0/halves=unpack/layout=nk/residual=1/rows=4/shareX=0/staged=1/vec4=1/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, TILE_N * (TK4 + 1u)>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[(i / TK4) * (TK4 + 1u) + i % TK4] = wAt(min(n0 + i / TK4, p.N - 1u), kt4 + i % TK4);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(tn + 0u * TPN) * (TK4 + 1u) + k], ws[(tn + 1u * TPN) * (TK4 + 1u) + k], ws[(tn + 2u * TPN) * (TK4 + 1u) + k], ws[(tn + 3u * TPN) * (TK4 + 1u) + k]);

      a0 += xs[(tm + 0u * TPM) * TK4 + k] * m;
      a1 += xs[(tm + 1u * TPM) * TK4 + k] * m;
      a2 += xs[(tm + 2u * TPM) * TK4 + k] * m;
      a3 += xs[(tm + 3u * TPM) * TK4 + k] * m;
    }
    workgroupBarrier();
  }

  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=gelu/bias=1/halves=multiply/layout=kn/residual=0/rows=8/shareX=0/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    a0 += m * xLoad(x0, k);
    a1 += m * xLoad(x1, k);
    a2 += m * xLoad(x2, k);
    a3 += m * xLoad(x3, k);
    a4 += m * xLoad(x4, k);
    a5 += m * xLoad(x5, k);
    a6 += m * xLoad(x6, k);
    a7 += m * xLoad(x7, k);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=gelu/bias=1/halves=multiply/layout=kn/residual=0/rows=8/shareX=0/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    a0 += m * xLoad(x0, k);
    a1 += m * xLoad(x1, k);
    a2 += m * xLoad(x2, k);
    a3 += m * xLoad(x3, k);
    a4 += m * xLoad(x4, k);
    a5 += m * xLoad(x5, k);
    a6 += m * xLoad(x6, k);
    a7 += m * xLoad(x7, k);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=gelu/bias=1/halves=multiply/layout=kn/residual=0/rows=8/shareX=1/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += m * subgroupBroadcast(xl0, 0u);
    a1 += m * subgroupBroadcast(xl0, 1u);
    a2 += m * subgroupBroadcast(xl0, 2u);
    a3 += m * subgroupBroadcast(xl0, 3u);
    a4 += m * subgroupBroadcast(xl1, 0u);
    a5 += m * subgroupBroadcast(xl1, 1u);
    a6 += m * subgroupBroadcast(xl1, 2u);
    a7 += m * subgroupBroadcast(xl1, 3u);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=gelu/bias=1/halves=multiply/layout=kn/residual=0/rows=8/shareX=1/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += m * subgroupBroadcast(xl0, 0u);
    a1 += m * subgroupBroadcast(xl0, 1u);
    a2 += m * subgroupBroadcast(xl0, 2u);
    a3 += m * subgroupBroadcast(xl0, 3u);
    a4 += m * subgroupBroadcast(xl1, 0u);
    a5 += m * subgroupBroadcast(xl1, 1u);
    a6 += m * subgroupBroadcast(xl1, 2u);
    a7 += m * subgroupBroadcast(xl1, 3u);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=gelu/bias=1/halves=multiply/layout=kn/residual=1/rows=8/shareX=0/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    a0 += m * xLoad(x0, k);
    a1 += m * xLoad(x1, k);
    a2 += m * xLoad(x2, k);
    a3 += m * xLoad(x3, k);
    a4 += m * xLoad(x4, k);
    a5 += m * xLoad(x5, k);
    a6 += m * xLoad(x6, k);
    a7 += m * xLoad(x7, k);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=gelu/bias=1/halves=multiply/layout=kn/residual=1/rows=8/shareX=0/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    a0 += m * xLoad(x0, k);
    a1 += m * xLoad(x1, k);
    a2 += m * xLoad(x2, k);
    a3 += m * xLoad(x3, k);
    a4 += m * xLoad(x4, k);
    a5 += m * xLoad(x5, k);
    a6 += m * xLoad(x6, k);
    a7 += m * xLoad(x7, k);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=gelu/bias=1/halves=multiply/layout=kn/residual=1/rows=8/shareX=1/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += m * subgroupBroadcast(xl0, 0u);
    a1 += m * subgroupBroadcast(xl0, 1u);
    a2 += m * subgroupBroadcast(xl0, 2u);
    a3 += m * subgroupBroadcast(xl0, 3u);
    a4 += m * subgroupBroadcast(xl1, 0u);
    a5 += m * subgroupBroadcast(xl1, 1u);
    a6 += m * subgroupBroadcast(xl1, 2u);
    a7 += m * subgroupBroadcast(xl1, 3u);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=gelu/bias=1/halves=multiply/layout=kn/residual=1/rows=8/shareX=1/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += m * subgroupBroadcast(xl0, 0u);
    a1 += m * subgroupBroadcast(xl0, 1u);
    a2 += m * subgroupBroadcast(xl0, 2u);
    a3 += m * subgroupBroadcast(xl0, 3u);
    a4 += m * subgroupBroadcast(xl1, 0u);
    a5 += m * subgroupBroadcast(xl1, 1u);
    a6 += m * subgroupBroadcast(xl1, 2u);
    a7 += m * subgroupBroadcast(xl1, 3u);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=gelu/bias=1/halves=multiply/layout=nk/residual=0/rows=8/shareX=0/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    a0 += xLoad(x0, k) * m;
    a1 += xLoad(x1, k) * m;
    a2 += xLoad(x2, k) * m;
    a3 += xLoad(x3, k) * m;
    a4 += xLoad(x4, k) * m;
    a5 += xLoad(x5, k) * m;
    a6 += xLoad(x6, k) * m;
    a7 += xLoad(x7, k) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=gelu/bias=1/halves=multiply/layout=nk/residual=0/rows=8/shareX=0/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    a0 += xLoad(x0, k) * m;
    a1 += xLoad(x1, k) * m;
    a2 += xLoad(x2, k) * m;
    a3 += xLoad(x3, k) * m;
    a4 += xLoad(x4, k) * m;
    a5 += xLoad(x5, k) * m;
    a6 += xLoad(x6, k) * m;
    a7 += xLoad(x7, k) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=gelu/bias=1/halves=multiply/layout=nk/residual=0/rows=8/shareX=1/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += subgroupBroadcast(xl0, 0u) * m;
    a1 += subgroupBroadcast(xl0, 1u) * m;
    a2 += subgroupBroadcast(xl0, 2u) * m;
    a3 += subgroupBroadcast(xl0, 3u) * m;
    a4 += subgroupBroadcast(xl1, 0u) * m;
    a5 += subgroupBroadcast(xl1, 1u) * m;
    a6 += subgroupBroadcast(xl1, 2u) * m;
    a7 += subgroupBroadcast(xl1, 3u) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=gelu/bias=1/halves=multiply/layout=nk/residual=0/rows=8/shareX=1/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += subgroupBroadcast(xl0, 0u) * m;
    a1 += subgroupBroadcast(xl0, 1u) * m;
    a2 += subgroupBroadcast(xl0, 2u) * m;
    a3 += subgroupBroadcast(xl0, 3u) * m;
    a4 += subgroupBroadcast(xl1, 0u) * m;
    a5 += subgroupBroadcast(xl1, 1u) * m;
    a6 += subgroupBroadcast(xl1, 2u) * m;
    a7 += subgroupBroadcast(xl1, 3u) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=gelu/bias=1/halves=multiply/layout=nk/residual=1/rows=8/shareX=0/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    a0 += xLoad(x0, k) * m;
    a1 += xLoad(x1, k) * m;
    a2 += xLoad(x2, k) * m;
    a3 += xLoad(x3, k) * m;
    a4 += xLoad(x4, k) * m;
    a5 += xLoad(x5, k) * m;
    a6 += xLoad(x6, k) * m;
    a7 += xLoad(x7, k) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=gelu/bias=1/halves=multiply/layout=nk/residual=1/rows=8/shareX=0/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    a0 += xLoad(x0, k) * m;
    a1 += xLoad(x1, k) * m;
    a2 += xLoad(x2, k) * m;
    a3 += xLoad(x3, k) * m;
    a4 += xLoad(x4, k) * m;
    a5 += xLoad(x5, k) * m;
    a6 += xLoad(x6, k) * m;
    a7 += xLoad(x7, k) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=gelu/bias=1/halves=multiply/layout=nk/residual=1/rows=8/shareX=1/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += subgroupBroadcast(xl0, 0u) * m;
    a1 += subgroupBroadcast(xl0, 1u) * m;
    a2 += subgroupBroadcast(xl0, 2u) * m;
    a3 += subgroupBroadcast(xl0, 3u) * m;
    a4 += subgroupBroadcast(xl1, 0u) * m;
    a5 += subgroupBroadcast(xl1, 1u) * m;
    a6 += subgroupBroadcast(xl1, 2u) * m;
    a7 += subgroupBroadcast(xl1, 3u) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=gelu/bias=1/halves=multiply/layout=nk/residual=1/rows=8/shareX=1/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += subgroupBroadcast(xl0, 0u) * m;
    a1 += subgroupBroadcast(xl0, 1u) * m;
    a2 += subgroupBroadcast(xl0, 2u) * m;
    a3 += subgroupBroadcast(xl0, 3u) * m;
    a4 += subgroupBroadcast(xl1, 0u) * m;
    a5 += subgroupBroadcast(xl1, 1u) * m;
    a6 += subgroupBroadcast(xl1, 2u) * m;
    a7 += subgroupBroadcast(xl1, 3u) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=gelu/bias=1/halves=unpack/layout=kn/residual=0/rows=4/shareX=0/staged=1/vec4=0/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, 4u * TK4 * TPN>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[i] = wAt(min(4u * kt4 + i / TPN, p.K - 1u), n0 / 4u + i % TPN);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(4u * k + 0u) * TPN + tn], ws[(4u * k + 1u) * TPN + tn], ws[(4u * k + 2u) * TPN + tn], ws[(4u * k + 3u) * TPN + tn]);

      a0 += m * xs[(tm + 0u * TPM) * TK4 + k];
      a1 += m * xs[(tm + 1u * TPM) * TK4 + k];
      a2 += m * xs[(tm + 2u * TPM) * TK4 + k];
      a3 += m * xs[(tm + 3u * TPM) * TK4 + k];
    }
    workgroupBarrier();
  }

  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=gelu/bias=1/halves=unpack/layout=kn/residual=0/rows=4/shareX=0/staged=1/vec4=1/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, 4u * TK4 * TPN>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[i] = wAt(min(4u * kt4 + i / TPN, p.K - 1u), n0 / 4u + i % TPN);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(4u * k + 0u) * TPN + tn], ws[(4u * k + 1u) * TPN + tn], ws[(4u * k + 2u) * TPN + tn], ws[(4u * k + 3u) * TPN + tn]);

      a0 += m * xs[(tm + 0u * TPM) * TK4 + k];
      a1 += m * xs[(tm + 1u * TPM) * TK4 + k];
      a2 += m * xs[(tm + 2u * TPM) * TK4 + k];
      a3 += m * xs[(tm + 3u * TPM) * TK4 + k];
    }
    workgroupBarrier();
  }

  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=gelu/bias=1/halves=unpack/layout=kn/residual=1/rows=4/shareX=0/staged=1/vec4=0/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, 4u * TK4 * TPN>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[i] = wAt(min(4u * kt4 + i / TPN, p.K - 1u), n0 / 4u + i % TPN);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(4u * k + 0u) * TPN + tn], ws[(4u * k + 1u) * TPN + tn], ws[(4u * k + 2u) * TPN + tn], ws[(4u * k + 3u) * TPN + tn]);

      a0 += m * xs[(tm + 0u * TPM) * TK4 + k];
      a1 += m * xs[(tm + 1u * TPM) * TK4 + k];
      a2 += m * xs[(tm + 2u * TPM) * TK4 + k];
      a3 += m * xs[(tm + 3u * TPM) * TK4 + k];
    }
    workgroupBarrier();
  }

  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=gelu/bias=1/halves=unpack/layout=kn/residual=1/rows=4/shareX=0/staged=1/vec4=1/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, 4u * TK4 * TPN>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[i] = wAt(min(4u * kt4 + i / TPN, p.K - 1u), n0 / 4u + i % TPN);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(4u * k + 0u) * TPN + tn], ws[(4u * k + 1u) * TPN + tn], ws[(4u * k + 2u) * TPN + tn], ws[(4u * k + 3u) * TPN + tn]);

      a0 += m * xs[(tm + 0u * TPM) * TK4 + k];
      a1 += m * xs[(tm + 1u * TPM) * TK4 + k];
      a2 += m * xs[(tm + 2u * TPM) * TK4 + k];
      a3 += m * xs[(tm + 3u * TPM) * TK4 + k];
    }
    workgroupBarrier();
  }

  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=gelu/bias=1/halves=unpack/layout=nk/residual=0/rows=4/shareX=0/staged=1/vec4=0/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, TILE_N * (TK4 + 1u)>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[(i / TK4) * (TK4 + 1u) + i % TK4] = wAt(min(n0 + i / TK4, p.N - 1u), kt4 + i % TK4);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(tn + 0u * TPN) * (TK4 + 1u) + k], ws[(tn + 1u * TPN) * (TK4 + 1u) + k], ws[(tn + 2u * TPN) * (TK4 + 1u) + k], ws[(tn + 3u * TPN) * (TK4 + 1u) + k]);

      a0 += xs[(tm + 0u * TPM) * TK4 + k] * m;
      a1 += xs[(tm + 1u * TPM) * TK4 + k] * m;
      a2 += xs[(tm + 2u * TPM) * TK4 + k] * m;
      a3 += xs[(tm + 3u * TPM) * TK4 + k] * m;
    }
    workgroupBarrier();
  }

  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=gelu/bias=1/halves=unpack/layout=nk/residual=0/rows=4/shareX=0/staged=1/vec4=1/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, TILE_N * (TK4 + 1u)>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[(i / TK4) * (TK4 + 1u) + i % TK4] = wAt(min(n0 + i / TK4, p.N - 1u), kt4 + i % TK4);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(tn + 0u * TPN) * (TK4 + 1u) + k], ws[(tn + 1u * TPN) * (TK4 + 1u) + k], ws[(tn + 2u * TPN) * (TK4 + 1u) + k], ws[(tn + 3u * TPN) * (TK4 + 1u) + k]);

      a0 += xs[(tm + 0u * TPM) * TK4 + k] * m;
      a1 += xs[(tm + 1u * TPM) * TK4 + k] * m;
      a2 += xs[(tm + 2u * TPM) * TK4 + k] * m;
      a3 += xs[(tm + 3u * TPM) * TK4 + k] * m;
    }
    workgroupBarrier();
  }

  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=gelu/bias=1/halves=unpack/layout=nk/residual=1/rows=4/shareX=0/staged=1/vec4=0/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, TILE_N * (TK4 + 1u)>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[(i / TK4) * (TK4 + 1u) + i % TK4] = wAt(min(n0 + i / TK4, p.N - 1u), kt4 + i % TK4);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(tn + 0u * TPN) * (TK4 + 1u) + k], ws[(tn + 1u * TPN) * (TK4 + 1u) + k], ws[(tn + 2u * TPN) * (TK4 + 1u) + k], ws[(tn + 3u * TPN) * (TK4 + 1u) + k]);

      a0 += xs[(tm + 0u * TPM) * TK4 + k] * m;
      a1 += xs[(tm + 1u * TPM) * TK4 + k] * m;
      a2 += xs[(tm + 2u * TPM) * TK4 + k] * m;
      a3 += xs[(tm + 3u * TPM) * TK4 + k] * m;
    }
    workgroupBarrier();
  }

  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=gelu/bias=1/halves=unpack/layout=nk/residual=1/rows=4/shareX=0/staged=1/vec4=1/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, TILE_N * (TK4 + 1u)>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[(i / TK4) * (TK4 + 1u) + i % TK4] = wAt(min(n0 + i / TK4, p.N - 1u), kt4 + i % TK4);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(tn + 0u * TPN) * (TK4 + 1u) + k], ws[(tn + 1u * TPN) * (TK4 + 1u) + k], ws[(tn + 2u * TPN) * (TK4 + 1u) + k], ws[(tn + 3u * TPN) * (TK4 + 1u) + k]);

      a0 += xs[(tm + 0u * TPM) * TK4 + k] * m;
      a1 += xs[(tm + 1u * TPM) * TK4 + k] * m;
      a2 += xs[(tm + 2u * TPM) * TK4 + k] * m;
      a3 += xs[(tm + 3u * TPM) * TK4 + k] * m;
    }
    workgroupBarrier();
  }

  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=kn/residual=0/rows=8/shareX=0/staged=0/vec4=0/weights=bf16/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wPair(v: u32) -> vec2<f32> { return vec2<f32>(bitcast<f32>(v * 65536u), bitcast<f32>(v & 0xffff0000u)); }
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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    a0 += m * xLoad(x0, k);
    a1 += m * xLoad(x1, k);
    a2 += m * xLoad(x2, k);
    a3 += m * xLoad(x3, k);
    a4 += m * xLoad(x4, k);
    a5 += m * xLoad(x5, k);
    a6 += m * xLoad(x6, k);
    a7 += m * xLoad(x7, k);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=kn/residual=0/rows=8/shareX=0/staged=0/vec4=0/weights=f16/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wPair(v: u32) -> vec2<f32> {
  let m = vec2<u32>((v * 8192u) & 0x0fffe000u, bitcast<u32>(f32(i32(v & 0x7fff0000u)) + 0x1p38f) * 4096u); // m << 13 of each half
  let n = bitcast<vec2<f32>>(m + 0x38000000u);
  let magnitude = select(n, 2.0 * n - 0x1p-14f, bitcast<vec2<i32>>(m) < vec2<i32>(0x800000));
  return bitcast<vec2<f32>>(bitcast<vec2<u32>>(magnitude) | vec2<u32>((v & 0x8000u) * 65536u, v & 0x80000000u));
}
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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    a0 += m * xLoad(x0, k);
    a1 += m * xLoad(x1, k);
    a2 += m * xLoad(x2, k);
    a3 += m * xLoad(x3, k);
    a4 += m * xLoad(x4, k);
    a5 += m * xLoad(x5, k);
    a6 += m * xLoad(x6, k);
    a7 += m * xLoad(x7, k);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=kn/residual=0/rows=8/shareX=0/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    a0 += m * xLoad(x0, k);
    a1 += m * xLoad(x1, k);
    a2 += m * xLoad(x2, k);
    a3 += m * xLoad(x3, k);
    a4 += m * xLoad(x4, k);
    a5 += m * xLoad(x5, k);
    a6 += m * xLoad(x6, k);
    a7 += m * xLoad(x7, k);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=kn/residual=0/rows=8/shareX=0/staged=0/vec4=1/weights=bf16/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec2<u32>>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wPair(v: u32) -> vec2<f32> { return vec2<f32>(bitcast<f32>(v * 65536u), bitcast<f32>(v & 0xffff0000u)); }
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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    a0 += m * xLoad(x0, k);
    a1 += m * xLoad(x1, k);
    a2 += m * xLoad(x2, k);
    a3 += m * xLoad(x3, k);
    a4 += m * xLoad(x4, k);
    a5 += m * xLoad(x5, k);
    a6 += m * xLoad(x6, k);
    a7 += m * xLoad(x7, k);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=kn/residual=0/rows=8/shareX=0/staged=0/vec4=1/weights=f16/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec2<u32>>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wPair(v: u32) -> vec2<f32> {
  let m = vec2<u32>((v * 8192u) & 0x0fffe000u, bitcast<u32>(f32(i32(v & 0x7fff0000u)) + 0x1p38f) * 4096u); // m << 13 of each half
  let n = bitcast<vec2<f32>>(m + 0x38000000u);
  let magnitude = select(n, 2.0 * n - 0x1p-14f, bitcast<vec2<i32>>(m) < vec2<i32>(0x800000));
  return bitcast<vec2<f32>>(bitcast<vec2<u32>>(magnitude) | vec2<u32>((v & 0x8000u) * 65536u, v & 0x80000000u));
}
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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    a0 += m * xLoad(x0, k);
    a1 += m * xLoad(x1, k);
    a2 += m * xLoad(x2, k);
    a3 += m * xLoad(x3, k);
    a4 += m * xLoad(x4, k);
    a5 += m * xLoad(x5, k);
    a6 += m * xLoad(x6, k);
    a7 += m * xLoad(x7, k);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=kn/residual=0/rows=8/shareX=0/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    a0 += m * xLoad(x0, k);
    a1 += m * xLoad(x1, k);
    a2 += m * xLoad(x2, k);
    a3 += m * xLoad(x3, k);
    a4 += m * xLoad(x4, k);
    a5 += m * xLoad(x5, k);
    a6 += m * xLoad(x6, k);
    a7 += m * xLoad(x7, k);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=kn/residual=0/rows=8/shareX=1/staged=0/vec4=0/weights=bf16/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wPair(v: u32) -> vec2<f32> { return vec2<f32>(bitcast<f32>(v * 65536u), bitcast<f32>(v & 0xffff0000u)); }
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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += m * subgroupBroadcast(xl0, 0u);
    a1 += m * subgroupBroadcast(xl0, 1u);
    a2 += m * subgroupBroadcast(xl0, 2u);
    a3 += m * subgroupBroadcast(xl0, 3u);
    a4 += m * subgroupBroadcast(xl1, 0u);
    a5 += m * subgroupBroadcast(xl1, 1u);
    a6 += m * subgroupBroadcast(xl1, 2u);
    a7 += m * subgroupBroadcast(xl1, 3u);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=kn/residual=0/rows=8/shareX=1/staged=0/vec4=0/weights=f16/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wPair(v: u32) -> vec2<f32> {
  let m = vec2<u32>((v * 8192u) & 0x0fffe000u, bitcast<u32>(f32(i32(v & 0x7fff0000u)) + 0x1p38f) * 4096u); // m << 13 of each half
  let n = bitcast<vec2<f32>>(m + 0x38000000u);
  let magnitude = select(n, 2.0 * n - 0x1p-14f, bitcast<vec2<i32>>(m) < vec2<i32>(0x800000));
  return bitcast<vec2<f32>>(bitcast<vec2<u32>>(magnitude) | vec2<u32>((v & 0x8000u) * 65536u, v & 0x80000000u));
}
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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += m * subgroupBroadcast(xl0, 0u);
    a1 += m * subgroupBroadcast(xl0, 1u);
    a2 += m * subgroupBroadcast(xl0, 2u);
    a3 += m * subgroupBroadcast(xl0, 3u);
    a4 += m * subgroupBroadcast(xl1, 0u);
    a5 += m * subgroupBroadcast(xl1, 1u);
    a6 += m * subgroupBroadcast(xl1, 2u);
    a7 += m * subgroupBroadcast(xl1, 3u);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=kn/residual=0/rows=8/shareX=1/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += m * subgroupBroadcast(xl0, 0u);
    a1 += m * subgroupBroadcast(xl0, 1u);
    a2 += m * subgroupBroadcast(xl0, 2u);
    a3 += m * subgroupBroadcast(xl0, 3u);
    a4 += m * subgroupBroadcast(xl1, 0u);
    a5 += m * subgroupBroadcast(xl1, 1u);
    a6 += m * subgroupBroadcast(xl1, 2u);
    a7 += m * subgroupBroadcast(xl1, 3u);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=kn/residual=0/rows=8/shareX=1/staged=0/vec4=1/weights=bf16/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec2<u32>>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wPair(v: u32) -> vec2<f32> { return vec2<f32>(bitcast<f32>(v * 65536u), bitcast<f32>(v & 0xffff0000u)); }
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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += m * subgroupBroadcast(xl0, 0u);
    a1 += m * subgroupBroadcast(xl0, 1u);
    a2 += m * subgroupBroadcast(xl0, 2u);
    a3 += m * subgroupBroadcast(xl0, 3u);
    a4 += m * subgroupBroadcast(xl1, 0u);
    a5 += m * subgroupBroadcast(xl1, 1u);
    a6 += m * subgroupBroadcast(xl1, 2u);
    a7 += m * subgroupBroadcast(xl1, 3u);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=kn/residual=0/rows=8/shareX=1/staged=0/vec4=1/weights=f16/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec2<u32>>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wPair(v: u32) -> vec2<f32> {
  let m = vec2<u32>((v * 8192u) & 0x0fffe000u, bitcast<u32>(f32(i32(v & 0x7fff0000u)) + 0x1p38f) * 4096u); // m << 13 of each half
  let n = bitcast<vec2<f32>>(m + 0x38000000u);
  let magnitude = select(n, 2.0 * n - 0x1p-14f, bitcast<vec2<i32>>(m) < vec2<i32>(0x800000));
  return bitcast<vec2<f32>>(bitcast<vec2<u32>>(magnitude) | vec2<u32>((v & 0x8000u) * 65536u, v & 0x80000000u));
}
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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += m * subgroupBroadcast(xl0, 0u);
    a1 += m * subgroupBroadcast(xl0, 1u);
    a2 += m * subgroupBroadcast(xl0, 2u);
    a3 += m * subgroupBroadcast(xl0, 3u);
    a4 += m * subgroupBroadcast(xl1, 0u);
    a5 += m * subgroupBroadcast(xl1, 1u);
    a6 += m * subgroupBroadcast(xl1, 2u);
    a7 += m * subgroupBroadcast(xl1, 3u);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=kn/residual=0/rows=8/shareX=1/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += m * subgroupBroadcast(xl0, 0u);
    a1 += m * subgroupBroadcast(xl0, 1u);
    a2 += m * subgroupBroadcast(xl0, 2u);
    a3 += m * subgroupBroadcast(xl0, 3u);
    a4 += m * subgroupBroadcast(xl1, 0u);
    a5 += m * subgroupBroadcast(xl1, 1u);
    a6 += m * subgroupBroadcast(xl1, 2u);
    a7 += m * subgroupBroadcast(xl1, 3u);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=kn/residual=1/rows=8/shareX=0/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    a0 += m * xLoad(x0, k);
    a1 += m * xLoad(x1, k);
    a2 += m * xLoad(x2, k);
    a3 += m * xLoad(x3, k);
    a4 += m * xLoad(x4, k);
    a5 += m * xLoad(x5, k);
    a6 += m * xLoad(x6, k);
    a7 += m * xLoad(x7, k);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=kn/residual=1/rows=8/shareX=0/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    a0 += m * xLoad(x0, k);
    a1 += m * xLoad(x1, k);
    a2 += m * xLoad(x2, k);
    a3 += m * xLoad(x3, k);
    a4 += m * xLoad(x4, k);
    a5 += m * xLoad(x5, k);
    a6 += m * xLoad(x6, k);
    a7 += m * xLoad(x7, k);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=kn/residual=1/rows=8/shareX=1/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += m * subgroupBroadcast(xl0, 0u);
    a1 += m * subgroupBroadcast(xl0, 1u);
    a2 += m * subgroupBroadcast(xl0, 2u);
    a3 += m * subgroupBroadcast(xl0, 3u);
    a4 += m * subgroupBroadcast(xl1, 0u);
    a5 += m * subgroupBroadcast(xl1, 1u);
    a6 += m * subgroupBroadcast(xl1, 2u);
    a7 += m * subgroupBroadcast(xl1, 3u);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=kn/residual=1/rows=8/shareX=1/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += m * subgroupBroadcast(xl0, 0u);
    a1 += m * subgroupBroadcast(xl0, 1u);
    a2 += m * subgroupBroadcast(xl0, 2u);
    a3 += m * subgroupBroadcast(xl0, 3u);
    a4 += m * subgroupBroadcast(xl1, 0u);
    a5 += m * subgroupBroadcast(xl1, 1u);
    a6 += m * subgroupBroadcast(xl1, 2u);
    a7 += m * subgroupBroadcast(xl1, 3u);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=nk/residual=0/rows=8/shareX=0/staged=0/vec4=0/weights=bf16/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wPair(v: u32) -> vec2<f32> { return vec2<f32>(bitcast<f32>(v * 65536u), bitcast<f32>(v & 0xffff0000u)); }
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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    a0 += xLoad(x0, k) * m;
    a1 += xLoad(x1, k) * m;
    a2 += xLoad(x2, k) * m;
    a3 += xLoad(x3, k) * m;
    a4 += xLoad(x4, k) * m;
    a5 += xLoad(x5, k) * m;
    a6 += xLoad(x6, k) * m;
    a7 += xLoad(x7, k) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=nk/residual=0/rows=8/shareX=0/staged=0/vec4=0/weights=f16/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wPair(v: u32) -> vec2<f32> {
  let m = vec2<u32>((v * 8192u) & 0x0fffe000u, bitcast<u32>(f32(i32(v & 0x7fff0000u)) + 0x1p38f) * 4096u); // m << 13 of each half
  let n = bitcast<vec2<f32>>(m + 0x38000000u);
  let magnitude = select(n, 2.0 * n - 0x1p-14f, bitcast<vec2<i32>>(m) < vec2<i32>(0x800000));
  return bitcast<vec2<f32>>(bitcast<vec2<u32>>(magnitude) | vec2<u32>((v & 0x8000u) * 65536u, v & 0x80000000u));
}
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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    a0 += xLoad(x0, k) * m;
    a1 += xLoad(x1, k) * m;
    a2 += xLoad(x2, k) * m;
    a3 += xLoad(x3, k) * m;
    a4 += xLoad(x4, k) * m;
    a5 += xLoad(x5, k) * m;
    a6 += xLoad(x6, k) * m;
    a7 += xLoad(x7, k) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=nk/residual=0/rows=8/shareX=0/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    a0 += xLoad(x0, k) * m;
    a1 += xLoad(x1, k) * m;
    a2 += xLoad(x2, k) * m;
    a3 += xLoad(x3, k) * m;
    a4 += xLoad(x4, k) * m;
    a5 += xLoad(x5, k) * m;
    a6 += xLoad(x6, k) * m;
    a7 += xLoad(x7, k) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=nk/residual=0/rows=8/shareX=0/staged=0/vec4=1/weights=bf16/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec2<u32>>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wPair(v: u32) -> vec2<f32> { return vec2<f32>(bitcast<f32>(v * 65536u), bitcast<f32>(v & 0xffff0000u)); }
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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    a0 += xLoad(x0, k) * m;
    a1 += xLoad(x1, k) * m;
    a2 += xLoad(x2, k) * m;
    a3 += xLoad(x3, k) * m;
    a4 += xLoad(x4, k) * m;
    a5 += xLoad(x5, k) * m;
    a6 += xLoad(x6, k) * m;
    a7 += xLoad(x7, k) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=nk/residual=0/rows=8/shareX=0/staged=0/vec4=1/weights=f16/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec2<u32>>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wPair(v: u32) -> vec2<f32> {
  let m = vec2<u32>((v * 8192u) & 0x0fffe000u, bitcast<u32>(f32(i32(v & 0x7fff0000u)) + 0x1p38f) * 4096u); // m << 13 of each half
  let n = bitcast<vec2<f32>>(m + 0x38000000u);
  let magnitude = select(n, 2.0 * n - 0x1p-14f, bitcast<vec2<i32>>(m) < vec2<i32>(0x800000));
  return bitcast<vec2<f32>>(bitcast<vec2<u32>>(magnitude) | vec2<u32>((v & 0x8000u) * 65536u, v & 0x80000000u));
}
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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    a0 += xLoad(x0, k) * m;
    a1 += xLoad(x1, k) * m;
    a2 += xLoad(x2, k) * m;
    a3 += xLoad(x3, k) * m;
    a4 += xLoad(x4, k) * m;
    a5 += xLoad(x5, k) * m;
    a6 += xLoad(x6, k) * m;
    a7 += xLoad(x7, k) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=nk/residual=0/rows=8/shareX=0/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    a0 += xLoad(x0, k) * m;
    a1 += xLoad(x1, k) * m;
    a2 += xLoad(x2, k) * m;
    a3 += xLoad(x3, k) * m;
    a4 += xLoad(x4, k) * m;
    a5 += xLoad(x5, k) * m;
    a6 += xLoad(x6, k) * m;
    a7 += xLoad(x7, k) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=nk/residual=0/rows=8/shareX=0/staged=0/vec4=1/weights=q4_0/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 32u) * 5u; }
fn wScale(start: u32, b: u32) -> f32 { return bitcast<f32>(w[start + b * 5u]); }
fn wInPlace(start: u32, b: u32, i: u32) -> mat2x4<f32> {
  let q = w[start + b * 5u + 1u + i];
  return mat2x4<f32>(vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(q) & vec4<u32>(0xfu, 0xf00u, 0xf0000u, 0xf000000u))), vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(q ^ 0x80000000u) & vec4<u32>(0xf0u, 0xf000u, 0xf00000u, 0xf0000000u))));
}
fn wQuads(start: u32, b: u32, i: u32) -> mat2x4<f32> {
  let n = wInPlace(start, b, i);
  return mat2x4<f32>(n[0] * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08), n[1] * vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09)) - mat2x4<f32>(vec4<f32>(8.0), vec4<f32>(8.0, 8.0, 8.0, 0.0));
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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var b = 0u; b < p.K / 32u; b++) {
    let offsets = mat2x4<f32>(vec4<f32>(8.0), vec4<f32>(8.0, 8.0, 8.0, 0.0));
    let s0 = wScale(w0, b); let s1 = wScale(w1, b); let s2 = wScale(w2, b); let s3 = wScale(w3, b);
    for (var i = 0u; i < 4u; i++) {
      let word0 = wInPlace(w0, b, i); let word1 = wInPlace(w1, b, i); let word2 = wInPlace(w2, b, i); let word3 = wInPlace(w3, b, i);
      {
        let m = mat4x4<f32>((word0[0] * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - offsets[0]) * s0, (word1[0] * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - offsets[0]) * s1, (word2[0] * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - offsets[0]) * s2, (word3[0] * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - offsets[0]) * s3);
        let k = 8u * b + 0u + i;
        a0 += xLoad(x0, k) * m;
        a1 += xLoad(x1, k) * m;
        a2 += xLoad(x2, k) * m;
        a3 += xLoad(x3, k) * m;
        a4 += xLoad(x4, k) * m;
        a5 += xLoad(x5, k) * m;
        a6 += xLoad(x6, k) * m;
        a7 += xLoad(x7, k) * m;
      }
      {
        let m = mat4x4<f32>((word0[1] * vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09) - offsets[1]) * s0, (word1[1] * vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09) - offsets[1]) * s1, (word2[1] * vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09) - offsets[1]) * s2, (word3[1] * vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09) - offsets[1]) * s3);
        let k = 8u * b + 4u + i;
        a0 += xLoad(x0, k) * m;
        a1 += xLoad(x1, k) * m;
        a2 += xLoad(x2, k) * m;
        a3 += xLoad(x3, k) * m;
        a4 += xLoad(x4, k) * m;
        a5 += xLoad(x5, k) * m;
        a6 += xLoad(x6, k) * m;
        a7 += xLoad(x7, k) * m;
      }
    }
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=nk/residual=0/rows=8/shareX=0/staged=0/vec4=1/weights=q4_K/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 256u) * 36u; }
fn wPair(v: u32) -> vec2<f32> {
  let m = vec2<u32>((v * 8192u) & 0x0fffe000u, bitcast<u32>(f32(i32(v & 0x7fff0000u)) + 0x1p38f) * 4096u); // m << 13 of each half
  let n = bitcast<vec2<f32>>(m + 0x38000000u);
  let magnitude = select(n, 2.0 * n - 0x1p-14f, bitcast<vec2<i32>>(m) < vec2<i32>(0x800000));
  return bitcast<vec2<f32>>(bitcast<vec2<u32>>(magnitude) | vec2<u32>((v & 0x8000u) * 65536u, v & 0x80000000u));
}
fn wWords(start: u32, c: u32) -> vec2<u32> {
  let sb = start + (c / 4u) * 36u;
  let q = sb + 4u + 8u * (c % 4u); return vec2<u32>(q, q);
}
struct wChunk { offsets: mat2x4<f32>, upper: bool, lowMasks: vec4<u32>, lowUnplace: vec4<f32>, topMasks: vec4<u32>, topUnplace: vec4<f32> }
fn wChunkOf(c: u32) -> wChunk {
  let upper = c % 4u >= 2u;
  let j = 2u * (c % 2u); // the bytes of sub-blocks 2 (c % 4) and 2 (c % 4) + 1 (less 4 when upper)
  let place = select(vec2<u32>(0xffu, 0xff00u), vec2<u32>(0xff0000u, 0xff000000u), j == 2u);
  let unplace = select(vec2<f32>(1.0, 0x1p-8f), vec2<f32>(0x1p-16f, 0x1p-24f), j == 2u);
  let low = select(vec2<u32>(0x3f3f3f3fu), vec2<u32>(0x0f0f0f0fu, 0xf0f0f0f0u), upper); // sc's, m's
  let lowUnplace = select(vec2<f32>(1.0), vec2<f32>(1.0, 0.0625), upper);
  let top = select(0u, 0xc0c0c0c0u, upper);
  return wChunk(mat2x4<f32>(vec4<f32>(0.0), vec4<f32>(0.0, 0.0, 0.0, -8.0)), upper, vec4<u32>(low, low) & place.xxyy, vec4<f32>(lowUnplace, lowUnplace) * unplace.xxyy,
    vec4<u32>(top) & place.xxyy, vec4<f32>(0.25) * unplace.xxyy);
}
fn wInPlace(at: vec2<u32>, k: wChunk, i: u32) -> mat2x4<f32> {
  let q = w[at.x + i];
  return mat2x4<f32>(vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(q) & vec4<u32>(0xfu, 0xf00u, 0xf0000u, 0xf000000u))), vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(q ^ 0x80000000u) & vec4<u32>(0xf0u, 0xf000u, 0xf00000u, 0xf0000000u))));
}
fn wScaleMins(start: u32, c: u32, k: wChunk) -> vec4<f32> {
  let sb = start + (c / 4u) * 36u;
  let scales = vec2<u32>(w[sb + 1u], w[sb + 2u]);
  let low = select(scales, vec2<u32>(w[sb + 3u]), k.upper);
  let six = vec4<f32>(vec4<u32>(low, low) & k.lowMasks) * k.lowUnplace + vec4<f32>(vec4<u32>(scales, scales) & k.topMasks) * k.topUnplace;
  return wPair(w[sb]).xyxy * six;
}
fn wQuants(start: u32, c: u32, k: wChunk, i: u32, second: bool) -> vec4<f32> {
  let r = u32(second);
  return wInPlace(wWords(start, c), k, i)[r] * select(vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08), vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09), second) - k.offsets[r];
}
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = c4 / 16u;
  let high = (c4 % 16u) >= 8u;
  let k = wChunkOf(c);
  let sm = wScaleMins(start, c, k);
  return select(sm.x, sm.z, high) * wQuants(start, c, k, c4 % 8u, high) - select(sm.y, sm.w, high);
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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var b = 0u; b < p.K / 64u; b++) {
    let kc = wChunkOf(b);
    let wq0 = wWords(w0, b); let wq1 = wWords(w1, b); let wq2 = wWords(w2, b); let wq3 = wWords(w3, b);
    let sm0 = wScaleMins(w0, b, kc); let sm1 = wScaleMins(w1, b, kc); let sm2 = wScaleMins(w2, b, kc); let sm3 = wScaleMins(w3, b, kc);
    for (var i = 0u; i < 8u; i++) {
      let word0 = wInPlace(wq0, kc, i); let word1 = wInPlace(wq1, kc, i); let word2 = wInPlace(wq2, kc, i); let word3 = wInPlace(wq3, kc, i);
      {
        let m = mat4x4<f32>((word0[0] * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - kc.offsets[0]) * sm0.x - sm0.y, (word1[0] * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - kc.offsets[0]) * sm1.x - sm1.y, (word2[0] * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - kc.offsets[0]) * sm2.x - sm2.y, (word3[0] * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - kc.offsets[0]) * sm3.x - sm3.y);
        let k = 16u * b + 0u + i;
        a0 += xLoad(x0, k) * m;
        a1 += xLoad(x1, k) * m;
        a2 += xLoad(x2, k) * m;
        a3 += xLoad(x3, k) * m;
        a4 += xLoad(x4, k) * m;
        a5 += xLoad(x5, k) * m;
        a6 += xLoad(x6, k) * m;
        a7 += xLoad(x7, k) * m;
      }
      {
        let m = mat4x4<f32>((word0[1] * vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09) - kc.offsets[1]) * sm0.z - sm0.w, (word1[1] * vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09) - kc.offsets[1]) * sm1.z - sm1.w, (word2[1] * vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09) - kc.offsets[1]) * sm2.z - sm2.w, (word3[1] * vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09) - kc.offsets[1]) * sm3.z - sm3.w);
        let k = 16u * b + 8u + i;
        a0 += xLoad(x0, k) * m;
        a1 += xLoad(x1, k) * m;
        a2 += xLoad(x2, k) * m;
        a3 += xLoad(x3, k) * m;
        a4 += xLoad(x4, k) * m;
        a5 += xLoad(x5, k) * m;
        a6 += xLoad(x6, k) * m;
        a7 += xLoad(x7, k) * m;
      }
    }
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=nk/residual=0/rows=8/shareX=0/staged=0/vec4=1/weights=q5_K/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 256u) * 44u; }
fn wPair(v: u32) -> vec2<f32> {
  let m = vec2<u32>((v * 8192u) & 0x0fffe000u, bitcast<u32>(f32(i32(v & 0x7fff0000u)) + 0x1p38f) * 4096u); // m << 13 of each half
  let n = bitcast<vec2<f32>>(m + 0x38000000u);
  let magnitude = select(n, 2.0 * n - 0x1p-14f, bitcast<vec2<i32>>(m) < vec2<i32>(0x800000));
  return bitcast<vec2<f32>>(bitcast<vec2<u32>>(magnitude) | vec2<u32>((v & 0x8000u) * 65536u, v & 0x80000000u));
}
fn wWords(start: u32, c: u32) -> vec2<u32> {
  let sb = start + (c / 4u) * 44u;
  return vec2<u32>(sb + 12u + 8u * (c % 4u), sb + 4u);
}
struct wChunk {
  firstMask: u32, firstMul: u32, nibbleMul: u32, firstPlaces: vec4<u32>,
  second: vec4<u32>, secondMul: f32, offsets: mat2x4<f32>, upper: bool, lowMasks: vec4<u32>, lowUnplace: vec4<f32>, topMasks: vec4<u32>, topUnplace: vec4<f32>,
}
fn wChunkOf(c: u32) -> wChunk {
  let upper = c % 4u >= 2u;
  let j = 2u * (c % 2u); // the bytes of sub-blocks 2 (c % 4) and 2 (c % 4) + 1 (less 4 when upper)
  let place = select(vec2<u32>(0xffu, 0xff00u), vec2<u32>(0xff0000u, 0xff000000u), j == 2u);
  let unplace = select(vec2<f32>(1.0, 0x1p-8f), vec2<f32>(0x1p-16f, 0x1p-24f), j == 2u);
  let low = select(vec2<u32>(0x3f3f3f3fu), vec2<u32>(0x0f0f0f0fu, 0xf0f0f0f0u), upper); // sc's, m's
  let lowUnplace = select(vec2<f32>(1.0), vec2<f32>(1.0, 0.0625), upper);
  let top = select(0u, 0xc0c0c0c0u, upper);
  let b = 2u * (c % 4u);
  let down = b == 6u;
  return wChunk(0x01010101u << b, select(1u << (4u - b), 1u, down), select(1u, 4u, down),
    vec4<u32>(select(0x1f1f1f1fu, 0x7c7c7c7cu, down)) & vec4<u32>(0xffu, 0xff00u, 0xff0000u, 0xff000000u),
    vec4<u32>(0x02020202u << b) & vec4<u32>(0xffu, 0xff00u, 0xff0000u, 0xff000000u), ldexp(1.0, 7 - i32(b)),
    mat2x4<f32>(vec4<f32>(0.0), vec4<f32>(0.0, 0.0, 0.0, select(-8.0, -24.0, down))), upper, vec4<u32>(low, low) & place.xxyy, vec4<f32>(lowUnplace, lowUnplace) * unplace.xxyy * vec4<f32>(select(1.0, 0.25, down), 1.0, 1.0, 1.0),
    vec4<u32>(top) & place.xxyy, vec4<f32>(0.25) * unplace.xxyy * vec4<f32>(select(1.0, 0.25, down), 1.0, 1.0, 1.0));
}
fn wInPlace(at: vec2<u32>, k: wChunk, i: u32) -> mat2x4<f32> {
  let q = w[at.x + i];
  let qh = w[at.y + i];
  return mat2x4<f32>(vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(((q & 0x0f0f0f0fu) * k.nibbleMul) | ((qh & k.firstMask) * k.firstMul)) & k.firstPlaces)), vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(q ^ 0x80000000u) & vec4<u32>(0xf0u, 0xf000u, 0xf00000u, 0xf0000000u))) + vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(qh ^ 0x80000000u) & k.second)) * k.secondMul);
}
fn wScaleMins(start: u32, c: u32, k: wChunk) -> vec4<f32> {
  let sb = start + (c / 4u) * 44u;
  let scales = vec2<u32>(w[sb + 1u], w[sb + 2u]);
  let low = select(scales, vec2<u32>(w[sb + 3u]), k.upper);
  let six = vec4<f32>(vec4<u32>(low, low) & k.lowMasks) * k.lowUnplace + vec4<f32>(vec4<u32>(scales, scales) & k.topMasks) * k.topUnplace;
  return wPair(w[sb]).xyxy * six;
}
fn wQuants(start: u32, c: u32, k: wChunk, i: u32, second: bool) -> vec4<f32> {
  let r = u32(second);
  return wInPlace(wWords(start, c), k, i)[r] * select(vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08), vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09), second) - k.offsets[r];
}
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = c4 / 16u;
  let high = (c4 % 16u) >= 8u;
  let k = wChunkOf(c);
  let sm = wScaleMins(start, c, k);
  return select(sm.x, sm.z, high) * wQuants(start, c, k, c4 % 8u, high) - select(sm.y, sm.w, high);
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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var b = 0u; b < p.K / 64u; b++) {
    let kc = wChunkOf(b);
    let wq0 = wWords(w0, b); let wq1 = wWords(w1, b); let wq2 = wWords(w2, b); let wq3 = wWords(w3, b);
    let sm0 = wScaleMins(w0, b, kc); let sm1 = wScaleMins(w1, b, kc); let sm2 = wScaleMins(w2, b, kc); let sm3 = wScaleMins(w3, b, kc);
    for (var i = 0u; i < 8u; i++) {
      let word0 = wInPlace(wq0, kc, i); let word1 = wInPlace(wq1, kc, i); let word2 = wInPlace(wq2, kc, i); let word3 = wInPlace(wq3, kc, i);
      {
        let m = mat4x4<f32>((word0[0] * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - kc.offsets[0]) * sm0.x - sm0.y, (word1[0] * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - kc.offsets[0]) * sm1.x - sm1.y, (word2[0] * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - kc.offsets[0]) * sm2.x - sm2.y, (word3[0] * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - kc.offsets[0]) * sm3.x - sm3.y);
        let k = 16u * b + 0u + i;
        a0 += xLoad(x0, k) * m;
        a1 += xLoad(x1, k) * m;
        a2 += xLoad(x2, k) * m;
        a3 += xLoad(x3, k) * m;
        a4 += xLoad(x4, k) * m;
        a5 += xLoad(x5, k) * m;
        a6 += xLoad(x6, k) * m;
        a7 += xLoad(x7, k) * m;
      }
      {
        let m = mat4x4<f32>((word0[1] * vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09) - kc.offsets[1]) * sm0.z - sm0.w, (word1[1] * vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09) - kc.offsets[1]) * sm1.z - sm1.w, (word2[1] * vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09) - kc.offsets[1]) * sm2.z - sm2.w, (word3[1] * vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09) - kc.offsets[1]) * sm3.z - sm3.w);
        let k = 16u * b + 8u + i;
        a0 += xLoad(x0, k) * m;
        a1 += xLoad(x1, k) * m;
        a2 += xLoad(x2, k) * m;
        a3 += xLoad(x3, k) * m;
        a4 += xLoad(x4, k) * m;
        a5 += xLoad(x5, k) * m;
        a6 += xLoad(x6, k) * m;
        a7 += xLoad(x7, k) * m;
      }
    }
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=nk/residual=0/rows=8/shareX=0/staged=0/vec4=1/weights=q6_K/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 256u) * 53u; }
fn wPair(v: u32) -> vec2<f32> {
  let m = vec2<u32>((v * 8192u) & 0x0fffe000u, bitcast<u32>(f32(i32(v & 0x7fff0000u)) + 0x1p38f) * 4096u); // m << 13 of each half
  let n = bitcast<vec2<f32>>(m + 0x38000000u);
  let magnitude = select(n, 2.0 * n - 0x1p-14f, bitcast<vec2<i32>>(m) < vec2<i32>(0x800000));
  return bitcast<vec2<f32>>(bitcast<vec2<u32>>(magnitude) | vec2<u32>((v & 0x8000u) * 65536u, v & 0x80000000u));
}
fn wWords(start: u32, c: u32) -> vec2<u32> {
  let sb = start + (c / 4u) * 53u;
  return vec2<u32>(sb + 8u * (c % 4u), sb + 32u + 8u * ((c % 4u) / 2u));
}
struct wChunk {
  firstMask: u32, secondMask: u32, highMul: u32, topMask: u32, topMul: f32, offsets: mat2x4<f32>,
  scaleMasks: vec4<u32>, scaleUnplace: vec4<f32>, scaleOffsets: vec4<f32>,
}
fn wChunkOf(c: u32) -> wChunk {
  let g = c % 2u;
  let masks = select(vec2<u32>(0xffu, 0xff00u), vec2<u32>(0xff0000u, 0xff000000u), g == 1u);
  let unplace = select(vec2<f32>(1.0, 0x1p-8f), vec2<f32>(0x1p-16f, 0x1p-24f), g == 1u);
  return wChunk(select(0x03030303u, 0x0c0c0c0cu, g == 1u), select(0x30303030u, 0xc0c0c0c0u, g == 1u), select(16u, 4u, g == 1u),
    select(0x30000000u, 0xc0000000u, g == 1u), select(16.0, 4.0, g == 1u),
    mat2x4<f32>(vec4<f32>(32.0), vec4<f32>(32.0, 32.0, 32.0, select(24.0, -8.0, g == 1u))),
    vec4<u32>(masks, masks), vec4<f32>(unplace, unplace), vec4<f32>(128.0, select(128.0, 0.0, g == 1u), 128.0, select(128.0, 0.0, g == 1u)));
}
fn wInPlace(at: vec2<u32>, k: wChunk, i: u32) -> mat2x4<f32> {
  let q = w[at.x + i];
  let qh = w[at.y + i];
  return mat2x4<f32>(vec4<f32>(bitcast<vec4<i32>>(vec4<u32>((q & 0x0f0f0f0fu) | ((qh & k.firstMask) * k.highMul)) & vec4<u32>(0x3fu, 0x3f00u, 0x3f0000u, 0x3f000000u))), vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(((q & 0xf0f0f0f0u) | ((qh & k.secondMask) * k.highMul)) ^ 0x80000000u) & vec4<u32>(0x3f0u, 0x3f000u, 0x3f00000u, 0xf0000000u))) + vec4<f32>(0.0, 0.0, 0.0, f32(bitcast<i32>((qh ^ 0x80000000u) & k.topMask)) * k.topMul));
}
fn wScales(start: u32, c: u32, k: wChunk) -> vec4<f32> {
  let sb = start + (c / 4u) * 53u;
  let first = w[sb + 48u + 2u * ((c % 4u) / 2u)] ^ 0x808080u;
  let second = w[sb + 49u + 2u * ((c % 4u) / 2u)] ^ 0x808080u;
  let scales = vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(first, first, second, second) & k.scaleMasks)) * k.scaleUnplace - k.scaleOffsets;
  return wPair(w[sb + 52u]).x * scales;
}
fn wQuants(start: u32, c: u32, k: wChunk, i: u32, second: bool) -> vec4<f32> {
  let r = u32(second);
  return wInPlace(wWords(start, c), k, i)[r] * select(vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08), vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09), second) - k.offsets[r];
}
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let v = c4 % 64u; // the vec4 within its super-block
  let c = 4u * (c4 / 64u) + 2u * (v / 32u) + (v / 8u) % 2u;
  let second = (v % 32u) >= 16u;
  let i = v % 8u;
  let k = wChunkOf(c);
  return wScales(start, c, k)[2u * u32(second) + i / 4u] * wQuants(start, c, k, i, second);
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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var b = 0u; b < p.K / 64u; b++) {
    let kc = wChunkOf(b);
    let wq0 = wWords(w0, b); let wq1 = wWords(w1, b); let wq2 = wWords(w2, b); let wq3 = wWords(w3, b);
    let sc0 = wScales(w0, b, kc); let sc1 = wScales(w1, b, kc); let sc2 = wScales(w2, b, kc); let sc3 = wScales(w3, b, kc);
    for (var i = 0u; i < 8u; i++) {
      let word0 = wInPlace(wq0, kc, i); let word1 = wInPlace(wq1, kc, i); let word2 = wInPlace(wq2, kc, i); let word3 = wInPlace(wq3, kc, i);
      {
        let m = mat4x4<f32>((word0[0] * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - kc.offsets[0]) * sc0[0u + i / 4u], (word1[0] * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - kc.offsets[0]) * sc1[0u + i / 4u], (word2[0] * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - kc.offsets[0]) * sc2[0u + i / 4u], (word3[0] * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - kc.offsets[0]) * sc3[0u + i / 4u]);
        let k = 16u * b - 8u * (b % 2u) + 0u + i;
        a0 += xLoad(x0, k) * m;
        a1 += xLoad(x1, k) * m;
        a2 += xLoad(x2, k) * m;
        a3 += xLoad(x3, k) * m;
        a4 += xLoad(x4, k) * m;
        a5 += xLoad(x5, k) * m;
        a6 += xLoad(x6, k) * m;
        a7 += xLoad(x7, k) * m;
      }
      {
        let m = mat4x4<f32>((word0[1] * vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09) - kc.offsets[1]) * sc0[2u + i / 4u], (word1[1] * vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09) - kc.offsets[1]) * sc1[2u + i / 4u], (word2[1] * vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09) - kc.offsets[1]) * sc2[2u + i / 4u], (word3[1] * vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09) - kc.offsets[1]) * sc3[2u + i / 4u]);
        let k = 16u * b - 8u * (b % 2u) + 16u + i;
        a0 += xLoad(x0, k) * m;
        a1 += xLoad(x1, k) * m;
        a2 += xLoad(x2, k) * m;
        a3 += xLoad(x3, k) * m;
        a4 += xLoad(x4, k) * m;
        a5 += xLoad(x5, k) * m;
        a6 += xLoad(x6, k) * m;
        a7 += xLoad(x7, k) * m;
      }
    }
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=nk/residual=0/rows=8/shareX=0/staged=0/vec4=1/weights=q8_0/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 32u) * 9u; }
fn wScale(start: u32, b: u32) -> f32 { return bitcast<f32>(w[start + b * 9u]); }
fn wInPlace(start: u32, b: u32, i: u32) -> vec4<f32> {
  let q = w[start + b * 9u + 1u + i] ^ 0x808080u;
  return vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(q) & vec4<u32>(0xffu, 0xff00u, 0xff0000u, 0xff000000u)));
}
fn wQuad(start: u32, b: u32, i: u32) -> vec4<f32> {
  return wInPlace(start, b, i) * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - vec4<f32>(128.0, 128.0, 128.0, 0.0);
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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var b = 0u; b < p.K / 32u; b++) {
    let s0 = wScale(w0, b); let s1 = wScale(w1, b); let s2 = wScale(w2, b); let s3 = wScale(w3, b);
    for (var i = 0u; i < 8u; i++) {
      let word0 = wInPlace(w0, b, i); let word1 = wInPlace(w1, b, i); let word2 = wInPlace(w2, b, i); let word3 = wInPlace(w3, b, i);
      {
        let m = mat4x4<f32>((word0 * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - vec4<f32>(128.0, 128.0, 128.0, 0.0)) * s0, (word1 * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - vec4<f32>(128.0, 128.0, 128.0, 0.0)) * s1, (word2 * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - vec4<f32>(128.0, 128.0, 128.0, 0.0)) * s2, (word3 * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - vec4<f32>(128.0, 128.0, 128.0, 0.0)) * s3);
        let k = 8u * b + 0u + i;
        a0 += xLoad(x0, k) * m;
        a1 += xLoad(x1, k) * m;
        a2 += xLoad(x2, k) * m;
        a3 += xLoad(x3, k) * m;
        a4 += xLoad(x4, k) * m;
        a5 += xLoad(x5, k) * m;
        a6 += xLoad(x6, k) * m;
        a7 += xLoad(x7, k) * m;
      }
    }
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=nk/residual=0/rows=8/shareX=1/staged=0/vec4=0/weights=bf16/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wPair(v: u32) -> vec2<f32> { return vec2<f32>(bitcast<f32>(v * 65536u), bitcast<f32>(v & 0xffff0000u)); }
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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += subgroupBroadcast(xl0, 0u) * m;
    a1 += subgroupBroadcast(xl0, 1u) * m;
    a2 += subgroupBroadcast(xl0, 2u) * m;
    a3 += subgroupBroadcast(xl0, 3u) * m;
    a4 += subgroupBroadcast(xl1, 0u) * m;
    a5 += subgroupBroadcast(xl1, 1u) * m;
    a6 += subgroupBroadcast(xl1, 2u) * m;
    a7 += subgroupBroadcast(xl1, 3u) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=nk/residual=0/rows=8/shareX=1/staged=0/vec4=0/weights=f16/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

fn xStart(row: u32) -> u32 { return row * p.K; }
fn xLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, x[start + min(c + 0u, p.K - 1u)], c + 0u < p.K), select(0.0, x[start + min(c + 1u, p.K - 1u)], c + 1u < p.K), select(0.0, x[start + min(c + 2u, p.K - 1u)], c + 2u < p.K), select(0.0, x[start + min(c + 3u, p.K - 1u)], c + 3u < p.K));
}
fn xAt(row: u32, c4: u32) -> vec4<f32> { return xLoad(xStart(row), c4); }
fn wPair(v: u32) -> vec2<f32> {
  let m = vec2<u32>((v * 8192u) & 0x0fffe000u, bitcast<u32>(f32(i32(v & 0x7fff0000u)) + 0x1p38f) * 4096u); // m << 13 of each half
  let n = bitcast<vec2<f32>>(m + 0x38000000u);
  let magnitude = select(n, 2.0 * n - 0x1p-14f, bitcast<vec2<i32>>(m) < vec2<i32>(0x800000));
  return bitcast<vec2<f32>>(bitcast<vec2<u32>>(magnitude) | vec2<u32>((v & 0x8000u) * 65536u, v & 0x80000000u));
}
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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += subgroupBroadcast(xl0, 0u) * m;
    a1 += subgroupBroadcast(xl0, 1u) * m;
    a2 += subgroupBroadcast(xl0, 2u) * m;
    a3 += subgroupBroadcast(xl0, 3u) * m;
    a4 += subgroupBroadcast(xl1, 0u) * m;
    a5 += subgroupBroadcast(xl1, 1u) * m;
    a6 += subgroupBroadcast(xl1, 2u) * m;
    a7 += subgroupBroadcast(xl1, 3u) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=nk/residual=0/rows=8/shareX=1/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += subgroupBroadcast(xl0, 0u) * m;
    a1 += subgroupBroadcast(xl0, 1u) * m;
    a2 += subgroupBroadcast(xl0, 2u) * m;
    a3 += subgroupBroadcast(xl0, 3u) * m;
    a4 += subgroupBroadcast(xl1, 0u) * m;
    a5 += subgroupBroadcast(xl1, 1u) * m;
    a6 += subgroupBroadcast(xl1, 2u) * m;
    a7 += subgroupBroadcast(xl1, 3u) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=nk/residual=0/rows=8/shareX=1/staged=0/vec4=1/weights=bf16/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec2<u32>>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wPair(v: u32) -> vec2<f32> { return vec2<f32>(bitcast<f32>(v * 65536u), bitcast<f32>(v & 0xffff0000u)); }
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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += subgroupBroadcast(xl0, 0u) * m;
    a1 += subgroupBroadcast(xl0, 1u) * m;
    a2 += subgroupBroadcast(xl0, 2u) * m;
    a3 += subgroupBroadcast(xl0, 3u) * m;
    a4 += subgroupBroadcast(xl1, 0u) * m;
    a5 += subgroupBroadcast(xl1, 1u) * m;
    a6 += subgroupBroadcast(xl1, 2u) * m;
    a7 += subgroupBroadcast(xl1, 3u) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=nk/residual=0/rows=8/shareX=1/staged=0/vec4=1/weights=f16/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec2<u32>>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wPair(v: u32) -> vec2<f32> {
  let m = vec2<u32>((v * 8192u) & 0x0fffe000u, bitcast<u32>(f32(i32(v & 0x7fff0000u)) + 0x1p38f) * 4096u); // m << 13 of each half
  let n = bitcast<vec2<f32>>(m + 0x38000000u);
  let magnitude = select(n, 2.0 * n - 0x1p-14f, bitcast<vec2<i32>>(m) < vec2<i32>(0x800000));
  return bitcast<vec2<f32>>(bitcast<vec2<u32>>(magnitude) | vec2<u32>((v & 0x8000u) * 65536u, v & 0x80000000u));
}
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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += subgroupBroadcast(xl0, 0u) * m;
    a1 += subgroupBroadcast(xl0, 1u) * m;
    a2 += subgroupBroadcast(xl0, 2u) * m;
    a3 += subgroupBroadcast(xl0, 3u) * m;
    a4 += subgroupBroadcast(xl1, 0u) * m;
    a5 += subgroupBroadcast(xl1, 1u) * m;
    a6 += subgroupBroadcast(xl1, 2u) * m;
    a7 += subgroupBroadcast(xl1, 3u) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=nk/residual=0/rows=8/shareX=1/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += subgroupBroadcast(xl0, 0u) * m;
    a1 += subgroupBroadcast(xl0, 1u) * m;
    a2 += subgroupBroadcast(xl0, 2u) * m;
    a3 += subgroupBroadcast(xl0, 3u) * m;
    a4 += subgroupBroadcast(xl1, 0u) * m;
    a5 += subgroupBroadcast(xl1, 1u) * m;
    a6 += subgroupBroadcast(xl1, 2u) * m;
    a7 += subgroupBroadcast(xl1, 3u) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=nk/residual=0/rows=8/shareX=1/staged=0/vec4=1/weights=q4_0/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 32u) * 5u; }
fn wScale(start: u32, b: u32) -> f32 { return bitcast<f32>(w[start + b * 5u]); }
fn wInPlace(start: u32, b: u32, i: u32) -> mat2x4<f32> {
  let q = w[start + b * 5u + 1u + i];
  return mat2x4<f32>(vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(q) & vec4<u32>(0xfu, 0xf00u, 0xf0000u, 0xf000000u))), vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(q ^ 0x80000000u) & vec4<u32>(0xf0u, 0xf000u, 0xf00000u, 0xf0000000u))));
}
fn wQuads(start: u32, b: u32, i: u32) -> mat2x4<f32> {
  let n = wInPlace(start, b, i);
  return mat2x4<f32>(n[0] * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08), n[1] * vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09)) - mat2x4<f32>(vec4<f32>(8.0), vec4<f32>(8.0, 8.0, 8.0, 0.0));
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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var b = 0u; b < p.K / 32u; b++) {
    let offsets = mat2x4<f32>(vec4<f32>(8.0), vec4<f32>(8.0, 8.0, 8.0, 0.0));
    let s0 = wScale(w0, b); let s1 = wScale(w1, b); let s2 = wScale(w2, b); let s3 = wScale(w3, b);
    for (var i = 0u; i < 4u; i++) {
      let word0 = wInPlace(w0, b, i); let word1 = wInPlace(w1, b, i); let word2 = wInPlace(w2, b, i); let word3 = wInPlace(w3, b, i);
      {
        let m = mat4x4<f32>((word0[0] * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - offsets[0]) * s0, (word1[0] * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - offsets[0]) * s1, (word2[0] * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - offsets[0]) * s2, (word3[0] * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - offsets[0]) * s3);
        let k = 8u * b + 0u + i;
        let xl0 = xLoad(x0, k);
        let xl1 = xLoad(x1, k);
        a0 += subgroupBroadcast(xl0, 0u) * m;
        a1 += subgroupBroadcast(xl0, 1u) * m;
        a2 += subgroupBroadcast(xl0, 2u) * m;
        a3 += subgroupBroadcast(xl0, 3u) * m;
        a4 += subgroupBroadcast(xl1, 0u) * m;
        a5 += subgroupBroadcast(xl1, 1u) * m;
        a6 += subgroupBroadcast(xl1, 2u) * m;
        a7 += subgroupBroadcast(xl1, 3u) * m;
      }
      {
        let m = mat4x4<f32>((word0[1] * vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09) - offsets[1]) * s0, (word1[1] * vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09) - offsets[1]) * s1, (word2[1] * vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09) - offsets[1]) * s2, (word3[1] * vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09) - offsets[1]) * s3);
        let k = 8u * b + 4u + i;
        let xl0 = xLoad(x0, k);
        let xl1 = xLoad(x1, k);
        a0 += subgroupBroadcast(xl0, 0u) * m;
        a1 += subgroupBroadcast(xl0, 1u) * m;
        a2 += subgroupBroadcast(xl0, 2u) * m;
        a3 += subgroupBroadcast(xl0, 3u) * m;
        a4 += subgroupBroadcast(xl1, 0u) * m;
        a5 += subgroupBroadcast(xl1, 1u) * m;
        a6 += subgroupBroadcast(xl1, 2u) * m;
        a7 += subgroupBroadcast(xl1, 3u) * m;
      }
    }
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=nk/residual=0/rows=8/shareX=1/staged=0/vec4=1/weights=q4_K/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 256u) * 36u; }
fn wPair(v: u32) -> vec2<f32> {
  let m = vec2<u32>((v * 8192u) & 0x0fffe000u, bitcast<u32>(f32(i32(v & 0x7fff0000u)) + 0x1p38f) * 4096u); // m << 13 of each half
  let n = bitcast<vec2<f32>>(m + 0x38000000u);
  let magnitude = select(n, 2.0 * n - 0x1p-14f, bitcast<vec2<i32>>(m) < vec2<i32>(0x800000));
  return bitcast<vec2<f32>>(bitcast<vec2<u32>>(magnitude) | vec2<u32>((v & 0x8000u) * 65536u, v & 0x80000000u));
}
fn wWords(start: u32, c: u32) -> vec2<u32> {
  let sb = start + (c / 4u) * 36u;
  let q = sb + 4u + 8u * (c % 4u); return vec2<u32>(q, q);
}
struct wChunk { offsets: mat2x4<f32>, upper: bool, lowMasks: vec4<u32>, lowUnplace: vec4<f32>, topMasks: vec4<u32>, topUnplace: vec4<f32> }
fn wChunkOf(c: u32) -> wChunk {
  let upper = c % 4u >= 2u;
  let j = 2u * (c % 2u); // the bytes of sub-blocks 2 (c % 4) and 2 (c % 4) + 1 (less 4 when upper)
  let place = select(vec2<u32>(0xffu, 0xff00u), vec2<u32>(0xff0000u, 0xff000000u), j == 2u);
  let unplace = select(vec2<f32>(1.0, 0x1p-8f), vec2<f32>(0x1p-16f, 0x1p-24f), j == 2u);
  let low = select(vec2<u32>(0x3f3f3f3fu), vec2<u32>(0x0f0f0f0fu, 0xf0f0f0f0u), upper); // sc's, m's
  let lowUnplace = select(vec2<f32>(1.0), vec2<f32>(1.0, 0.0625), upper);
  let top = select(0u, 0xc0c0c0c0u, upper);
  return wChunk(mat2x4<f32>(vec4<f32>(0.0), vec4<f32>(0.0, 0.0, 0.0, -8.0)), upper, vec4<u32>(low, low) & place.xxyy, vec4<f32>(lowUnplace, lowUnplace) * unplace.xxyy,
    vec4<u32>(top) & place.xxyy, vec4<f32>(0.25) * unplace.xxyy);
}
fn wInPlace(at: vec2<u32>, k: wChunk, i: u32) -> mat2x4<f32> {
  let q = w[at.x + i];
  return mat2x4<f32>(vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(q) & vec4<u32>(0xfu, 0xf00u, 0xf0000u, 0xf000000u))), vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(q ^ 0x80000000u) & vec4<u32>(0xf0u, 0xf000u, 0xf00000u, 0xf0000000u))));
}
fn wScaleMins(start: u32, c: u32, k: wChunk) -> vec4<f32> {
  let sb = start + (c / 4u) * 36u;
  let scales = vec2<u32>(w[sb + 1u], w[sb + 2u]);
  let low = select(scales, vec2<u32>(w[sb + 3u]), k.upper);
  let six = vec4<f32>(vec4<u32>(low, low) & k.lowMasks) * k.lowUnplace + vec4<f32>(vec4<u32>(scales, scales) & k.topMasks) * k.topUnplace;
  return wPair(w[sb]).xyxy * six;
}
fn wQuants(start: u32, c: u32, k: wChunk, i: u32, second: bool) -> vec4<f32> {
  let r = u32(second);
  return wInPlace(wWords(start, c), k, i)[r] * select(vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08), vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09), second) - k.offsets[r];
}
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = c4 / 16u;
  let high = (c4 % 16u) >= 8u;
  let k = wChunkOf(c);
  let sm = wScaleMins(start, c, k);
  return select(sm.x, sm.z, high) * wQuants(start, c, k, c4 % 8u, high) - select(sm.y, sm.w, high);
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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var b = 0u; b < p.K / 64u; b++) {
    let kc = wChunkOf(b);
    let wq0 = wWords(w0, b); let wq1 = wWords(w1, b); let wq2 = wWords(w2, b); let wq3 = wWords(w3, b);
    let sm0 = wScaleMins(w0, b, kc); let sm1 = wScaleMins(w1, b, kc); let sm2 = wScaleMins(w2, b, kc); let sm3 = wScaleMins(w3, b, kc);
    for (var i = 0u; i < 8u; i++) {
      let word0 = wInPlace(wq0, kc, i); let word1 = wInPlace(wq1, kc, i); let word2 = wInPlace(wq2, kc, i); let word3 = wInPlace(wq3, kc, i);
      {
        let m = mat4x4<f32>((word0[0] * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - kc.offsets[0]) * sm0.x - sm0.y, (word1[0] * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - kc.offsets[0]) * sm1.x - sm1.y, (word2[0] * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - kc.offsets[0]) * sm2.x - sm2.y, (word3[0] * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - kc.offsets[0]) * sm3.x - sm3.y);
        let k = 16u * b + 0u + i;
        let xl0 = xLoad(x0, k);
        let xl1 = xLoad(x1, k);
        a0 += subgroupBroadcast(xl0, 0u) * m;
        a1 += subgroupBroadcast(xl0, 1u) * m;
        a2 += subgroupBroadcast(xl0, 2u) * m;
        a3 += subgroupBroadcast(xl0, 3u) * m;
        a4 += subgroupBroadcast(xl1, 0u) * m;
        a5 += subgroupBroadcast(xl1, 1u) * m;
        a6 += subgroupBroadcast(xl1, 2u) * m;
        a7 += subgroupBroadcast(xl1, 3u) * m;
      }
      {
        let m = mat4x4<f32>((word0[1] * vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09) - kc.offsets[1]) * sm0.z - sm0.w, (word1[1] * vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09) - kc.offsets[1]) * sm1.z - sm1.w, (word2[1] * vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09) - kc.offsets[1]) * sm2.z - sm2.w, (word3[1] * vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09) - kc.offsets[1]) * sm3.z - sm3.w);
        let k = 16u * b + 8u + i;
        let xl0 = xLoad(x0, k);
        let xl1 = xLoad(x1, k);
        a0 += subgroupBroadcast(xl0, 0u) * m;
        a1 += subgroupBroadcast(xl0, 1u) * m;
        a2 += subgroupBroadcast(xl0, 2u) * m;
        a3 += subgroupBroadcast(xl0, 3u) * m;
        a4 += subgroupBroadcast(xl1, 0u) * m;
        a5 += subgroupBroadcast(xl1, 1u) * m;
        a6 += subgroupBroadcast(xl1, 2u) * m;
        a7 += subgroupBroadcast(xl1, 3u) * m;
      }
    }
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=nk/residual=0/rows=8/shareX=1/staged=0/vec4=1/weights=q5_K/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 256u) * 44u; }
fn wPair(v: u32) -> vec2<f32> {
  let m = vec2<u32>((v * 8192u) & 0x0fffe000u, bitcast<u32>(f32(i32(v & 0x7fff0000u)) + 0x1p38f) * 4096u); // m << 13 of each half
  let n = bitcast<vec2<f32>>(m + 0x38000000u);
  let magnitude = select(n, 2.0 * n - 0x1p-14f, bitcast<vec2<i32>>(m) < vec2<i32>(0x800000));
  return bitcast<vec2<f32>>(bitcast<vec2<u32>>(magnitude) | vec2<u32>((v & 0x8000u) * 65536u, v & 0x80000000u));
}
fn wWords(start: u32, c: u32) -> vec2<u32> {
  let sb = start + (c / 4u) * 44u;
  return vec2<u32>(sb + 12u + 8u * (c % 4u), sb + 4u);
}
struct wChunk {
  firstMask: u32, firstMul: u32, nibbleMul: u32, firstPlaces: vec4<u32>,
  second: vec4<u32>, secondMul: f32, offsets: mat2x4<f32>, upper: bool, lowMasks: vec4<u32>, lowUnplace: vec4<f32>, topMasks: vec4<u32>, topUnplace: vec4<f32>,
}
fn wChunkOf(c: u32) -> wChunk {
  let upper = c % 4u >= 2u;
  let j = 2u * (c % 2u); // the bytes of sub-blocks 2 (c % 4) and 2 (c % 4) + 1 (less 4 when upper)
  let place = select(vec2<u32>(0xffu, 0xff00u), vec2<u32>(0xff0000u, 0xff000000u), j == 2u);
  let unplace = select(vec2<f32>(1.0, 0x1p-8f), vec2<f32>(0x1p-16f, 0x1p-24f), j == 2u);
  let low = select(vec2<u32>(0x3f3f3f3fu), vec2<u32>(0x0f0f0f0fu, 0xf0f0f0f0u), upper); // sc's, m's
  let lowUnplace = select(vec2<f32>(1.0), vec2<f32>(1.0, 0.0625), upper);
  let top = select(0u, 0xc0c0c0c0u, upper);
  let b = 2u * (c % 4u);
  let down = b == 6u;
  return wChunk(0x01010101u << b, select(1u << (4u - b), 1u, down), select(1u, 4u, down),
    vec4<u32>(select(0x1f1f1f1fu, 0x7c7c7c7cu, down)) & vec4<u32>(0xffu, 0xff00u, 0xff0000u, 0xff000000u),
    vec4<u32>(0x02020202u << b) & vec4<u32>(0xffu, 0xff00u, 0xff0000u, 0xff000000u), ldexp(1.0, 7 - i32(b)),
    mat2x4<f32>(vec4<f32>(0.0), vec4<f32>(0.0, 0.0, 0.0, select(-8.0, -24.0, down))), upper, vec4<u32>(low, low) & place.xxyy, vec4<f32>(lowUnplace, lowUnplace) * unplace.xxyy * vec4<f32>(select(1.0, 0.25, down), 1.0, 1.0, 1.0),
    vec4<u32>(top) & place.xxyy, vec4<f32>(0.25) * unplace.xxyy * vec4<f32>(select(1.0, 0.25, down), 1.0, 1.0, 1.0));
}
fn wInPlace(at: vec2<u32>, k: wChunk, i: u32) -> mat2x4<f32> {
  let q = w[at.x + i];
  let qh = w[at.y + i];
  return mat2x4<f32>(vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(((q & 0x0f0f0f0fu) * k.nibbleMul) | ((qh & k.firstMask) * k.firstMul)) & k.firstPlaces)), vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(q ^ 0x80000000u) & vec4<u32>(0xf0u, 0xf000u, 0xf00000u, 0xf0000000u))) + vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(qh ^ 0x80000000u) & k.second)) * k.secondMul);
}
fn wScaleMins(start: u32, c: u32, k: wChunk) -> vec4<f32> {
  let sb = start + (c / 4u) * 44u;
  let scales = vec2<u32>(w[sb + 1u], w[sb + 2u]);
  let low = select(scales, vec2<u32>(w[sb + 3u]), k.upper);
  let six = vec4<f32>(vec4<u32>(low, low) & k.lowMasks) * k.lowUnplace + vec4<f32>(vec4<u32>(scales, scales) & k.topMasks) * k.topUnplace;
  return wPair(w[sb]).xyxy * six;
}
fn wQuants(start: u32, c: u32, k: wChunk, i: u32, second: bool) -> vec4<f32> {
  let r = u32(second);
  return wInPlace(wWords(start, c), k, i)[r] * select(vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08), vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09), second) - k.offsets[r];
}
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = c4 / 16u;
  let high = (c4 % 16u) >= 8u;
  let k = wChunkOf(c);
  let sm = wScaleMins(start, c, k);
  return select(sm.x, sm.z, high) * wQuants(start, c, k, c4 % 8u, high) - select(sm.y, sm.w, high);
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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var b = 0u; b < p.K / 64u; b++) {
    let kc = wChunkOf(b);
    let wq0 = wWords(w0, b); let wq1 = wWords(w1, b); let wq2 = wWords(w2, b); let wq3 = wWords(w3, b);
    let sm0 = wScaleMins(w0, b, kc); let sm1 = wScaleMins(w1, b, kc); let sm2 = wScaleMins(w2, b, kc); let sm3 = wScaleMins(w3, b, kc);
    for (var i = 0u; i < 8u; i++) {
      let word0 = wInPlace(wq0, kc, i); let word1 = wInPlace(wq1, kc, i); let word2 = wInPlace(wq2, kc, i); let word3 = wInPlace(wq3, kc, i);
      {
        let m = mat4x4<f32>((word0[0] * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - kc.offsets[0]) * sm0.x - sm0.y, (word1[0] * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - kc.offsets[0]) * sm1.x - sm1.y, (word2[0] * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - kc.offsets[0]) * sm2.x - sm2.y, (word3[0] * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - kc.offsets[0]) * sm3.x - sm3.y);
        let k = 16u * b + 0u + i;
        let xl0 = xLoad(x0, k);
        let xl1 = xLoad(x1, k);
        a0 += subgroupBroadcast(xl0, 0u) * m;
        a1 += subgroupBroadcast(xl0, 1u) * m;
        a2 += subgroupBroadcast(xl0, 2u) * m;
        a3 += subgroupBroadcast(xl0, 3u) * m;
        a4 += subgroupBroadcast(xl1, 0u) * m;
        a5 += subgroupBroadcast(xl1, 1u) * m;
        a6 += subgroupBroadcast(xl1, 2u) * m;
        a7 += subgroupBroadcast(xl1, 3u) * m;
      }
      {
        let m = mat4x4<f32>((word0[1] * vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09) - kc.offsets[1]) * sm0.z - sm0.w, (word1[1] * vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09) - kc.offsets[1]) * sm1.z - sm1.w, (word2[1] * vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09) - kc.offsets[1]) * sm2.z - sm2.w, (word3[1] * vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09) - kc.offsets[1]) * sm3.z - sm3.w);
        let k = 16u * b + 8u + i;
        let xl0 = xLoad(x0, k);
        let xl1 = xLoad(x1, k);
        a0 += subgroupBroadcast(xl0, 0u) * m;
        a1 += subgroupBroadcast(xl0, 1u) * m;
        a2 += subgroupBroadcast(xl0, 2u) * m;
        a3 += subgroupBroadcast(xl0, 3u) * m;
        a4 += subgroupBroadcast(xl1, 0u) * m;
        a5 += subgroupBroadcast(xl1, 1u) * m;
        a6 += subgroupBroadcast(xl1, 2u) * m;
        a7 += subgroupBroadcast(xl1, 3u) * m;
      }
    }
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=nk/residual=0/rows=8/shareX=1/staged=0/vec4=1/weights=q6_K/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 256u) * 53u; }
fn wPair(v: u32) -> vec2<f32> {
  let m = vec2<u32>((v * 8192u) & 0x0fffe000u, bitcast<u32>(f32(i32(v & 0x7fff0000u)) + 0x1p38f) * 4096u); // m << 13 of each half
  let n = bitcast<vec2<f32>>(m + 0x38000000u);
  let magnitude = select(n, 2.0 * n - 0x1p-14f, bitcast<vec2<i32>>(m) < vec2<i32>(0x800000));
  return bitcast<vec2<f32>>(bitcast<vec2<u32>>(magnitude) | vec2<u32>((v & 0x8000u) * 65536u, v & 0x80000000u));
}
fn wWords(start: u32, c: u32) -> vec2<u32> {
  let sb = start + (c / 4u) * 53u;
  return vec2<u32>(sb + 8u * (c % 4u), sb + 32u + 8u * ((c % 4u) / 2u));
}
struct wChunk {
  firstMask: u32, secondMask: u32, highMul: u32, topMask: u32, topMul: f32, offsets: mat2x4<f32>,
  scaleMasks: vec4<u32>, scaleUnplace: vec4<f32>, scaleOffsets: vec4<f32>,
}
fn wChunkOf(c: u32) -> wChunk {
  let g = c % 2u;
  let masks = select(vec2<u32>(0xffu, 0xff00u), vec2<u32>(0xff0000u, 0xff000000u), g == 1u);
  let unplace = select(vec2<f32>(1.0, 0x1p-8f), vec2<f32>(0x1p-16f, 0x1p-24f), g == 1u);
  return wChunk(select(0x03030303u, 0x0c0c0c0cu, g == 1u), select(0x30303030u, 0xc0c0c0c0u, g == 1u), select(16u, 4u, g == 1u),
    select(0x30000000u, 0xc0000000u, g == 1u), select(16.0, 4.0, g == 1u),
    mat2x4<f32>(vec4<f32>(32.0), vec4<f32>(32.0, 32.0, 32.0, select(24.0, -8.0, g == 1u))),
    vec4<u32>(masks, masks), vec4<f32>(unplace, unplace), vec4<f32>(128.0, select(128.0, 0.0, g == 1u), 128.0, select(128.0, 0.0, g == 1u)));
}
fn wInPlace(at: vec2<u32>, k: wChunk, i: u32) -> mat2x4<f32> {
  let q = w[at.x + i];
  let qh = w[at.y + i];
  return mat2x4<f32>(vec4<f32>(bitcast<vec4<i32>>(vec4<u32>((q & 0x0f0f0f0fu) | ((qh & k.firstMask) * k.highMul)) & vec4<u32>(0x3fu, 0x3f00u, 0x3f0000u, 0x3f000000u))), vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(((q & 0xf0f0f0f0u) | ((qh & k.secondMask) * k.highMul)) ^ 0x80000000u) & vec4<u32>(0x3f0u, 0x3f000u, 0x3f00000u, 0xf0000000u))) + vec4<f32>(0.0, 0.0, 0.0, f32(bitcast<i32>((qh ^ 0x80000000u) & k.topMask)) * k.topMul));
}
fn wScales(start: u32, c: u32, k: wChunk) -> vec4<f32> {
  let sb = start + (c / 4u) * 53u;
  let first = w[sb + 48u + 2u * ((c % 4u) / 2u)] ^ 0x808080u;
  let second = w[sb + 49u + 2u * ((c % 4u) / 2u)] ^ 0x808080u;
  let scales = vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(first, first, second, second) & k.scaleMasks)) * k.scaleUnplace - k.scaleOffsets;
  return wPair(w[sb + 52u]).x * scales;
}
fn wQuants(start: u32, c: u32, k: wChunk, i: u32, second: bool) -> vec4<f32> {
  let r = u32(second);
  return wInPlace(wWords(start, c), k, i)[r] * select(vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08), vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09), second) - k.offsets[r];
}
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let v = c4 % 64u; // the vec4 within its super-block
  let c = 4u * (c4 / 64u) + 2u * (v / 32u) + (v / 8u) % 2u;
  let second = (v % 32u) >= 16u;
  let i = v % 8u;
  let k = wChunkOf(c);
  return wScales(start, c, k)[2u * u32(second) + i / 4u] * wQuants(start, c, k, i, second);
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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var b = 0u; b < p.K / 64u; b++) {
    let kc = wChunkOf(b);
    let wq0 = wWords(w0, b); let wq1 = wWords(w1, b); let wq2 = wWords(w2, b); let wq3 = wWords(w3, b);
    let sc0 = wScales(w0, b, kc); let sc1 = wScales(w1, b, kc); let sc2 = wScales(w2, b, kc); let sc3 = wScales(w3, b, kc);
    for (var i = 0u; i < 8u; i++) {
      let word0 = wInPlace(wq0, kc, i); let word1 = wInPlace(wq1, kc, i); let word2 = wInPlace(wq2, kc, i); let word3 = wInPlace(wq3, kc, i);
      {
        let m = mat4x4<f32>((word0[0] * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - kc.offsets[0]) * sc0[0u + i / 4u], (word1[0] * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - kc.offsets[0]) * sc1[0u + i / 4u], (word2[0] * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - kc.offsets[0]) * sc2[0u + i / 4u], (word3[0] * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - kc.offsets[0]) * sc3[0u + i / 4u]);
        let k = 16u * b - 8u * (b % 2u) + 0u + i;
        let xl0 = xLoad(x0, k);
        let xl1 = xLoad(x1, k);
        a0 += subgroupBroadcast(xl0, 0u) * m;
        a1 += subgroupBroadcast(xl0, 1u) * m;
        a2 += subgroupBroadcast(xl0, 2u) * m;
        a3 += subgroupBroadcast(xl0, 3u) * m;
        a4 += subgroupBroadcast(xl1, 0u) * m;
        a5 += subgroupBroadcast(xl1, 1u) * m;
        a6 += subgroupBroadcast(xl1, 2u) * m;
        a7 += subgroupBroadcast(xl1, 3u) * m;
      }
      {
        let m = mat4x4<f32>((word0[1] * vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09) - kc.offsets[1]) * sc0[2u + i / 4u], (word1[1] * vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09) - kc.offsets[1]) * sc1[2u + i / 4u], (word2[1] * vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09) - kc.offsets[1]) * sc2[2u + i / 4u], (word3[1] * vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09) - kc.offsets[1]) * sc3[2u + i / 4u]);
        let k = 16u * b - 8u * (b % 2u) + 16u + i;
        let xl0 = xLoad(x0, k);
        let xl1 = xLoad(x1, k);
        a0 += subgroupBroadcast(xl0, 0u) * m;
        a1 += subgroupBroadcast(xl0, 1u) * m;
        a2 += subgroupBroadcast(xl0, 2u) * m;
        a3 += subgroupBroadcast(xl0, 3u) * m;
        a4 += subgroupBroadcast(xl1, 0u) * m;
        a5 += subgroupBroadcast(xl1, 1u) * m;
        a6 += subgroupBroadcast(xl1, 2u) * m;
        a7 += subgroupBroadcast(xl1, 3u) * m;
      }
    }
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=nk/residual=0/rows=8/shareX=1/staged=0/vec4=1/weights=q8_0/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 32u) * 9u; }
fn wScale(start: u32, b: u32) -> f32 { return bitcast<f32>(w[start + b * 9u]); }
fn wInPlace(start: u32, b: u32, i: u32) -> vec4<f32> {
  let q = w[start + b * 9u + 1u + i] ^ 0x808080u;
  return vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(q) & vec4<u32>(0xffu, 0xff00u, 0xff0000u, 0xff000000u)));
}
fn wQuad(start: u32, b: u32, i: u32) -> vec4<f32> {
  return wInPlace(start, b, i) * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - vec4<f32>(128.0, 128.0, 128.0, 0.0);
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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var b = 0u; b < p.K / 32u; b++) {
    let s0 = wScale(w0, b); let s1 = wScale(w1, b); let s2 = wScale(w2, b); let s3 = wScale(w3, b);
    for (var i = 0u; i < 8u; i++) {
      let word0 = wInPlace(w0, b, i); let word1 = wInPlace(w1, b, i); let word2 = wInPlace(w2, b, i); let word3 = wInPlace(w3, b, i);
      {
        let m = mat4x4<f32>((word0 * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - vec4<f32>(128.0, 128.0, 128.0, 0.0)) * s0, (word1 * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - vec4<f32>(128.0, 128.0, 128.0, 0.0)) * s1, (word2 * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - vec4<f32>(128.0, 128.0, 128.0, 0.0)) * s2, (word3 * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - vec4<f32>(128.0, 128.0, 128.0, 0.0)) * s3);
        let k = 8u * b + 0u + i;
        let xl0 = xLoad(x0, k);
        let xl1 = xLoad(x1, k);
        a0 += subgroupBroadcast(xl0, 0u) * m;
        a1 += subgroupBroadcast(xl0, 1u) * m;
        a2 += subgroupBroadcast(xl0, 2u) * m;
        a3 += subgroupBroadcast(xl0, 3u) * m;
        a4 += subgroupBroadcast(xl1, 0u) * m;
        a5 += subgroupBroadcast(xl1, 1u) * m;
        a6 += subgroupBroadcast(xl1, 2u) * m;
        a7 += subgroupBroadcast(xl1, 3u) * m;
      }
    }
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=nk/residual=1/rows=8/shareX=0/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    a0 += xLoad(x0, k) * m;
    a1 += xLoad(x1, k) * m;
    a2 += xLoad(x2, k) * m;
    a3 += xLoad(x3, k) * m;
    a4 += xLoad(x4, k) * m;
    a5 += xLoad(x5, k) * m;
    a6 += xLoad(x6, k) * m;
    a7 += xLoad(x7, k) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=nk/residual=1/rows=8/shareX=0/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    a0 += xLoad(x0, k) * m;
    a1 += xLoad(x1, k) * m;
    a2 += xLoad(x2, k) * m;
    a3 += xLoad(x3, k) * m;
    a4 += xLoad(x4, k) * m;
    a5 += xLoad(x5, k) * m;
    a6 += xLoad(x6, k) * m;
    a7 += xLoad(x7, k) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=nk/residual=1/rows=8/shareX=1/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += subgroupBroadcast(xl0, 0u) * m;
    a1 += subgroupBroadcast(xl0, 1u) * m;
    a2 += subgroupBroadcast(xl0, 2u) * m;
    a3 += subgroupBroadcast(xl0, 3u) * m;
    a4 += subgroupBroadcast(xl1, 0u) * m;
    a5 += subgroupBroadcast(xl1, 1u) * m;
    a6 += subgroupBroadcast(xl1, 2u) * m;
    a7 += subgroupBroadcast(xl1, 3u) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=multiply/layout=nk/residual=1/rows=8/shareX=1/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += subgroupBroadcast(xl0, 0u) * m;
    a1 += subgroupBroadcast(xl0, 1u) * m;
    a2 += subgroupBroadcast(xl0, 2u) * m;
    a3 += subgroupBroadcast(xl0, 3u) * m;
    a4 += subgroupBroadcast(xl1, 0u) * m;
    a5 += subgroupBroadcast(xl1, 1u) * m;
    a6 += subgroupBroadcast(xl1, 2u) * m;
    a7 += subgroupBroadcast(xl1, 3u) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=0/halves=unpack/layout=kn/residual=0/rows=4/shareX=0/staged=1/vec4=0/weights=bf16/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, 4u * TK4 * TPN>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[i] = wAt(min(4u * kt4 + i / TPN, p.K - 1u), n0 / 4u + i % TPN);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(4u * k + 0u) * TPN + tn], ws[(4u * k + 1u) * TPN + tn], ws[(4u * k + 2u) * TPN + tn], ws[(4u * k + 3u) * TPN + tn]);

      a0 += m * xs[(tm + 0u * TPM) * TK4 + k];
      a1 += m * xs[(tm + 1u * TPM) * TK4 + k];
      a2 += m * xs[(tm + 2u * TPM) * TK4 + k];
      a3 += m * xs[(tm + 3u * TPM) * TK4 + k];
    }
    workgroupBarrier();
  }

  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=none/bias=0/halves=unpack/layout=kn/residual=0/rows=4/shareX=0/staged=1/vec4=0/weights=f16/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, 4u * TK4 * TPN>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[i] = wAt(min(4u * kt4 + i / TPN, p.K - 1u), n0 / 4u + i % TPN);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(4u * k + 0u) * TPN + tn], ws[(4u * k + 1u) * TPN + tn], ws[(4u * k + 2u) * TPN + tn], ws[(4u * k + 3u) * TPN + tn]);

      a0 += m * xs[(tm + 0u * TPM) * TK4 + k];
      a1 += m * xs[(tm + 1u * TPM) * TK4 + k];
      a2 += m * xs[(tm + 2u * TPM) * TK4 + k];
      a3 += m * xs[(tm + 3u * TPM) * TK4 + k];
    }
    workgroupBarrier();
  }

  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=none/bias=0/halves=unpack/layout=kn/residual=0/rows=4/shareX=0/staged=1/vec4=0/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, 4u * TK4 * TPN>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[i] = wAt(min(4u * kt4 + i / TPN, p.K - 1u), n0 / 4u + i % TPN);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(4u * k + 0u) * TPN + tn], ws[(4u * k + 1u) * TPN + tn], ws[(4u * k + 2u) * TPN + tn], ws[(4u * k + 3u) * TPN + tn]);

      a0 += m * xs[(tm + 0u * TPM) * TK4 + k];
      a1 += m * xs[(tm + 1u * TPM) * TK4 + k];
      a2 += m * xs[(tm + 2u * TPM) * TK4 + k];
      a3 += m * xs[(tm + 3u * TPM) * TK4 + k];
    }
    workgroupBarrier();
  }

  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=none/bias=0/halves=unpack/layout=kn/residual=0/rows=4/shareX=0/staged=1/vec4=1/weights=bf16/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec2<u32>>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, 4u * TK4 * TPN>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[i] = wAt(min(4u * kt4 + i / TPN, p.K - 1u), n0 / 4u + i % TPN);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(4u * k + 0u) * TPN + tn], ws[(4u * k + 1u) * TPN + tn], ws[(4u * k + 2u) * TPN + tn], ws[(4u * k + 3u) * TPN + tn]);

      a0 += m * xs[(tm + 0u * TPM) * TK4 + k];
      a1 += m * xs[(tm + 1u * TPM) * TK4 + k];
      a2 += m * xs[(tm + 2u * TPM) * TK4 + k];
      a3 += m * xs[(tm + 3u * TPM) * TK4 + k];
    }
    workgroupBarrier();
  }

  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=none/bias=0/halves=unpack/layout=kn/residual=0/rows=4/shareX=0/staged=1/vec4=1/weights=f16/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec2<u32>>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, 4u * TK4 * TPN>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[i] = wAt(min(4u * kt4 + i / TPN, p.K - 1u), n0 / 4u + i % TPN);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(4u * k + 0u) * TPN + tn], ws[(4u * k + 1u) * TPN + tn], ws[(4u * k + 2u) * TPN + tn], ws[(4u * k + 3u) * TPN + tn]);

      a0 += m * xs[(tm + 0u * TPM) * TK4 + k];
      a1 += m * xs[(tm + 1u * TPM) * TK4 + k];
      a2 += m * xs[(tm + 2u * TPM) * TK4 + k];
      a3 += m * xs[(tm + 3u * TPM) * TK4 + k];
    }
    workgroupBarrier();
  }

  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=none/bias=0/halves=unpack/layout=kn/residual=0/rows=4/shareX=0/staged=1/vec4=1/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, 4u * TK4 * TPN>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[i] = wAt(min(4u * kt4 + i / TPN, p.K - 1u), n0 / 4u + i % TPN);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(4u * k + 0u) * TPN + tn], ws[(4u * k + 1u) * TPN + tn], ws[(4u * k + 2u) * TPN + tn], ws[(4u * k + 3u) * TPN + tn]);

      a0 += m * xs[(tm + 0u * TPM) * TK4 + k];
      a1 += m * xs[(tm + 1u * TPM) * TK4 + k];
      a2 += m * xs[(tm + 2u * TPM) * TK4 + k];
      a3 += m * xs[(tm + 3u * TPM) * TK4 + k];
    }
    workgroupBarrier();
  }

  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=none/bias=0/halves=unpack/layout=kn/residual=1/rows=4/shareX=0/staged=1/vec4=0/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, 4u * TK4 * TPN>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[i] = wAt(min(4u * kt4 + i / TPN, p.K - 1u), n0 / 4u + i % TPN);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(4u * k + 0u) * TPN + tn], ws[(4u * k + 1u) * TPN + tn], ws[(4u * k + 2u) * TPN + tn], ws[(4u * k + 3u) * TPN + tn]);

      a0 += m * xs[(tm + 0u * TPM) * TK4 + k];
      a1 += m * xs[(tm + 1u * TPM) * TK4 + k];
      a2 += m * xs[(tm + 2u * TPM) * TK4 + k];
      a3 += m * xs[(tm + 3u * TPM) * TK4 + k];
    }
    workgroupBarrier();
  }

  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=none/bias=0/halves=unpack/layout=kn/residual=1/rows=4/shareX=0/staged=1/vec4=1/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, 4u * TK4 * TPN>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[i] = wAt(min(4u * kt4 + i / TPN, p.K - 1u), n0 / 4u + i % TPN);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(4u * k + 0u) * TPN + tn], ws[(4u * k + 1u) * TPN + tn], ws[(4u * k + 2u) * TPN + tn], ws[(4u * k + 3u) * TPN + tn]);

      a0 += m * xs[(tm + 0u * TPM) * TK4 + k];
      a1 += m * xs[(tm + 1u * TPM) * TK4 + k];
      a2 += m * xs[(tm + 2u * TPM) * TK4 + k];
      a3 += m * xs[(tm + 3u * TPM) * TK4 + k];
    }
    workgroupBarrier();
  }

  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=none/bias=0/halves=unpack/layout=nk/residual=0/rows=4/shareX=0/staged=1/vec4=0/weights=bf16/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, TILE_N * (TK4 + 1u)>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[(i / TK4) * (TK4 + 1u) + i % TK4] = wAt(min(n0 + i / TK4, p.N - 1u), kt4 + i % TK4);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(tn + 0u * TPN) * (TK4 + 1u) + k], ws[(tn + 1u * TPN) * (TK4 + 1u) + k], ws[(tn + 2u * TPN) * (TK4 + 1u) + k], ws[(tn + 3u * TPN) * (TK4 + 1u) + k]);

      a0 += xs[(tm + 0u * TPM) * TK4 + k] * m;
      a1 += xs[(tm + 1u * TPM) * TK4 + k] * m;
      a2 += xs[(tm + 2u * TPM) * TK4 + k] * m;
      a3 += xs[(tm + 3u * TPM) * TK4 + k] * m;
    }
    workgroupBarrier();
  }

  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=none/bias=0/halves=unpack/layout=nk/residual=0/rows=4/shareX=0/staged=1/vec4=0/weights=f16/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, TILE_N * (TK4 + 1u)>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[(i / TK4) * (TK4 + 1u) + i % TK4] = wAt(min(n0 + i / TK4, p.N - 1u), kt4 + i % TK4);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(tn + 0u * TPN) * (TK4 + 1u) + k], ws[(tn + 1u * TPN) * (TK4 + 1u) + k], ws[(tn + 2u * TPN) * (TK4 + 1u) + k], ws[(tn + 3u * TPN) * (TK4 + 1u) + k]);

      a0 += xs[(tm + 0u * TPM) * TK4 + k] * m;
      a1 += xs[(tm + 1u * TPM) * TK4 + k] * m;
      a2 += xs[(tm + 2u * TPM) * TK4 + k] * m;
      a3 += xs[(tm + 3u * TPM) * TK4 + k] * m;
    }
    workgroupBarrier();
  }

  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=none/bias=0/halves=unpack/layout=nk/residual=0/rows=4/shareX=0/staged=1/vec4=0/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, TILE_N * (TK4 + 1u)>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[(i / TK4) * (TK4 + 1u) + i % TK4] = wAt(min(n0 + i / TK4, p.N - 1u), kt4 + i % TK4);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(tn + 0u * TPN) * (TK4 + 1u) + k], ws[(tn + 1u * TPN) * (TK4 + 1u) + k], ws[(tn + 2u * TPN) * (TK4 + 1u) + k], ws[(tn + 3u * TPN) * (TK4 + 1u) + k]);

      a0 += xs[(tm + 0u * TPM) * TK4 + k] * m;
      a1 += xs[(tm + 1u * TPM) * TK4 + k] * m;
      a2 += xs[(tm + 2u * TPM) * TK4 + k] * m;
      a3 += xs[(tm + 3u * TPM) * TK4 + k] * m;
    }
    workgroupBarrier();
  }

  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=none/bias=0/halves=unpack/layout=nk/residual=0/rows=4/shareX=0/staged=1/vec4=1/weights=bf16/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec2<u32>>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, TILE_N * (TK4 + 1u)>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[(i / TK4) * (TK4 + 1u) + i % TK4] = wAt(min(n0 + i / TK4, p.N - 1u), kt4 + i % TK4);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(tn + 0u * TPN) * (TK4 + 1u) + k], ws[(tn + 1u * TPN) * (TK4 + 1u) + k], ws[(tn + 2u * TPN) * (TK4 + 1u) + k], ws[(tn + 3u * TPN) * (TK4 + 1u) + k]);

      a0 += xs[(tm + 0u * TPM) * TK4 + k] * m;
      a1 += xs[(tm + 1u * TPM) * TK4 + k] * m;
      a2 += xs[(tm + 2u * TPM) * TK4 + k] * m;
      a3 += xs[(tm + 3u * TPM) * TK4 + k] * m;
    }
    workgroupBarrier();
  }

  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=none/bias=0/halves=unpack/layout=nk/residual=0/rows=4/shareX=0/staged=1/vec4=1/weights=f16/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec2<u32>>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, TILE_N * (TK4 + 1u)>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[(i / TK4) * (TK4 + 1u) + i % TK4] = wAt(min(n0 + i / TK4, p.N - 1u), kt4 + i % TK4);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(tn + 0u * TPN) * (TK4 + 1u) + k], ws[(tn + 1u * TPN) * (TK4 + 1u) + k], ws[(tn + 2u * TPN) * (TK4 + 1u) + k], ws[(tn + 3u * TPN) * (TK4 + 1u) + k]);

      a0 += xs[(tm + 0u * TPM) * TK4 + k] * m;
      a1 += xs[(tm + 1u * TPM) * TK4 + k] * m;
      a2 += xs[(tm + 2u * TPM) * TK4 + k] * m;
      a3 += xs[(tm + 3u * TPM) * TK4 + k] * m;
    }
    workgroupBarrier();
  }

  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=none/bias=0/halves=unpack/layout=nk/residual=0/rows=4/shareX=0/staged=1/vec4=1/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, TILE_N * (TK4 + 1u)>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[(i / TK4) * (TK4 + 1u) + i % TK4] = wAt(min(n0 + i / TK4, p.N - 1u), kt4 + i % TK4);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(tn + 0u * TPN) * (TK4 + 1u) + k], ws[(tn + 1u * TPN) * (TK4 + 1u) + k], ws[(tn + 2u * TPN) * (TK4 + 1u) + k], ws[(tn + 3u * TPN) * (TK4 + 1u) + k]);

      a0 += xs[(tm + 0u * TPM) * TK4 + k] * m;
      a1 += xs[(tm + 1u * TPM) * TK4 + k] * m;
      a2 += xs[(tm + 2u * TPM) * TK4 + k] * m;
      a3 += xs[(tm + 3u * TPM) * TK4 + k] * m;
    }
    workgroupBarrier();
  }

  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=none/bias=0/halves=unpack/layout=nk/residual=0/rows=4/shareX=0/staged=1/vec4=1/weights=q4_0/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 32u) * 5u; }
fn wScale(start: u32, b: u32) -> f32 { return bitcast<f32>(w[start + b * 5u]); }
fn wInPlace(start: u32, b: u32, i: u32) -> mat2x4<f32> {
  let q = w[start + b * 5u + 1u + i];
  return mat2x4<f32>(vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(q) & vec4<u32>(0xfu, 0xf00u, 0xf0000u, 0xf000000u))), vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(q ^ 0x80000000u) & vec4<u32>(0xf0u, 0xf000u, 0xf00000u, 0xf0000000u))));
}
fn wQuads(start: u32, b: u32, i: u32) -> mat2x4<f32> {
  let n = wInPlace(start, b, i);
  return mat2x4<f32>(n[0] * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08), n[1] * vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09)) - mat2x4<f32>(vec4<f32>(8.0), vec4<f32>(8.0, 8.0, 8.0, 0.0));
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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, TILE_N * (TK4 + 1u)>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[(i / TK4) * (TK4 + 1u) + i % TK4] = wAt(min(n0 + i / TK4, p.N - 1u), kt4 + i % TK4);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(tn + 0u * TPN) * (TK4 + 1u) + k], ws[(tn + 1u * TPN) * (TK4 + 1u) + k], ws[(tn + 2u * TPN) * (TK4 + 1u) + k], ws[(tn + 3u * TPN) * (TK4 + 1u) + k]);

      a0 += xs[(tm + 0u * TPM) * TK4 + k] * m;
      a1 += xs[(tm + 1u * TPM) * TK4 + k] * m;
      a2 += xs[(tm + 2u * TPM) * TK4 + k] * m;
      a3 += xs[(tm + 3u * TPM) * TK4 + k] * m;
    }
    workgroupBarrier();
  }

  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=none/bias=0/halves=unpack/layout=nk/residual=0/rows=4/shareX=0/staged=1/vec4=1/weights=q4_K/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 256u) * 36u; }
fn wPair(v: u32) -> vec2<f32> {
  let m = vec2<u32>((v * 8192u) & 0x0fffe000u, bitcast<u32>(f32(i32(v & 0x7fff0000u)) + 0x1p38f) * 4096u); // m << 13 of each half
  let n = bitcast<vec2<f32>>(m + 0x38000000u);
  let magnitude = select(n, 2.0 * n - 0x1p-14f, bitcast<vec2<i32>>(m) < vec2<i32>(0x800000));
  return bitcast<vec2<f32>>(bitcast<vec2<u32>>(magnitude) | vec2<u32>((v & 0x8000u) * 65536u, v & 0x80000000u));
}
fn wWords(start: u32, c: u32) -> vec2<u32> {
  let sb = start + (c / 4u) * 36u;
  let q = sb + 4u + 8u * (c % 4u); return vec2<u32>(q, q);
}
struct wChunk { offsets: mat2x4<f32>, upper: bool, lowMasks: vec4<u32>, lowUnplace: vec4<f32>, topMasks: vec4<u32>, topUnplace: vec4<f32> }
fn wChunkOf(c: u32) -> wChunk {
  let upper = c % 4u >= 2u;
  let j = 2u * (c % 2u); // the bytes of sub-blocks 2 (c % 4) and 2 (c % 4) + 1 (less 4 when upper)
  let place = select(vec2<u32>(0xffu, 0xff00u), vec2<u32>(0xff0000u, 0xff000000u), j == 2u);
  let unplace = select(vec2<f32>(1.0, 0x1p-8f), vec2<f32>(0x1p-16f, 0x1p-24f), j == 2u);
  let low = select(vec2<u32>(0x3f3f3f3fu), vec2<u32>(0x0f0f0f0fu, 0xf0f0f0f0u), upper); // sc's, m's
  let lowUnplace = select(vec2<f32>(1.0), vec2<f32>(1.0, 0.0625), upper);
  let top = select(0u, 0xc0c0c0c0u, upper);
  return wChunk(mat2x4<f32>(vec4<f32>(0.0), vec4<f32>(0.0, 0.0, 0.0, -8.0)), upper, vec4<u32>(low, low) & place.xxyy, vec4<f32>(lowUnplace, lowUnplace) * unplace.xxyy,
    vec4<u32>(top) & place.xxyy, vec4<f32>(0.25) * unplace.xxyy);
}
fn wInPlace(at: vec2<u32>, k: wChunk, i: u32) -> mat2x4<f32> {
  let q = w[at.x + i];
  return mat2x4<f32>(vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(q) & vec4<u32>(0xfu, 0xf00u, 0xf0000u, 0xf000000u))), vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(q ^ 0x80000000u) & vec4<u32>(0xf0u, 0xf000u, 0xf00000u, 0xf0000000u))));
}
fn wScaleMins(start: u32, c: u32, k: wChunk) -> vec4<f32> {
  let sb = start + (c / 4u) * 36u;
  let scales = vec2<u32>(w[sb + 1u], w[sb + 2u]);
  let low = select(scales, vec2<u32>(w[sb + 3u]), k.upper);
  let six = vec4<f32>(vec4<u32>(low, low) & k.lowMasks) * k.lowUnplace + vec4<f32>(vec4<u32>(scales, scales) & k.topMasks) * k.topUnplace;
  return wPair(w[sb]).xyxy * six;
}
fn wQuants(start: u32, c: u32, k: wChunk, i: u32, second: bool) -> vec4<f32> {
  let r = u32(second);
  return wInPlace(wWords(start, c), k, i)[r] * select(vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08), vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09), second) - k.offsets[r];
}
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = c4 / 16u;
  let high = (c4 % 16u) >= 8u;
  let k = wChunkOf(c);
  let sm = wScaleMins(start, c, k);
  return select(sm.x, sm.z, high) * wQuants(start, c, k, c4 % 8u, high) - select(sm.y, sm.w, high);
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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, TILE_N * (TK4 + 1u)>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[(i / TK4) * (TK4 + 1u) + i % TK4] = wAt(min(n0 + i / TK4, p.N - 1u), kt4 + i % TK4);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(tn + 0u * TPN) * (TK4 + 1u) + k], ws[(tn + 1u * TPN) * (TK4 + 1u) + k], ws[(tn + 2u * TPN) * (TK4 + 1u) + k], ws[(tn + 3u * TPN) * (TK4 + 1u) + k]);

      a0 += xs[(tm + 0u * TPM) * TK4 + k] * m;
      a1 += xs[(tm + 1u * TPM) * TK4 + k] * m;
      a2 += xs[(tm + 2u * TPM) * TK4 + k] * m;
      a3 += xs[(tm + 3u * TPM) * TK4 + k] * m;
    }
    workgroupBarrier();
  }

  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=none/bias=0/halves=unpack/layout=nk/residual=0/rows=4/shareX=0/staged=1/vec4=1/weights=q5_K/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 256u) * 44u; }
fn wPair(v: u32) -> vec2<f32> {
  let m = vec2<u32>((v * 8192u) & 0x0fffe000u, bitcast<u32>(f32(i32(v & 0x7fff0000u)) + 0x1p38f) * 4096u); // m << 13 of each half
  let n = bitcast<vec2<f32>>(m + 0x38000000u);
  let magnitude = select(n, 2.0 * n - 0x1p-14f, bitcast<vec2<i32>>(m) < vec2<i32>(0x800000));
  return bitcast<vec2<f32>>(bitcast<vec2<u32>>(magnitude) | vec2<u32>((v & 0x8000u) * 65536u, v & 0x80000000u));
}
fn wWords(start: u32, c: u32) -> vec2<u32> {
  let sb = start + (c / 4u) * 44u;
  return vec2<u32>(sb + 12u + 8u * (c % 4u), sb + 4u);
}
struct wChunk {
  firstMask: u32, firstMul: u32, nibbleMul: u32, firstPlaces: vec4<u32>,
  second: vec4<u32>, secondMul: f32, offsets: mat2x4<f32>, upper: bool, lowMasks: vec4<u32>, lowUnplace: vec4<f32>, topMasks: vec4<u32>, topUnplace: vec4<f32>,
}
fn wChunkOf(c: u32) -> wChunk {
  let upper = c % 4u >= 2u;
  let j = 2u * (c % 2u); // the bytes of sub-blocks 2 (c % 4) and 2 (c % 4) + 1 (less 4 when upper)
  let place = select(vec2<u32>(0xffu, 0xff00u), vec2<u32>(0xff0000u, 0xff000000u), j == 2u);
  let unplace = select(vec2<f32>(1.0, 0x1p-8f), vec2<f32>(0x1p-16f, 0x1p-24f), j == 2u);
  let low = select(vec2<u32>(0x3f3f3f3fu), vec2<u32>(0x0f0f0f0fu, 0xf0f0f0f0u), upper); // sc's, m's
  let lowUnplace = select(vec2<f32>(1.0), vec2<f32>(1.0, 0.0625), upper);
  let top = select(0u, 0xc0c0c0c0u, upper);
  let b = 2u * (c % 4u);
  let down = b == 6u;
  return wChunk(0x01010101u << b, select(1u << (4u - b), 1u, down), select(1u, 4u, down),
    vec4<u32>(select(0x1f1f1f1fu, 0x7c7c7c7cu, down)) & vec4<u32>(0xffu, 0xff00u, 0xff0000u, 0xff000000u),
    vec4<u32>(0x02020202u << b) & vec4<u32>(0xffu, 0xff00u, 0xff0000u, 0xff000000u), ldexp(1.0, 7 - i32(b)),
    mat2x4<f32>(vec4<f32>(0.0), vec4<f32>(0.0, 0.0, 0.0, select(-8.0, -24.0, down))), upper, vec4<u32>(low, low) & place.xxyy, vec4<f32>(lowUnplace, lowUnplace) * unplace.xxyy * vec4<f32>(select(1.0, 0.25, down), 1.0, 1.0, 1.0),
    vec4<u32>(top) & place.xxyy, vec4<f32>(0.25) * unplace.xxyy * vec4<f32>(select(1.0, 0.25, down), 1.0, 1.0, 1.0));
}
fn wInPlace(at: vec2<u32>, k: wChunk, i: u32) -> mat2x4<f32> {
  let q = w[at.x + i];
  let qh = w[at.y + i];
  return mat2x4<f32>(vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(((q & 0x0f0f0f0fu) * k.nibbleMul) | ((qh & k.firstMask) * k.firstMul)) & k.firstPlaces)), vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(q ^ 0x80000000u) & vec4<u32>(0xf0u, 0xf000u, 0xf00000u, 0xf0000000u))) + vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(qh ^ 0x80000000u) & k.second)) * k.secondMul);
}
fn wScaleMins(start: u32, c: u32, k: wChunk) -> vec4<f32> {
  let sb = start + (c / 4u) * 44u;
  let scales = vec2<u32>(w[sb + 1u], w[sb + 2u]);
  let low = select(scales, vec2<u32>(w[sb + 3u]), k.upper);
  let six = vec4<f32>(vec4<u32>(low, low) & k.lowMasks) * k.lowUnplace + vec4<f32>(vec4<u32>(scales, scales) & k.topMasks) * k.topUnplace;
  return wPair(w[sb]).xyxy * six;
}
fn wQuants(start: u32, c: u32, k: wChunk, i: u32, second: bool) -> vec4<f32> {
  let r = u32(second);
  return wInPlace(wWords(start, c), k, i)[r] * select(vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08), vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09), second) - k.offsets[r];
}
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = c4 / 16u;
  let high = (c4 % 16u) >= 8u;
  let k = wChunkOf(c);
  let sm = wScaleMins(start, c, k);
  return select(sm.x, sm.z, high) * wQuants(start, c, k, c4 % 8u, high) - select(sm.y, sm.w, high);
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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, TILE_N * (TK4 + 1u)>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[(i / TK4) * (TK4 + 1u) + i % TK4] = wAt(min(n0 + i / TK4, p.N - 1u), kt4 + i % TK4);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(tn + 0u * TPN) * (TK4 + 1u) + k], ws[(tn + 1u * TPN) * (TK4 + 1u) + k], ws[(tn + 2u * TPN) * (TK4 + 1u) + k], ws[(tn + 3u * TPN) * (TK4 + 1u) + k]);

      a0 += xs[(tm + 0u * TPM) * TK4 + k] * m;
      a1 += xs[(tm + 1u * TPM) * TK4 + k] * m;
      a2 += xs[(tm + 2u * TPM) * TK4 + k] * m;
      a3 += xs[(tm + 3u * TPM) * TK4 + k] * m;
    }
    workgroupBarrier();
  }

  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=none/bias=0/halves=unpack/layout=nk/residual=0/rows=4/shareX=0/staged=1/vec4=1/weights=q6_K/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 256u) * 53u; }
fn wPair(v: u32) -> vec2<f32> {
  let m = vec2<u32>((v * 8192u) & 0x0fffe000u, bitcast<u32>(f32(i32(v & 0x7fff0000u)) + 0x1p38f) * 4096u); // m << 13 of each half
  let n = bitcast<vec2<f32>>(m + 0x38000000u);
  let magnitude = select(n, 2.0 * n - 0x1p-14f, bitcast<vec2<i32>>(m) < vec2<i32>(0x800000));
  return bitcast<vec2<f32>>(bitcast<vec2<u32>>(magnitude) | vec2<u32>((v & 0x8000u) * 65536u, v & 0x80000000u));
}
fn wWords(start: u32, c: u32) -> vec2<u32> {
  let sb = start + (c / 4u) * 53u;
  return vec2<u32>(sb + 8u * (c % 4u), sb + 32u + 8u * ((c % 4u) / 2u));
}
struct wChunk {
  firstMask: u32, secondMask: u32, highMul: u32, topMask: u32, topMul: f32, offsets: mat2x4<f32>,
  scaleMasks: vec4<u32>, scaleUnplace: vec4<f32>, scaleOffsets: vec4<f32>,
}
fn wChunkOf(c: u32) -> wChunk {
  let g = c % 2u;
  let masks = select(vec2<u32>(0xffu, 0xff00u), vec2<u32>(0xff0000u, 0xff000000u), g == 1u);
  let unplace = select(vec2<f32>(1.0, 0x1p-8f), vec2<f32>(0x1p-16f, 0x1p-24f), g == 1u);
  return wChunk(select(0x03030303u, 0x0c0c0c0cu, g == 1u), select(0x30303030u, 0xc0c0c0c0u, g == 1u), select(16u, 4u, g == 1u),
    select(0x30000000u, 0xc0000000u, g == 1u), select(16.0, 4.0, g == 1u),
    mat2x4<f32>(vec4<f32>(32.0), vec4<f32>(32.0, 32.0, 32.0, select(24.0, -8.0, g == 1u))),
    vec4<u32>(masks, masks), vec4<f32>(unplace, unplace), vec4<f32>(128.0, select(128.0, 0.0, g == 1u), 128.0, select(128.0, 0.0, g == 1u)));
}
fn wInPlace(at: vec2<u32>, k: wChunk, i: u32) -> mat2x4<f32> {
  let q = w[at.x + i];
  let qh = w[at.y + i];
  return mat2x4<f32>(vec4<f32>(bitcast<vec4<i32>>(vec4<u32>((q & 0x0f0f0f0fu) | ((qh & k.firstMask) * k.highMul)) & vec4<u32>(0x3fu, 0x3f00u, 0x3f0000u, 0x3f000000u))), vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(((q & 0xf0f0f0f0u) | ((qh & k.secondMask) * k.highMul)) ^ 0x80000000u) & vec4<u32>(0x3f0u, 0x3f000u, 0x3f00000u, 0xf0000000u))) + vec4<f32>(0.0, 0.0, 0.0, f32(bitcast<i32>((qh ^ 0x80000000u) & k.topMask)) * k.topMul));
}
fn wScales(start: u32, c: u32, k: wChunk) -> vec4<f32> {
  let sb = start + (c / 4u) * 53u;
  let first = w[sb + 48u + 2u * ((c % 4u) / 2u)] ^ 0x808080u;
  let second = w[sb + 49u + 2u * ((c % 4u) / 2u)] ^ 0x808080u;
  let scales = vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(first, first, second, second) & k.scaleMasks)) * k.scaleUnplace - k.scaleOffsets;
  return wPair(w[sb + 52u]).x * scales;
}
fn wQuants(start: u32, c: u32, k: wChunk, i: u32, second: bool) -> vec4<f32> {
  let r = u32(second);
  return wInPlace(wWords(start, c), k, i)[r] * select(vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08), vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09), second) - k.offsets[r];
}
fn wLoad(start: u32, c4: u32) -> vec4<f32> {
  let v = c4 % 64u; // the vec4 within its super-block
  let c = 4u * (c4 / 64u) + 2u * (v / 32u) + (v / 8u) % 2u;
  let second = (v % 32u) >= 16u;
  let i = v % 8u;
  let k = wChunkOf(c);
  return wScales(start, c, k)[2u * u32(second) + i / 4u] * wQuants(start, c, k, i, second);
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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, TILE_N * (TK4 + 1u)>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[(i / TK4) * (TK4 + 1u) + i % TK4] = wAt(min(n0 + i / TK4, p.N - 1u), kt4 + i % TK4);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(tn + 0u * TPN) * (TK4 + 1u) + k], ws[(tn + 1u * TPN) * (TK4 + 1u) + k], ws[(tn + 2u * TPN) * (TK4 + 1u) + k], ws[(tn + 3u * TPN) * (TK4 + 1u) + k]);

      a0 += xs[(tm + 0u * TPM) * TK4 + k] * m;
      a1 += xs[(tm + 1u * TPM) * TK4 + k] * m;
      a2 += xs[(tm + 2u * TPM) * TK4 + k] * m;
      a3 += xs[(tm + 3u * TPM) * TK4 + k] * m;
    }
    workgroupBarrier();
  }

  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=none/bias=0/halves=unpack/layout=nk/residual=0/rows=4/shareX=0/staged=1/vec4=1/weights=q8_0/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<u32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

fn xStart(row: u32) -> u32 { return row * (p.K / 4u); }
fn xLoad(start: u32, c4: u32) -> vec4<f32> { return x[start + c4]; }
fn xAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.K / 4u;
  return select(vec4<f32>(0.0), xLoad(xStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn wStart(row: u32) -> u32 { return row * (p.K / 32u) * 9u; }
fn wScale(start: u32, b: u32) -> f32 { return bitcast<f32>(w[start + b * 9u]); }
fn wInPlace(start: u32, b: u32, i: u32) -> vec4<f32> {
  let q = w[start + b * 9u + 1u + i] ^ 0x808080u;
  return vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(q) & vec4<u32>(0xffu, 0xff00u, 0xff0000u, 0xff000000u)));
}
fn wQuad(start: u32, b: u32, i: u32) -> vec4<f32> {
  return wInPlace(start, b, i) * vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08) - vec4<f32>(128.0, 128.0, 128.0, 0.0);
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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, TILE_N * (TK4 + 1u)>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[(i / TK4) * (TK4 + 1u) + i % TK4] = wAt(min(n0 + i / TK4, p.N - 1u), kt4 + i % TK4);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(tn + 0u * TPN) * (TK4 + 1u) + k], ws[(tn + 1u * TPN) * (TK4 + 1u) + k], ws[(tn + 2u * TPN) * (TK4 + 1u) + k], ws[(tn + 3u * TPN) * (TK4 + 1u) + k]);

      a0 += xs[(tm + 0u * TPM) * TK4 + k] * m;
      a1 += xs[(tm + 1u * TPM) * TK4 + k] * m;
      a2 += xs[(tm + 2u * TPM) * TK4 + k] * m;
      a3 += xs[(tm + 3u * TPM) * TK4 + k] * m;
    }
    workgroupBarrier();
  }

  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=none/bias=0/halves=unpack/layout=nk/residual=1/rows=4/shareX=0/staged=1/vec4=0/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, TILE_N * (TK4 + 1u)>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[(i / TK4) * (TK4 + 1u) + i % TK4] = wAt(min(n0 + i / TK4, p.N - 1u), kt4 + i % TK4);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(tn + 0u * TPN) * (TK4 + 1u) + k], ws[(tn + 1u * TPN) * (TK4 + 1u) + k], ws[(tn + 2u * TPN) * (TK4 + 1u) + k], ws[(tn + 3u * TPN) * (TK4 + 1u) + k]);

      a0 += xs[(tm + 0u * TPM) * TK4 + k] * m;
      a1 += xs[(tm + 1u * TPM) * TK4 + k] * m;
      a2 += xs[(tm + 2u * TPM) * TK4 + k] * m;
      a3 += xs[(tm + 3u * TPM) * TK4 + k] * m;
    }
    workgroupBarrier();
  }

  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=none/bias=0/halves=unpack/layout=nk/residual=1/rows=4/shareX=0/staged=1/vec4=1/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, TILE_N * (TK4 + 1u)>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[(i / TK4) * (TK4 + 1u) + i % TK4] = wAt(min(n0 + i / TK4, p.N - 1u), kt4 + i % TK4);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(tn + 0u * TPN) * (TK4 + 1u) + k], ws[(tn + 1u * TPN) * (TK4 + 1u) + k], ws[(tn + 2u * TPN) * (TK4 + 1u) + k], ws[(tn + 3u * TPN) * (TK4 + 1u) + k]);

      a0 += xs[(tm + 0u * TPM) * TK4 + k] * m;
      a1 += xs[(tm + 1u * TPM) * TK4 + k] * m;
      a2 += xs[(tm + 2u * TPM) * TK4 + k] * m;
      a3 += xs[(tm + 3u * TPM) * TK4 + k] * m;
    }
    workgroupBarrier();
  }

  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=none/bias=1/halves=multiply/layout=kn/residual=0/rows=8/shareX=0/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    a0 += m * xLoad(x0, k);
    a1 += m * xLoad(x1, k);
    a2 += m * xLoad(x2, k);
    a3 += m * xLoad(x3, k);
    a4 += m * xLoad(x4, k);
    a5 += m * xLoad(x5, k);
    a6 += m * xLoad(x6, k);
    a7 += m * xLoad(x7, k);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=1/halves=multiply/layout=kn/residual=0/rows=8/shareX=0/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    a0 += m * xLoad(x0, k);
    a1 += m * xLoad(x1, k);
    a2 += m * xLoad(x2, k);
    a3 += m * xLoad(x3, k);
    a4 += m * xLoad(x4, k);
    a5 += m * xLoad(x5, k);
    a6 += m * xLoad(x6, k);
    a7 += m * xLoad(x7, k);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=1/halves=multiply/layout=kn/residual=0/rows=8/shareX=1/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += m * subgroupBroadcast(xl0, 0u);
    a1 += m * subgroupBroadcast(xl0, 1u);
    a2 += m * subgroupBroadcast(xl0, 2u);
    a3 += m * subgroupBroadcast(xl0, 3u);
    a4 += m * subgroupBroadcast(xl1, 0u);
    a5 += m * subgroupBroadcast(xl1, 1u);
    a6 += m * subgroupBroadcast(xl1, 2u);
    a7 += m * subgroupBroadcast(xl1, 3u);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=1/halves=multiply/layout=kn/residual=0/rows=8/shareX=1/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += m * subgroupBroadcast(xl0, 0u);
    a1 += m * subgroupBroadcast(xl0, 1u);
    a2 += m * subgroupBroadcast(xl0, 2u);
    a3 += m * subgroupBroadcast(xl0, 3u);
    a4 += m * subgroupBroadcast(xl1, 0u);
    a5 += m * subgroupBroadcast(xl1, 1u);
    a6 += m * subgroupBroadcast(xl1, 2u);
    a7 += m * subgroupBroadcast(xl1, 3u);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=1/halves=multiply/layout=kn/residual=1/rows=8/shareX=0/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    a0 += m * xLoad(x0, k);
    a1 += m * xLoad(x1, k);
    a2 += m * xLoad(x2, k);
    a3 += m * xLoad(x3, k);
    a4 += m * xLoad(x4, k);
    a5 += m * xLoad(x5, k);
    a6 += m * xLoad(x6, k);
    a7 += m * xLoad(x7, k);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=1/halves=multiply/layout=kn/residual=1/rows=8/shareX=0/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    a0 += m * xLoad(x0, k);
    a1 += m * xLoad(x1, k);
    a2 += m * xLoad(x2, k);
    a3 += m * xLoad(x3, k);
    a4 += m * xLoad(x4, k);
    a5 += m * xLoad(x5, k);
    a6 += m * xLoad(x6, k);
    a7 += m * xLoad(x7, k);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=1/halves=multiply/layout=kn/residual=1/rows=8/shareX=1/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += m * subgroupBroadcast(xl0, 0u);
    a1 += m * subgroupBroadcast(xl0, 1u);
    a2 += m * subgroupBroadcast(xl0, 2u);
    a3 += m * subgroupBroadcast(xl0, 3u);
    a4 += m * subgroupBroadcast(xl1, 0u);
    a5 += m * subgroupBroadcast(xl1, 1u);
    a6 += m * subgroupBroadcast(xl1, 2u);
    a7 += m * subgroupBroadcast(xl1, 3u);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=1/halves=multiply/layout=kn/residual=1/rows=8/shareX=1/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += m * subgroupBroadcast(xl0, 0u);
    a1 += m * subgroupBroadcast(xl0, 1u);
    a2 += m * subgroupBroadcast(xl0, 2u);
    a3 += m * subgroupBroadcast(xl0, 3u);
    a4 += m * subgroupBroadcast(xl1, 0u);
    a5 += m * subgroupBroadcast(xl1, 1u);
    a6 += m * subgroupBroadcast(xl1, 2u);
    a7 += m * subgroupBroadcast(xl1, 3u);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=1/halves=multiply/layout=nk/residual=0/rows=8/shareX=0/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    a0 += xLoad(x0, k) * m;
    a1 += xLoad(x1, k) * m;
    a2 += xLoad(x2, k) * m;
    a3 += xLoad(x3, k) * m;
    a4 += xLoad(x4, k) * m;
    a5 += xLoad(x5, k) * m;
    a6 += xLoad(x6, k) * m;
    a7 += xLoad(x7, k) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=1/halves=multiply/layout=nk/residual=0/rows=8/shareX=0/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    a0 += xLoad(x0, k) * m;
    a1 += xLoad(x1, k) * m;
    a2 += xLoad(x2, k) * m;
    a3 += xLoad(x3, k) * m;
    a4 += xLoad(x4, k) * m;
    a5 += xLoad(x5, k) * m;
    a6 += xLoad(x6, k) * m;
    a7 += xLoad(x7, k) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=1/halves=multiply/layout=nk/residual=0/rows=8/shareX=1/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += subgroupBroadcast(xl0, 0u) * m;
    a1 += subgroupBroadcast(xl0, 1u) * m;
    a2 += subgroupBroadcast(xl0, 2u) * m;
    a3 += subgroupBroadcast(xl0, 3u) * m;
    a4 += subgroupBroadcast(xl1, 0u) * m;
    a5 += subgroupBroadcast(xl1, 1u) * m;
    a6 += subgroupBroadcast(xl1, 2u) * m;
    a7 += subgroupBroadcast(xl1, 3u) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=1/halves=multiply/layout=nk/residual=0/rows=8/shareX=1/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += subgroupBroadcast(xl0, 0u) * m;
    a1 += subgroupBroadcast(xl0, 1u) * m;
    a2 += subgroupBroadcast(xl0, 2u) * m;
    a3 += subgroupBroadcast(xl0, 3u) * m;
    a4 += subgroupBroadcast(xl1, 0u) * m;
    a5 += subgroupBroadcast(xl1, 1u) * m;
    a6 += subgroupBroadcast(xl1, 2u) * m;
    a7 += subgroupBroadcast(xl1, 3u) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=1/halves=multiply/layout=nk/residual=1/rows=8/shareX=0/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    a0 += xLoad(x0, k) * m;
    a1 += xLoad(x1, k) * m;
    a2 += xLoad(x2, k) * m;
    a3 += xLoad(x3, k) * m;
    a4 += xLoad(x4, k) * m;
    a5 += xLoad(x5, k) * m;
    a6 += xLoad(x6, k) * m;
    a7 += xLoad(x7, k) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=1/halves=multiply/layout=nk/residual=1/rows=8/shareX=0/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    a0 += xLoad(x0, k) * m;
    a1 += xLoad(x1, k) * m;
    a2 += xLoad(x2, k) * m;
    a3 += xLoad(x3, k) * m;
    a4 += xLoad(x4, k) * m;
    a5 += xLoad(x5, k) * m;
    a6 += xLoad(x6, k) * m;
    a7 += xLoad(x7, k) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=1/halves=multiply/layout=nk/residual=1/rows=8/shareX=1/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += subgroupBroadcast(xl0, 0u) * m;
    a1 += subgroupBroadcast(xl0, 1u) * m;
    a2 += subgroupBroadcast(xl0, 2u) * m;
    a3 += subgroupBroadcast(xl0, 3u) * m;
    a4 += subgroupBroadcast(xl1, 0u) * m;
    a5 += subgroupBroadcast(xl1, 1u) * m;
    a6 += subgroupBroadcast(xl1, 2u) * m;
    a7 += subgroupBroadcast(xl1, 3u) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=1/halves=multiply/layout=nk/residual=1/rows=8/shareX=1/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += subgroupBroadcast(xl0, 0u) * m;
    a1 += subgroupBroadcast(xl0, 1u) * m;
    a2 += subgroupBroadcast(xl0, 2u) * m;
    a3 += subgroupBroadcast(xl0, 3u) * m;
    a4 += subgroupBroadcast(xl1, 0u) * m;
    a5 += subgroupBroadcast(xl1, 1u) * m;
    a6 += subgroupBroadcast(xl1, 2u) * m;
    a7 += subgroupBroadcast(xl1, 3u) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=none/bias=1/halves=unpack/layout=kn/residual=0/rows=4/shareX=0/staged=1/vec4=0/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, 4u * TK4 * TPN>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[i] = wAt(min(4u * kt4 + i / TPN, p.K - 1u), n0 / 4u + i % TPN);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(4u * k + 0u) * TPN + tn], ws[(4u * k + 1u) * TPN + tn], ws[(4u * k + 2u) * TPN + tn], ws[(4u * k + 3u) * TPN + tn]);

      a0 += m * xs[(tm + 0u * TPM) * TK4 + k];
      a1 += m * xs[(tm + 1u * TPM) * TK4 + k];
      a2 += m * xs[(tm + 2u * TPM) * TK4 + k];
      a3 += m * xs[(tm + 3u * TPM) * TK4 + k];
    }
    workgroupBarrier();
  }

  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=none/bias=1/halves=unpack/layout=kn/residual=0/rows=4/shareX=0/staged=1/vec4=1/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, 4u * TK4 * TPN>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[i] = wAt(min(4u * kt4 + i / TPN, p.K - 1u), n0 / 4u + i % TPN);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(4u * k + 0u) * TPN + tn], ws[(4u * k + 1u) * TPN + tn], ws[(4u * k + 2u) * TPN + tn], ws[(4u * k + 3u) * TPN + tn]);

      a0 += m * xs[(tm + 0u * TPM) * TK4 + k];
      a1 += m * xs[(tm + 1u * TPM) * TK4 + k];
      a2 += m * xs[(tm + 2u * TPM) * TK4 + k];
      a3 += m * xs[(tm + 3u * TPM) * TK4 + k];
    }
    workgroupBarrier();
  }

  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=none/bias=1/halves=unpack/layout=kn/residual=1/rows=4/shareX=0/staged=1/vec4=0/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, 4u * TK4 * TPN>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[i] = wAt(min(4u * kt4 + i / TPN, p.K - 1u), n0 / 4u + i % TPN);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(4u * k + 0u) * TPN + tn], ws[(4u * k + 1u) * TPN + tn], ws[(4u * k + 2u) * TPN + tn], ws[(4u * k + 3u) * TPN + tn]);

      a0 += m * xs[(tm + 0u * TPM) * TK4 + k];
      a1 += m * xs[(tm + 1u * TPM) * TK4 + k];
      a2 += m * xs[(tm + 2u * TPM) * TK4 + k];
      a3 += m * xs[(tm + 3u * TPM) * TK4 + k];
    }
    workgroupBarrier();
  }

  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=none/bias=1/halves=unpack/layout=kn/residual=1/rows=4/shareX=0/staged=1/vec4=1/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, 4u * TK4 * TPN>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[i] = wAt(min(4u * kt4 + i / TPN, p.K - 1u), n0 / 4u + i % TPN);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(4u * k + 0u) * TPN + tn], ws[(4u * k + 1u) * TPN + tn], ws[(4u * k + 2u) * TPN + tn], ws[(4u * k + 3u) * TPN + tn]);

      a0 += m * xs[(tm + 0u * TPM) * TK4 + k];
      a1 += m * xs[(tm + 1u * TPM) * TK4 + k];
      a2 += m * xs[(tm + 2u * TPM) * TK4 + k];
      a3 += m * xs[(tm + 3u * TPM) * TK4 + k];
    }
    workgroupBarrier();
  }

  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=none/bias=1/halves=unpack/layout=nk/residual=0/rows=4/shareX=0/staged=1/vec4=0/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, TILE_N * (TK4 + 1u)>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[(i / TK4) * (TK4 + 1u) + i % TK4] = wAt(min(n0 + i / TK4, p.N - 1u), kt4 + i % TK4);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(tn + 0u * TPN) * (TK4 + 1u) + k], ws[(tn + 1u * TPN) * (TK4 + 1u) + k], ws[(tn + 2u * TPN) * (TK4 + 1u) + k], ws[(tn + 3u * TPN) * (TK4 + 1u) + k]);

      a0 += xs[(tm + 0u * TPM) * TK4 + k] * m;
      a1 += xs[(tm + 1u * TPM) * TK4 + k] * m;
      a2 += xs[(tm + 2u * TPM) * TK4 + k] * m;
      a3 += xs[(tm + 3u * TPM) * TK4 + k] * m;
    }
    workgroupBarrier();
  }

  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=none/bias=1/halves=unpack/layout=nk/residual=0/rows=4/shareX=0/staged=1/vec4=1/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, TILE_N * (TK4 + 1u)>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[(i / TK4) * (TK4 + 1u) + i % TK4] = wAt(min(n0 + i / TK4, p.N - 1u), kt4 + i % TK4);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(tn + 0u * TPN) * (TK4 + 1u) + k], ws[(tn + 1u * TPN) * (TK4 + 1u) + k], ws[(tn + 2u * TPN) * (TK4 + 1u) + k], ws[(tn + 3u * TPN) * (TK4 + 1u) + k]);

      a0 += xs[(tm + 0u * TPM) * TK4 + k] * m;
      a1 += xs[(tm + 1u * TPM) * TK4 + k] * m;
      a2 += xs[(tm + 2u * TPM) * TK4 + k] * m;
      a3 += xs[(tm + 3u * TPM) * TK4 + k] * m;
    }
    workgroupBarrier();
  }

  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=none/bias=1/halves=unpack/layout=nk/residual=1/rows=4/shareX=0/staged=1/vec4=0/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, TILE_N * (TK4 + 1u)>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[(i / TK4) * (TK4 + 1u) + i % TK4] = wAt(min(n0 + i / TK4, p.N - 1u), kt4 + i % TK4);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(tn + 0u * TPN) * (TK4 + 1u) + k], ws[(tn + 1u * TPN) * (TK4 + 1u) + k], ws[(tn + 2u * TPN) * (TK4 + 1u) + k], ws[(tn + 3u * TPN) * (TK4 + 1u) + k]);

      a0 += xs[(tm + 0u * TPM) * TK4 + k] * m;
      a1 += xs[(tm + 1u * TPM) * TK4 + k] * m;
      a2 += xs[(tm + 2u * TPM) * TK4 + k] * m;
      a3 += xs[(tm + 3u * TPM) * TK4 + k] * m;
    }
    workgroupBarrier();
  }

  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=none/bias=1/halves=unpack/layout=nk/residual=1/rows=4/shareX=0/staged=1/vec4=1/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, TILE_N * (TK4 + 1u)>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[(i / TK4) * (TK4 + 1u) + i % TK4] = wAt(min(n0 + i / TK4, p.N - 1u), kt4 + i % TK4);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(tn + 0u * TPN) * (TK4 + 1u) + k], ws[(tn + 1u * TPN) * (TK4 + 1u) + k], ws[(tn + 2u * TPN) * (TK4 + 1u) + k], ws[(tn + 3u * TPN) * (TK4 + 1u) + k]);

      a0 += xs[(tm + 0u * TPM) * TK4 + k] * m;
      a1 += xs[(tm + 1u * TPM) * TK4 + k] * m;
      a2 += xs[(tm + 2u * TPM) * TK4 + k] * m;
      a3 += xs[(tm + 3u * TPM) * TK4 + k] * m;
    }
    workgroupBarrier();
  }

  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=silu/bias=0/halves=multiply/layout=kn/residual=0/rows=8/shareX=0/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    a0 += m * xLoad(x0, k);
    a1 += m * xLoad(x1, k);
    a2 += m * xLoad(x2, k);
    a3 += m * xLoad(x3, k);
    a4 += m * xLoad(x4, k);
    a5 += m * xLoad(x5, k);
    a6 += m * xLoad(x6, k);
    a7 += m * xLoad(x7, k);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=silu/bias=0/halves=multiply/layout=kn/residual=0/rows=8/shareX=0/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    a0 += m * xLoad(x0, k);
    a1 += m * xLoad(x1, k);
    a2 += m * xLoad(x2, k);
    a3 += m * xLoad(x3, k);
    a4 += m * xLoad(x4, k);
    a5 += m * xLoad(x5, k);
    a6 += m * xLoad(x6, k);
    a7 += m * xLoad(x7, k);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=silu/bias=0/halves=multiply/layout=kn/residual=0/rows=8/shareX=1/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += m * subgroupBroadcast(xl0, 0u);
    a1 += m * subgroupBroadcast(xl0, 1u);
    a2 += m * subgroupBroadcast(xl0, 2u);
    a3 += m * subgroupBroadcast(xl0, 3u);
    a4 += m * subgroupBroadcast(xl1, 0u);
    a5 += m * subgroupBroadcast(xl1, 1u);
    a6 += m * subgroupBroadcast(xl1, 2u);
    a7 += m * subgroupBroadcast(xl1, 3u);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=silu/bias=0/halves=multiply/layout=kn/residual=0/rows=8/shareX=1/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += m * subgroupBroadcast(xl0, 0u);
    a1 += m * subgroupBroadcast(xl0, 1u);
    a2 += m * subgroupBroadcast(xl0, 2u);
    a3 += m * subgroupBroadcast(xl0, 3u);
    a4 += m * subgroupBroadcast(xl1, 0u);
    a5 += m * subgroupBroadcast(xl1, 1u);
    a6 += m * subgroupBroadcast(xl1, 2u);
    a7 += m * subgroupBroadcast(xl1, 3u);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=silu/bias=0/halves=multiply/layout=kn/residual=1/rows=8/shareX=0/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    a0 += m * xLoad(x0, k);
    a1 += m * xLoad(x1, k);
    a2 += m * xLoad(x2, k);
    a3 += m * xLoad(x3, k);
    a4 += m * xLoad(x4, k);
    a5 += m * xLoad(x5, k);
    a6 += m * xLoad(x6, k);
    a7 += m * xLoad(x7, k);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=silu/bias=0/halves=multiply/layout=kn/residual=1/rows=8/shareX=0/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    a0 += m * xLoad(x0, k);
    a1 += m * xLoad(x1, k);
    a2 += m * xLoad(x2, k);
    a3 += m * xLoad(x3, k);
    a4 += m * xLoad(x4, k);
    a5 += m * xLoad(x5, k);
    a6 += m * xLoad(x6, k);
    a7 += m * xLoad(x7, k);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=silu/bias=0/halves=multiply/layout=kn/residual=1/rows=8/shareX=1/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += m * subgroupBroadcast(xl0, 0u);
    a1 += m * subgroupBroadcast(xl0, 1u);
    a2 += m * subgroupBroadcast(xl0, 2u);
    a3 += m * subgroupBroadcast(xl0, 3u);
    a4 += m * subgroupBroadcast(xl1, 0u);
    a5 += m * subgroupBroadcast(xl1, 1u);
    a6 += m * subgroupBroadcast(xl1, 2u);
    a7 += m * subgroupBroadcast(xl1, 3u);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=silu/bias=0/halves=multiply/layout=kn/residual=1/rows=8/shareX=1/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += m * subgroupBroadcast(xl0, 0u);
    a1 += m * subgroupBroadcast(xl0, 1u);
    a2 += m * subgroupBroadcast(xl0, 2u);
    a3 += m * subgroupBroadcast(xl0, 3u);
    a4 += m * subgroupBroadcast(xl1, 0u);
    a5 += m * subgroupBroadcast(xl1, 1u);
    a6 += m * subgroupBroadcast(xl1, 2u);
    a7 += m * subgroupBroadcast(xl1, 3u);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=silu/bias=0/halves=multiply/layout=nk/residual=0/rows=8/shareX=0/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    a0 += xLoad(x0, k) * m;
    a1 += xLoad(x1, k) * m;
    a2 += xLoad(x2, k) * m;
    a3 += xLoad(x3, k) * m;
    a4 += xLoad(x4, k) * m;
    a5 += xLoad(x5, k) * m;
    a6 += xLoad(x6, k) * m;
    a7 += xLoad(x7, k) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=silu/bias=0/halves=multiply/layout=nk/residual=0/rows=8/shareX=0/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    a0 += xLoad(x0, k) * m;
    a1 += xLoad(x1, k) * m;
    a2 += xLoad(x2, k) * m;
    a3 += xLoad(x3, k) * m;
    a4 += xLoad(x4, k) * m;
    a5 += xLoad(x5, k) * m;
    a6 += xLoad(x6, k) * m;
    a7 += xLoad(x7, k) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=silu/bias=0/halves=multiply/layout=nk/residual=0/rows=8/shareX=1/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += subgroupBroadcast(xl0, 0u) * m;
    a1 += subgroupBroadcast(xl0, 1u) * m;
    a2 += subgroupBroadcast(xl0, 2u) * m;
    a3 += subgroupBroadcast(xl0, 3u) * m;
    a4 += subgroupBroadcast(xl1, 0u) * m;
    a5 += subgroupBroadcast(xl1, 1u) * m;
    a6 += subgroupBroadcast(xl1, 2u) * m;
    a7 += subgroupBroadcast(xl1, 3u) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=silu/bias=0/halves=multiply/layout=nk/residual=0/rows=8/shareX=1/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += subgroupBroadcast(xl0, 0u) * m;
    a1 += subgroupBroadcast(xl0, 1u) * m;
    a2 += subgroupBroadcast(xl0, 2u) * m;
    a3 += subgroupBroadcast(xl0, 3u) * m;
    a4 += subgroupBroadcast(xl1, 0u) * m;
    a5 += subgroupBroadcast(xl1, 1u) * m;
    a6 += subgroupBroadcast(xl1, 2u) * m;
    a7 += subgroupBroadcast(xl1, 3u) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=silu/bias=0/halves=multiply/layout=nk/residual=1/rows=8/shareX=0/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    a0 += xLoad(x0, k) * m;
    a1 += xLoad(x1, k) * m;
    a2 += xLoad(x2, k) * m;
    a3 += xLoad(x3, k) * m;
    a4 += xLoad(x4, k) * m;
    a5 += xLoad(x5, k) * m;
    a6 += xLoad(x6, k) * m;
    a7 += xLoad(x7, k) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=silu/bias=0/halves=multiply/layout=nk/residual=1/rows=8/shareX=0/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    a0 += xLoad(x0, k) * m;
    a1 += xLoad(x1, k) * m;
    a2 += xLoad(x2, k) * m;
    a3 += xLoad(x3, k) * m;
    a4 += xLoad(x4, k) * m;
    a5 += xLoad(x5, k) * m;
    a6 += xLoad(x6, k) * m;
    a7 += xLoad(x7, k) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=silu/bias=0/halves=multiply/layout=nk/residual=1/rows=8/shareX=1/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += subgroupBroadcast(xl0, 0u) * m;
    a1 += subgroupBroadcast(xl0, 1u) * m;
    a2 += subgroupBroadcast(xl0, 2u) * m;
    a3 += subgroupBroadcast(xl0, 3u) * m;
    a4 += subgroupBroadcast(xl1, 0u) * m;
    a5 += subgroupBroadcast(xl1, 1u) * m;
    a6 += subgroupBroadcast(xl1, 2u) * m;
    a7 += subgroupBroadcast(xl1, 3u) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=silu/bias=0/halves=multiply/layout=nk/residual=1/rows=8/shareX=1/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += subgroupBroadcast(xl0, 0u) * m;
    a1 += subgroupBroadcast(xl0, 1u) * m;
    a2 += subgroupBroadcast(xl0, 2u) * m;
    a3 += subgroupBroadcast(xl0, 3u) * m;
    a4 += subgroupBroadcast(xl1, 0u) * m;
    a5 += subgroupBroadcast(xl1, 1u) * m;
    a6 += subgroupBroadcast(xl1, 2u) * m;
    a7 += subgroupBroadcast(xl1, 3u) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=silu/bias=0/halves=unpack/layout=kn/residual=0/rows=4/shareX=0/staged=1/vec4=0/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, 4u * TK4 * TPN>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[i] = wAt(min(4u * kt4 + i / TPN, p.K - 1u), n0 / 4u + i % TPN);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(4u * k + 0u) * TPN + tn], ws[(4u * k + 1u) * TPN + tn], ws[(4u * k + 2u) * TPN + tn], ws[(4u * k + 3u) * TPN + tn]);

      a0 += m * xs[(tm + 0u * TPM) * TK4 + k];
      a1 += m * xs[(tm + 1u * TPM) * TK4 + k];
      a2 += m * xs[(tm + 2u * TPM) * TK4 + k];
      a3 += m * xs[(tm + 3u * TPM) * TK4 + k];
    }
    workgroupBarrier();
  }

  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=silu/bias=0/halves=unpack/layout=kn/residual=0/rows=4/shareX=0/staged=1/vec4=1/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, 4u * TK4 * TPN>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[i] = wAt(min(4u * kt4 + i / TPN, p.K - 1u), n0 / 4u + i % TPN);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(4u * k + 0u) * TPN + tn], ws[(4u * k + 1u) * TPN + tn], ws[(4u * k + 2u) * TPN + tn], ws[(4u * k + 3u) * TPN + tn]);

      a0 += m * xs[(tm + 0u * TPM) * TK4 + k];
      a1 += m * xs[(tm + 1u * TPM) * TK4 + k];
      a2 += m * xs[(tm + 2u * TPM) * TK4 + k];
      a3 += m * xs[(tm + 3u * TPM) * TK4 + k];
    }
    workgroupBarrier();
  }

  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=silu/bias=0/halves=unpack/layout=kn/residual=1/rows=4/shareX=0/staged=1/vec4=0/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, 4u * TK4 * TPN>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[i] = wAt(min(4u * kt4 + i / TPN, p.K - 1u), n0 / 4u + i % TPN);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(4u * k + 0u) * TPN + tn], ws[(4u * k + 1u) * TPN + tn], ws[(4u * k + 2u) * TPN + tn], ws[(4u * k + 3u) * TPN + tn]);

      a0 += m * xs[(tm + 0u * TPM) * TK4 + k];
      a1 += m * xs[(tm + 1u * TPM) * TK4 + k];
      a2 += m * xs[(tm + 2u * TPM) * TK4 + k];
      a3 += m * xs[(tm + 3u * TPM) * TK4 + k];
    }
    workgroupBarrier();
  }

  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=silu/bias=0/halves=unpack/layout=kn/residual=1/rows=4/shareX=0/staged=1/vec4=1/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, 4u * TK4 * TPN>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[i] = wAt(min(4u * kt4 + i / TPN, p.K - 1u), n0 / 4u + i % TPN);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(4u * k + 0u) * TPN + tn], ws[(4u * k + 1u) * TPN + tn], ws[(4u * k + 2u) * TPN + tn], ws[(4u * k + 3u) * TPN + tn]);

      a0 += m * xs[(tm + 0u * TPM) * TK4 + k];
      a1 += m * xs[(tm + 1u * TPM) * TK4 + k];
      a2 += m * xs[(tm + 2u * TPM) * TK4 + k];
      a3 += m * xs[(tm + 3u * TPM) * TK4 + k];
    }
    workgroupBarrier();
  }

  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=silu/bias=0/halves=unpack/layout=nk/residual=0/rows=4/shareX=0/staged=1/vec4=0/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, TILE_N * (TK4 + 1u)>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[(i / TK4) * (TK4 + 1u) + i % TK4] = wAt(min(n0 + i / TK4, p.N - 1u), kt4 + i % TK4);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(tn + 0u * TPN) * (TK4 + 1u) + k], ws[(tn + 1u * TPN) * (TK4 + 1u) + k], ws[(tn + 2u * TPN) * (TK4 + 1u) + k], ws[(tn + 3u * TPN) * (TK4 + 1u) + k]);

      a0 += xs[(tm + 0u * TPM) * TK4 + k] * m;
      a1 += xs[(tm + 1u * TPM) * TK4 + k] * m;
      a2 += xs[(tm + 2u * TPM) * TK4 + k] * m;
      a3 += xs[(tm + 3u * TPM) * TK4 + k] * m;
    }
    workgroupBarrier();
  }

  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=silu/bias=0/halves=unpack/layout=nk/residual=0/rows=4/shareX=0/staged=1/vec4=1/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, TILE_N * (TK4 + 1u)>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[(i / TK4) * (TK4 + 1u) + i % TK4] = wAt(min(n0 + i / TK4, p.N - 1u), kt4 + i % TK4);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(tn + 0u * TPN) * (TK4 + 1u) + k], ws[(tn + 1u * TPN) * (TK4 + 1u) + k], ws[(tn + 2u * TPN) * (TK4 + 1u) + k], ws[(tn + 3u * TPN) * (TK4 + 1u) + k]);

      a0 += xs[(tm + 0u * TPM) * TK4 + k] * m;
      a1 += xs[(tm + 1u * TPM) * TK4 + k] * m;
      a2 += xs[(tm + 2u * TPM) * TK4 + k] * m;
      a3 += xs[(tm + 3u * TPM) * TK4 + k] * m;
    }
    workgroupBarrier();
  }

  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=silu/bias=0/halves=unpack/layout=nk/residual=1/rows=4/shareX=0/staged=1/vec4=0/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, TILE_N * (TK4 + 1u)>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[(i / TK4) * (TK4 + 1u) + i % TK4] = wAt(min(n0 + i / TK4, p.N - 1u), kt4 + i % TK4);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(tn + 0u * TPN) * (TK4 + 1u) + k], ws[(tn + 1u * TPN) * (TK4 + 1u) + k], ws[(tn + 2u * TPN) * (TK4 + 1u) + k], ws[(tn + 3u * TPN) * (TK4 + 1u) + k]);

      a0 += xs[(tm + 0u * TPM) * TK4 + k] * m;
      a1 += xs[(tm + 1u * TPM) * TK4 + k] * m;
      a2 += xs[(tm + 2u * TPM) * TK4 + k] * m;
      a3 += xs[(tm + 3u * TPM) * TK4 + k] * m;
    }
    workgroupBarrier();
  }

  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=silu/bias=0/halves=unpack/layout=nk/residual=1/rows=4/shareX=0/staged=1/vec4=1/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, TILE_N * (TK4 + 1u)>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[(i / TK4) * (TK4 + 1u) + i % TK4] = wAt(min(n0 + i / TK4, p.N - 1u), kt4 + i % TK4);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(tn + 0u * TPN) * (TK4 + 1u) + k], ws[(tn + 1u * TPN) * (TK4 + 1u) + k], ws[(tn + 2u * TPN) * (TK4 + 1u) + k], ws[(tn + 3u * TPN) * (TK4 + 1u) + k]);

      a0 += xs[(tm + 0u * TPM) * TK4 + k] * m;
      a1 += xs[(tm + 1u * TPM) * TK4 + k] * m;
      a2 += xs[(tm + 2u * TPM) * TK4 + k] * m;
      a3 += xs[(tm + 3u * TPM) * TK4 + k] * m;
    }
    workgroupBarrier();
  }

  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=silu/bias=1/halves=multiply/layout=kn/residual=0/rows=8/shareX=0/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    a0 += m * xLoad(x0, k);
    a1 += m * xLoad(x1, k);
    a2 += m * xLoad(x2, k);
    a3 += m * xLoad(x3, k);
    a4 += m * xLoad(x4, k);
    a5 += m * xLoad(x5, k);
    a6 += m * xLoad(x6, k);
    a7 += m * xLoad(x7, k);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=silu/bias=1/halves=multiply/layout=kn/residual=0/rows=8/shareX=0/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    a0 += m * xLoad(x0, k);
    a1 += m * xLoad(x1, k);
    a2 += m * xLoad(x2, k);
    a3 += m * xLoad(x3, k);
    a4 += m * xLoad(x4, k);
    a5 += m * xLoad(x5, k);
    a6 += m * xLoad(x6, k);
    a7 += m * xLoad(x7, k);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=silu/bias=1/halves=multiply/layout=kn/residual=0/rows=8/shareX=1/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += m * subgroupBroadcast(xl0, 0u);
    a1 += m * subgroupBroadcast(xl0, 1u);
    a2 += m * subgroupBroadcast(xl0, 2u);
    a3 += m * subgroupBroadcast(xl0, 3u);
    a4 += m * subgroupBroadcast(xl1, 0u);
    a5 += m * subgroupBroadcast(xl1, 1u);
    a6 += m * subgroupBroadcast(xl1, 2u);
    a7 += m * subgroupBroadcast(xl1, 3u);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=silu/bias=1/halves=multiply/layout=kn/residual=0/rows=8/shareX=1/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += m * subgroupBroadcast(xl0, 0u);
    a1 += m * subgroupBroadcast(xl0, 1u);
    a2 += m * subgroupBroadcast(xl0, 2u);
    a3 += m * subgroupBroadcast(xl0, 3u);
    a4 += m * subgroupBroadcast(xl1, 0u);
    a5 += m * subgroupBroadcast(xl1, 1u);
    a6 += m * subgroupBroadcast(xl1, 2u);
    a7 += m * subgroupBroadcast(xl1, 3u);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=silu/bias=1/halves=multiply/layout=kn/residual=1/rows=8/shareX=0/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    a0 += m * xLoad(x0, k);
    a1 += m * xLoad(x1, k);
    a2 += m * xLoad(x2, k);
    a3 += m * xLoad(x3, k);
    a4 += m * xLoad(x4, k);
    a5 += m * xLoad(x5, k);
    a6 += m * xLoad(x6, k);
    a7 += m * xLoad(x7, k);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=silu/bias=1/halves=multiply/layout=kn/residual=1/rows=8/shareX=0/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    a0 += m * xLoad(x0, k);
    a1 += m * xLoad(x1, k);
    a2 += m * xLoad(x2, k);
    a3 += m * xLoad(x3, k);
    a4 += m * xLoad(x4, k);
    a5 += m * xLoad(x5, k);
    a6 += m * xLoad(x6, k);
    a7 += m * xLoad(x7, k);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=silu/bias=1/halves=multiply/layout=kn/residual=1/rows=8/shareX=1/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += m * subgroupBroadcast(xl0, 0u);
    a1 += m * subgroupBroadcast(xl0, 1u);
    a2 += m * subgroupBroadcast(xl0, 2u);
    a3 += m * subgroupBroadcast(xl0, 3u);
    a4 += m * subgroupBroadcast(xl1, 0u);
    a5 += m * subgroupBroadcast(xl1, 1u);
    a6 += m * subgroupBroadcast(xl1, 2u);
    a7 += m * subgroupBroadcast(xl1, 3u);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=silu/bias=1/halves=multiply/layout=kn/residual=1/rows=8/shareX=1/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let wc = min(n0 / 4u + tn, (p.N + 3u) / 4u - 1u);


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(wStart(min(4u * k + 0u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 1u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 2u, p.K - 1u)), wc), wLoad(wStart(min(4u * k + 3u, p.K - 1u)), wc));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += m * subgroupBroadcast(xl0, 0u);
    a1 += m * subgroupBroadcast(xl0, 1u);
    a2 += m * subgroupBroadcast(xl0, 2u);
    a3 += m * subgroupBroadcast(xl0, 3u);
    a4 += m * subgroupBroadcast(xl1, 0u);
    a5 += m * subgroupBroadcast(xl1, 1u);
    a6 += m * subgroupBroadcast(xl1, 2u);
    a7 += m * subgroupBroadcast(xl1, 3u);
  }


  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=silu/bias=1/halves=multiply/layout=nk/residual=0/rows=8/shareX=0/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    a0 += xLoad(x0, k) * m;
    a1 += xLoad(x1, k) * m;
    a2 += xLoad(x2, k) * m;
    a3 += xLoad(x3, k) * m;
    a4 += xLoad(x4, k) * m;
    a5 += xLoad(x5, k) * m;
    a6 += xLoad(x6, k) * m;
    a7 += xLoad(x7, k) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=silu/bias=1/halves=multiply/layout=nk/residual=0/rows=8/shareX=0/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    a0 += xLoad(x0, k) * m;
    a1 += xLoad(x1, k) * m;
    a2 += xLoad(x2, k) * m;
    a3 += xLoad(x3, k) * m;
    a4 += xLoad(x4, k) * m;
    a5 += xLoad(x5, k) * m;
    a6 += xLoad(x6, k) * m;
    a7 += xLoad(x7, k) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=silu/bias=1/halves=multiply/layout=nk/residual=0/rows=8/shareX=1/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += subgroupBroadcast(xl0, 0u) * m;
    a1 += subgroupBroadcast(xl0, 1u) * m;
    a2 += subgroupBroadcast(xl0, 2u) * m;
    a3 += subgroupBroadcast(xl0, 3u) * m;
    a4 += subgroupBroadcast(xl1, 0u) * m;
    a5 += subgroupBroadcast(xl1, 1u) * m;
    a6 += subgroupBroadcast(xl1, 2u) * m;
    a7 += subgroupBroadcast(xl1, 3u) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=silu/bias=1/halves=multiply/layout=nk/residual=0/rows=8/shareX=1/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += subgroupBroadcast(xl0, 0u) * m;
    a1 += subgroupBroadcast(xl0, 1u) * m;
    a2 += subgroupBroadcast(xl0, 2u) * m;
    a3 += subgroupBroadcast(xl0, 3u) * m;
    a4 += subgroupBroadcast(xl1, 0u) * m;
    a5 += subgroupBroadcast(xl1, 1u) * m;
    a6 += subgroupBroadcast(xl1, 2u) * m;
    a7 += subgroupBroadcast(xl1, 3u) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=silu/bias=1/halves=multiply/layout=nk/residual=1/rows=8/shareX=0/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    a0 += xLoad(x0, k) * m;
    a1 += xLoad(x1, k) * m;
    a2 += xLoad(x2, k) * m;
    a3 += xLoad(x3, k) * m;
    a4 += xLoad(x4, k) * m;
    a5 += xLoad(x5, k) * m;
    a6 += xLoad(x6, k) * m;
    a7 += xLoad(x7, k) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=silu/bias=1/halves=multiply/layout=nk/residual=1/rows=8/shareX=0/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + tm + 0u * TPM, p.T - 1u));
  let x1 = xStart(min(m0 + tm + 1u * TPM, p.T - 1u));
  let x2 = xStart(min(m0 + tm + 2u * TPM, p.T - 1u));
  let x3 = xStart(min(m0 + tm + 3u * TPM, p.T - 1u));
  let x4 = xStart(min(m0 + tm + 4u * TPM, p.T - 1u));
  let x5 = xStart(min(m0 + tm + 5u * TPM, p.T - 1u));
  let x6 = xStart(min(m0 + tm + 6u * TPM, p.T - 1u));
  let x7 = xStart(min(m0 + tm + 7u * TPM, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    a0 += xLoad(x0, k) * m;
    a1 += xLoad(x1, k) * m;
    a2 += xLoad(x2, k) * m;
    a3 += xLoad(x3, k) * m;
    a4 += xLoad(x4, k) * m;
    a5 += xLoad(x5, k) * m;
    a6 += xLoad(x6, k) * m;
    a7 += xLoad(x7, k) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=silu/bias=1/halves=multiply/layout=nk/residual=1/rows=8/shareX=1/staged=0/vec4=0/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += subgroupBroadcast(xl0, 0u) * m;
    a1 += subgroupBroadcast(xl0, 1u) * m;
    a2 += subgroupBroadcast(xl0, 2u) * m;
    a3 += subgroupBroadcast(xl0, 3u) * m;
    a4 += subgroupBroadcast(xl1, 0u) * m;
    a5 += subgroupBroadcast(xl1, 1u) * m;
    a6 += subgroupBroadcast(xl1, 2u) * m;
    a7 += subgroupBroadcast(xl1, 3u) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=silu/bias=1/halves=multiply/layout=nk/residual=1/rows=8/shareX=1/staged=0/vec4=1/weights=f32/TK4=4/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 8u * TPM;
override TILE_N: u32 = 4u * TPN;



@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);

  // Row starts hoisted out of the k loop; rows past T and N are clamped (never stored).

  let x0 = xStart(min(m0 + lane + 0u, p.T - 1u));
  let x1 = xStart(min(m0 + lane + 4u, p.T - 1u));


  let w0 = wStart(min(n0 + tn + 0u * TPN, p.N - 1u));
  let w1 = wStart(min(n0 + tn + 1u * TPN, p.N - 1u));
  let w2 = wStart(min(n0 + tn + 2u * TPN, p.N - 1u));
  let w3 = wStart(min(n0 + tn + 3u * TPN, p.N - 1u));


  for (var k = 0u; k < k4s; k++) {

    let m = mat4x4<f32>(wLoad(w0, k), wLoad(w1, k), wLoad(w2, k), wLoad(w3, k));

    let xl0 = xLoad(x0, k);
    let xl1 = xLoad(x1, k);
    a0 += subgroupBroadcast(xl0, 0u) * m;
    a1 += subgroupBroadcast(xl0, 1u) * m;
    a2 += subgroupBroadcast(xl0, 2u) * m;
    a3 += subgroupBroadcast(xl0, 3u) * m;
    a4 += subgroupBroadcast(xl1, 0u) * m;
    a5 += subgroupBroadcast(xl1, 1u) * m;
    a6 += subgroupBroadcast(xl1, 2u) * m;
    a7 += subgroupBroadcast(xl1, 3u) * m;
  }


  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
  finish4(m0 + tm + 4u * TPM, n, dn, a4);
  finish4(m0 + tm + 5u * TPM, n, dn, a5);
  finish4(m0 + tm + 6u * TPM, n, dn, a6);
  finish4(m0 + tm + 7u * TPM, n, dn, a7);
}

// ==== matmul/activation=silu/bias=1/halves=unpack/layout=kn/residual=0/rows=4/shareX=0/staged=1/vec4=0/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, 4u * TK4 * TPN>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[i] = wAt(min(4u * kt4 + i / TPN, p.K - 1u), n0 / 4u + i % TPN);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(4u * k + 0u) * TPN + tn], ws[(4u * k + 1u) * TPN + tn], ws[(4u * k + 2u) * TPN + tn], ws[(4u * k + 3u) * TPN + tn]);

      a0 += m * xs[(tm + 0u * TPM) * TK4 + k];
      a1 += m * xs[(tm + 1u * TPM) * TK4 + k];
      a2 += m * xs[(tm + 2u * TPM) * TK4 + k];
      a3 += m * xs[(tm + 3u * TPM) * TK4 + k];
    }
    workgroupBarrier();
  }

  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=silu/bias=1/halves=unpack/layout=kn/residual=0/rows=4/shareX=0/staged=1/vec4=1/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, 4u * TK4 * TPN>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[i] = wAt(min(4u * kt4 + i / TPN, p.K - 1u), n0 / 4u + i % TPN);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(4u * k + 0u) * TPN + tn], ws[(4u * k + 1u) * TPN + tn], ws[(4u * k + 2u) * TPN + tn], ws[(4u * k + 3u) * TPN + tn]);

      a0 += m * xs[(tm + 0u * TPM) * TK4 + k];
      a1 += m * xs[(tm + 1u * TPM) * TK4 + k];
      a2 += m * xs[(tm + 2u * TPM) * TK4 + k];
      a3 += m * xs[(tm + 3u * TPM) * TK4 + k];
    }
    workgroupBarrier();
  }

  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=silu/bias=1/halves=unpack/layout=kn/residual=1/rows=4/shareX=0/staged=1/vec4=0/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, 4u * TK4 * TPN>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[i] = wAt(min(4u * kt4 + i / TPN, p.K - 1u), n0 / 4u + i % TPN);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(4u * k + 0u) * TPN + tn], ws[(4u * k + 1u) * TPN + tn], ws[(4u * k + 2u) * TPN + tn], ws[(4u * k + 3u) * TPN + tn]);

      a0 += m * xs[(tm + 0u * TPM) * TK4 + k];
      a1 += m * xs[(tm + 1u * TPM) * TK4 + k];
      a2 += m * xs[(tm + 2u * TPM) * TK4 + k];
      a3 += m * xs[(tm + 3u * TPM) * TK4 + k];
    }
    workgroupBarrier();
  }

  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=silu/bias=1/halves=unpack/layout=kn/residual=1/rows=4/shareX=0/staged=1/vec4=1/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (K, N)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, 4u * TK4 * TPN>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[i] = wAt(min(4u * kt4 + i / TPN, p.K - 1u), n0 / 4u + i % TPN);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(4u * k + 0u) * TPN + tn], ws[(4u * k + 1u) * TPN + tn], ws[(4u * k + 2u) * TPN + tn], ws[(4u * k + 3u) * TPN + tn]);

      a0 += m * xs[(tm + 0u * TPM) * TK4 + k];
      a1 += m * xs[(tm + 1u * TPM) * TK4 + k];
      a2 += m * xs[(tm + 2u * TPM) * TK4 + k];
      a3 += m * xs[(tm + 3u * TPM) * TK4 + k];
    }
    workgroupBarrier();
  }

  let n = n0 + 4u * tn;
  let dn = 1u;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=silu/bias=1/halves=unpack/layout=nk/residual=0/rows=4/shareX=0/staged=1/vec4=0/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, TILE_N * (TK4 + 1u)>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[(i / TK4) * (TK4 + 1u) + i % TK4] = wAt(min(n0 + i / TK4, p.N - 1u), kt4 + i % TK4);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(tn + 0u * TPN) * (TK4 + 1u) + k], ws[(tn + 1u * TPN) * (TK4 + 1u) + k], ws[(tn + 2u * TPN) * (TK4 + 1u) + k], ws[(tn + 3u * TPN) * (TK4 + 1u) + k]);

      a0 += xs[(tm + 0u * TPM) * TK4 + k] * m;
      a1 += xs[(tm + 1u * TPM) * TK4 + k] * m;
      a2 += xs[(tm + 2u * TPM) * TK4 + k] * m;
      a3 += xs[(tm + 3u * TPM) * TK4 + k] * m;
    }
    workgroupBarrier();
  }

  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=silu/bias=1/halves=unpack/layout=nk/residual=0/rows=4/shareX=0/staged=1/vec4=1/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, TILE_N * (TK4 + 1u)>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[(i / TK4) * (TK4 + 1u) + i % TK4] = wAt(min(n0 + i / TK4, p.N - 1u), kt4 + i % TK4);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(tn + 0u * TPN) * (TK4 + 1u) + k], ws[(tn + 1u * TPN) * (TK4 + 1u) + k], ws[(tn + 2u * TPN) * (TK4 + 1u) + k], ws[(tn + 3u * TPN) * (TK4 + 1u) + k]);

      a0 += xs[(tm + 0u * TPM) * TK4 + k] * m;
      a1 += xs[(tm + 1u * TPM) * TK4 + k] * m;
      a2 += xs[(tm + 2u * TPM) * TK4 + k] * m;
      a3 += xs[(tm + 3u * TPM) * TK4 + k] * m;
    }
    workgroupBarrier();
  }

  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=silu/bias=1/halves=unpack/layout=nk/residual=1/rows=4/shareX=0/staged=1/vec4=0/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<f32>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, TILE_N * (TK4 + 1u)>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[(i / TK4) * (TK4 + 1u) + i % TK4] = wAt(min(n0 + i / TK4, p.N - 1u), kt4 + i % TK4);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(tn + 0u * TPN) * (TK4 + 1u) + k], ws[(tn + 1u * TPN) * (TK4 + 1u) + k], ws[(tn + 2u * TPN) * (TK4 + 1u) + k], ws[(tn + 3u * TPN) * (TK4 + 1u) + k]);

      a0 += xs[(tm + 0u * TPM) * TK4 + k] * m;
      a1 += xs[(tm + 1u * TPM) * TK4 + k] * m;
      a2 += xs[(tm + 2u * TPM) * TK4 + k] * m;
      a3 += xs[(tm + 3u * TPM) * TK4 + k] * m;
    }
    workgroupBarrier();
  }

  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/activation=silu/bias=1/halves=unpack/layout=nk/residual=1/rows=4/shareX=0/staged=1/vec4=1/weights=f32/TK4=4/TPM=16/TPN=16
struct Params {
  T: u32,
  K: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
  ldy: u32, // y's row stride: N, or wider when y is columns of a larger matrix (set by the host)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>; // (T, K)
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>; // (N, K)
@group(0) @binding(3) var<storage, read> bias: array<f32>; // (N)
@group(0) @binding(4) var<storage, read> residual: array<f32>; // (T, N), rows ldy apart
@group(0) @binding(5) var<storage, read_write> y: array<f32>; // (T, N), rows ldy apart

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

      s += residual[row * p.ldy + n];

      y[row * p.ldy + n] = s;
    }
  }
}


override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TK4: u32 = 4u;
override TILE_M: u32 = 4u * TPM;
override TILE_N: u32 = 4u * TPN;


// One k-slab: X as (TILE_M, TK4) vec4; W as (TILE_N, TK4 + 1) for 'nk' (the pad keeps the
// strided column reads free of bank conflicts) or (4 TK4, TPN) for 'kn'.
var<workgroup> xs: array<vec4<f32>, TILE_M * TK4>;
var<workgroup> ws: array<vec4<f32>, TILE_N * (TK4 + 1u)>;

// Loads the slab of k4 = kt4 .. kt4 + TK4 - 1; rows past T and N are clamped (never stored).
fn stage(tid: u32, m0: u32, n0: u32, kt4: u32) {
  for (var i = tid; i < TILE_M * TK4; i += TPM * TPN) {
    xs[i] = xAt(min(m0 + i / TK4, p.T - 1u), kt4 + i % TK4);
  }
  for (var i = tid; i < TILE_N * TK4; i += TPM * TPN) {

    ws[(i / TK4) * (TK4 + 1u) + i % TK4] = wAt(min(n0 + i / TK4, p.N - 1u), kt4 + i % TK4);

  }
}


@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), so consecutive workgroups share a W tile.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + TILE_N - 1u) / TILE_N)) { return; } // uniform per workgroup
  let m0 = (g % p.groups) * TILE_M;
  let n0 = (g / p.groups) * TILE_N;
  let tm = tid / TPN;
  let tn = tid % TPN;
  let k4s = (p.K + 3u) / 4u;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);

  for (var kt4 = 0u; kt4 < k4s; kt4 += TK4) {
    stage(tid, m0, n0, kt4);
    workgroupBarrier();
    for (var k = 0u; k < TK4; k++) {

      let m = mat4x4<f32>(ws[(tn + 0u * TPN) * (TK4 + 1u) + k], ws[(tn + 1u * TPN) * (TK4 + 1u) + k], ws[(tn + 2u * TPN) * (TK4 + 1u) + k], ws[(tn + 3u * TPN) * (TK4 + 1u) + k]);

      a0 += xs[(tm + 0u * TPM) * TK4 + k] * m;
      a1 += xs[(tm + 1u * TPM) * TK4 + k] * m;
      a2 += xs[(tm + 2u * TPM) * TK4 + k] * m;
      a3 += xs[(tm + 3u * TPM) * TK4 + k] * m;
    }
    workgroupBarrier();
  }

  let n = n0 + tn;
  let dn = TPN;
  finish4(m0 + tm + 0u * TPM, n, dn, a0);
  finish4(m0 + tm + 1u * TPM, n, dn, a1);
  finish4(m0 + tm + 2u * TPM, n, dn, a2);
  finish4(m0 + tm + 3u * TPM, n, dn, a3);
}

// ==== matmul/colsum/accumulate=0/COLS=32/SPLIT=8
struct Params {
  T: u32,
  N: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> dy: array<f32>; // (T, N)
@group(0) @binding(2) var<storage, read_write> db: array<f32>; // (N)

override COLS: u32 = 32u;
override SPLIT: u32 = 8u;

var<workgroup> partials: array<f32, COLS * SPLIT>;

@compute @workgroup_size(COLS * SPLIT)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let g = wg.x + wg.y * nwg.x;
  if (g * COLS >= p.N) { return; } // uniform per workgroup
  let s = tid / COLS;
  let col = g * COLS + tid % COLS;
  let n = min(col, p.N - 1u); // lanes past N sum a copy, never stored
  var sum = 0.0;
  for (var t = s; t < p.T; t += SPLIT) { sum += dy[t * p.N + n]; }
  partials[tid] = sum;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (s < h) { partials[tid] += partials[tid + h * COLS]; }
    workgroupBarrier();
  }
  if (s == 0u && col < p.N) {

    db[col] = partials[tid];

  }
}

// ==== matmul/colsum/accumulate=0/COLS=4/SPLIT=1
struct Params {
  T: u32,
  N: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> dy: array<f32>; // (T, N)
@group(0) @binding(2) var<storage, read_write> db: array<f32>; // (N)

override COLS: u32 = 32u;
override SPLIT: u32 = 8u;

var<workgroup> partials: array<f32, COLS * SPLIT>;

@compute @workgroup_size(COLS * SPLIT)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let g = wg.x + wg.y * nwg.x;
  if (g * COLS >= p.N) { return; } // uniform per workgroup
  let s = tid / COLS;
  let col = g * COLS + tid % COLS;
  let n = min(col, p.N - 1u); // lanes past N sum a copy, never stored
  var sum = 0.0;
  for (var t = s; t < p.T; t += SPLIT) { sum += dy[t * p.N + n]; }
  partials[tid] = sum;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (s < h) { partials[tid] += partials[tid + h * COLS]; }
    workgroupBarrier();
  }
  if (s == 0u && col < p.N) {

    db[col] = partials[tid];

  }
}

// ==== matmul/colsum/accumulate=1/COLS=32/SPLIT=8
struct Params {
  T: u32,
  N: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> dy: array<f32>; // (T, N)
@group(0) @binding(2) var<storage, read_write> db: array<f32>; // (N)

override COLS: u32 = 32u;
override SPLIT: u32 = 8u;

var<workgroup> partials: array<f32, COLS * SPLIT>;

@compute @workgroup_size(COLS * SPLIT)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let g = wg.x + wg.y * nwg.x;
  if (g * COLS >= p.N) { return; } // uniform per workgroup
  let s = tid / COLS;
  let col = g * COLS + tid % COLS;
  let n = min(col, p.N - 1u); // lanes past N sum a copy, never stored
  var sum = 0.0;
  for (var t = s; t < p.T; t += SPLIT) { sum += dy[t * p.N + n]; }
  partials[tid] = sum;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (s < h) { partials[tid] += partials[tid + h * COLS]; }
    workgroupBarrier();
  }
  if (s == 0u && col < p.N) {

    db[col] += partials[tid];

  }
}

// ==== matmul/colsum/accumulate=1/COLS=4/SPLIT=1
struct Params {
  T: u32,
  N: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> dy: array<f32>; // (T, N)
@group(0) @binding(2) var<storage, read_write> db: array<f32>; // (N)

override COLS: u32 = 32u;
override SPLIT: u32 = 8u;

var<workgroup> partials: array<f32, COLS * SPLIT>;

@compute @workgroup_size(COLS * SPLIT)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let g = wg.x + wg.y * nwg.x;
  if (g * COLS >= p.N) { return; } // uniform per workgroup
  let s = tid / COLS;
  let col = g * COLS + tid % COLS;
  let n = min(col, p.N - 1u); // lanes past N sum a copy, never stored
  var sum = 0.0;
  for (var t = s; t < p.T; t += SPLIT) { sum += dy[t * p.N + n]; }
  partials[tid] = sum;
  workgroupBarrier();
  for (var h = SPLIT / 2u; h > 0u; h >>= 1u) {
    if (s < h) { partials[tid] += partials[tid + h * COLS]; }
    workgroupBarrier();
  }
  if (s == 0u && col < p.N) {

    db[col] += partials[tid];

  }
}

// ==== matmul/tn/accumulate=0/rows=16/shareA=0/staged=0/vec4=0/TPM=1/TPN=4
struct Params {
  T: u32,
  M: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>; // (T, M)
@group(0) @binding(2) var<storage, read> b: array<f32>; // (T, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (M, N)

fn aStart(row: u32) -> u32 { return row * p.M; }
fn aLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, a[start + min(c + 0u, p.M - 1u)], c + 0u < p.M), select(0.0, a[start + min(c + 1u, p.M - 1u)], c + 1u < p.M), select(0.0, a[start + min(c + 2u, p.M - 1u)], c + 2u < p.M), select(0.0, a[start + min(c + 3u, p.M - 1u)], c + 3u < p.M));
}
fn aAt(row: u32, c4: u32) -> vec4<f32> { return aLoad(aStart(row), c4); }
fn bStart(row: u32) -> u32 { return row * p.N; }
fn bLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, b[start + min(c + 0u, p.N - 1u)], c + 0u < p.N), select(0.0, b[start + min(c + 1u, p.N - 1u)], c + 1u < p.N), select(0.0, b[start + min(c + 2u, p.N - 1u)], c + 2u < p.N), select(0.0, b[start + min(c + 3u, p.N - 1u)], c + 3u < p.N));
}
fn bAt(row: u32, c4: u32) -> vec4<f32> { return bLoad(bStart(row), c4); }

override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TT: u32 = 16u;
override TILE_M4: u32 = 4u * TPM; // tile rows / 4



fn finish4(m: u32, n: u32, v: vec4<f32>) {
  if (m >= p.M) { return; }
  for (var j = 0u; j < 4u; j++) {
    if (n + j < p.N) {

      y[m * p.N + n + j] = v[j];

    }
  }
}

@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), as in the forward matmul.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + 4u * TPN - 1u) / (4u * TPN))) { return; } // uniform per workgroup
  let m4 = (g % p.groups) * TILE_M4; // in vec4 columns of A
  let n4 = (g / p.groups) * TPN; // in vec4 columns of B
  let tm = tid / TPN;
  let tn = tid % TPN;
  var y0 = vec4<f32>(0.0);
  var y1 = vec4<f32>(0.0);
  var y2 = vec4<f32>(0.0);
  var y3 = vec4<f32>(0.0);
  var y4 = vec4<f32>(0.0);
  var y5 = vec4<f32>(0.0);
  var y6 = vec4<f32>(0.0);
  var y7 = vec4<f32>(0.0);
  var y8 = vec4<f32>(0.0);
  var y9 = vec4<f32>(0.0);
  var y10 = vec4<f32>(0.0);
  var y11 = vec4<f32>(0.0);
  var y12 = vec4<f32>(0.0);
  var y13 = vec4<f32>(0.0);
  var y14 = vec4<f32>(0.0);
  var y15 = vec4<f32>(0.0);

  // Columns past M and N are clamped (never stored); every row t < T is real.
  let last4 = (p.M + 3u) / 4u - 1u;
  let ac0 = min(m4 + tm + 0u * TPM, last4);
  let ac1 = min(m4 + tm + 1u * TPM, last4);
  let ac2 = min(m4 + tm + 2u * TPM, last4);
  let ac3 = min(m4 + tm + 3u * TPM, last4);
  let bc = min(n4 + tn, (p.N + 3u) / 4u - 1u);

  for (var t = 0u; t < p.T; t++) {
    let bv = bLoad(bStart(t), bc);
    let at = aStart(t);
    let av0 = aLoad(at, ac0);
    y0 += av0[0] * bv; y1 += av0[1] * bv; y2 += av0[2] * bv; y3 += av0[3] * bv;
    let av1 = aLoad(at, ac1);
    y4 += av1[0] * bv; y5 += av1[1] * bv; y6 += av1[2] * bv; y7 += av1[3] * bv;
    let av2 = aLoad(at, ac2);
    y8 += av2[0] * bv; y9 += av2[1] * bv; y10 += av2[2] * bv; y11 += av2[3] * bv;
    let av3 = aLoad(at, ac3);
    y12 += av3[0] * bv; y13 += av3[1] * bv; y14 += av3[2] * bv; y15 += av3[3] * bv;
  }


  finish4(4u * (m4 + tm + 0u * TPM) + 0u, 4u * (n4 + tn), y0);
  finish4(4u * (m4 + tm + 0u * TPM) + 1u, 4u * (n4 + tn), y1);
  finish4(4u * (m4 + tm + 0u * TPM) + 2u, 4u * (n4 + tn), y2);
  finish4(4u * (m4 + tm + 0u * TPM) + 3u, 4u * (n4 + tn), y3);
  finish4(4u * (m4 + tm + 1u * TPM) + 0u, 4u * (n4 + tn), y4);
  finish4(4u * (m4 + tm + 1u * TPM) + 1u, 4u * (n4 + tn), y5);
  finish4(4u * (m4 + tm + 1u * TPM) + 2u, 4u * (n4 + tn), y6);
  finish4(4u * (m4 + tm + 1u * TPM) + 3u, 4u * (n4 + tn), y7);
  finish4(4u * (m4 + tm + 2u * TPM) + 0u, 4u * (n4 + tn), y8);
  finish4(4u * (m4 + tm + 2u * TPM) + 1u, 4u * (n4 + tn), y9);
  finish4(4u * (m4 + tm + 2u * TPM) + 2u, 4u * (n4 + tn), y10);
  finish4(4u * (m4 + tm + 2u * TPM) + 3u, 4u * (n4 + tn), y11);
  finish4(4u * (m4 + tm + 3u * TPM) + 0u, 4u * (n4 + tn), y12);
  finish4(4u * (m4 + tm + 3u * TPM) + 1u, 4u * (n4 + tn), y13);
  finish4(4u * (m4 + tm + 3u * TPM) + 2u, 4u * (n4 + tn), y14);
  finish4(4u * (m4 + tm + 3u * TPM) + 3u, 4u * (n4 + tn), y15);
}

// ==== matmul/tn/accumulate=0/rows=16/shareA=0/staged=0/vec4=1/TPM=1/TPN=4
struct Params {
  T: u32,
  M: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<vec4<f32>>; // (T, M)
@group(0) @binding(2) var<storage, read> b: array<vec4<f32>>; // (T, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (M, N)

fn aStart(row: u32) -> u32 { return row * (p.M / 4u); }
fn aLoad(start: u32, c4: u32) -> vec4<f32> { return a[start + c4]; }
fn aAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.M / 4u;
  return select(vec4<f32>(0.0), aLoad(aStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn bStart(row: u32) -> u32 { return row * (p.N / 4u); }
fn bLoad(start: u32, c4: u32) -> vec4<f32> { return b[start + c4]; }
fn bAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.N / 4u;
  return select(vec4<f32>(0.0), bLoad(bStart(row), min(c4, n4 - 1u)), c4 < n4);
}

override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TT: u32 = 16u;
override TILE_M4: u32 = 4u * TPM; // tile rows / 4



fn finish4(m: u32, n: u32, v: vec4<f32>) {
  if (m >= p.M) { return; }
  for (var j = 0u; j < 4u; j++) {
    if (n + j < p.N) {

      y[m * p.N + n + j] = v[j];

    }
  }
}

@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), as in the forward matmul.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + 4u * TPN - 1u) / (4u * TPN))) { return; } // uniform per workgroup
  let m4 = (g % p.groups) * TILE_M4; // in vec4 columns of A
  let n4 = (g / p.groups) * TPN; // in vec4 columns of B
  let tm = tid / TPN;
  let tn = tid % TPN;
  var y0 = vec4<f32>(0.0);
  var y1 = vec4<f32>(0.0);
  var y2 = vec4<f32>(0.0);
  var y3 = vec4<f32>(0.0);
  var y4 = vec4<f32>(0.0);
  var y5 = vec4<f32>(0.0);
  var y6 = vec4<f32>(0.0);
  var y7 = vec4<f32>(0.0);
  var y8 = vec4<f32>(0.0);
  var y9 = vec4<f32>(0.0);
  var y10 = vec4<f32>(0.0);
  var y11 = vec4<f32>(0.0);
  var y12 = vec4<f32>(0.0);
  var y13 = vec4<f32>(0.0);
  var y14 = vec4<f32>(0.0);
  var y15 = vec4<f32>(0.0);

  // Columns past M and N are clamped (never stored); every row t < T is real.
  let last4 = (p.M + 3u) / 4u - 1u;
  let ac0 = min(m4 + tm + 0u * TPM, last4);
  let ac1 = min(m4 + tm + 1u * TPM, last4);
  let ac2 = min(m4 + tm + 2u * TPM, last4);
  let ac3 = min(m4 + tm + 3u * TPM, last4);
  let bc = min(n4 + tn, (p.N + 3u) / 4u - 1u);

  for (var t = 0u; t < p.T; t++) {
    let bv = bLoad(bStart(t), bc);
    let at = aStart(t);
    let av0 = aLoad(at, ac0);
    y0 += av0[0] * bv; y1 += av0[1] * bv; y2 += av0[2] * bv; y3 += av0[3] * bv;
    let av1 = aLoad(at, ac1);
    y4 += av1[0] * bv; y5 += av1[1] * bv; y6 += av1[2] * bv; y7 += av1[3] * bv;
    let av2 = aLoad(at, ac2);
    y8 += av2[0] * bv; y9 += av2[1] * bv; y10 += av2[2] * bv; y11 += av2[3] * bv;
    let av3 = aLoad(at, ac3);
    y12 += av3[0] * bv; y13 += av3[1] * bv; y14 += av3[2] * bv; y15 += av3[3] * bv;
  }


  finish4(4u * (m4 + tm + 0u * TPM) + 0u, 4u * (n4 + tn), y0);
  finish4(4u * (m4 + tm + 0u * TPM) + 1u, 4u * (n4 + tn), y1);
  finish4(4u * (m4 + tm + 0u * TPM) + 2u, 4u * (n4 + tn), y2);
  finish4(4u * (m4 + tm + 0u * TPM) + 3u, 4u * (n4 + tn), y3);
  finish4(4u * (m4 + tm + 1u * TPM) + 0u, 4u * (n4 + tn), y4);
  finish4(4u * (m4 + tm + 1u * TPM) + 1u, 4u * (n4 + tn), y5);
  finish4(4u * (m4 + tm + 1u * TPM) + 2u, 4u * (n4 + tn), y6);
  finish4(4u * (m4 + tm + 1u * TPM) + 3u, 4u * (n4 + tn), y7);
  finish4(4u * (m4 + tm + 2u * TPM) + 0u, 4u * (n4 + tn), y8);
  finish4(4u * (m4 + tm + 2u * TPM) + 1u, 4u * (n4 + tn), y9);
  finish4(4u * (m4 + tm + 2u * TPM) + 2u, 4u * (n4 + tn), y10);
  finish4(4u * (m4 + tm + 2u * TPM) + 3u, 4u * (n4 + tn), y11);
  finish4(4u * (m4 + tm + 3u * TPM) + 0u, 4u * (n4 + tn), y12);
  finish4(4u * (m4 + tm + 3u * TPM) + 1u, 4u * (n4 + tn), y13);
  finish4(4u * (m4 + tm + 3u * TPM) + 2u, 4u * (n4 + tn), y14);
  finish4(4u * (m4 + tm + 3u * TPM) + 3u, 4u * (n4 + tn), y15);
}

// ==== matmul/tn/accumulate=0/rows=16/shareA=1/staged=0/vec4=0/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  M: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>; // (T, M)
@group(0) @binding(2) var<storage, read> b: array<f32>; // (T, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (M, N)

fn aStart(row: u32) -> u32 { return row * p.M; }
fn aLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, a[start + min(c + 0u, p.M - 1u)], c + 0u < p.M), select(0.0, a[start + min(c + 1u, p.M - 1u)], c + 1u < p.M), select(0.0, a[start + min(c + 2u, p.M - 1u)], c + 2u < p.M), select(0.0, a[start + min(c + 3u, p.M - 1u)], c + 3u < p.M));
}
fn aAt(row: u32, c4: u32) -> vec4<f32> { return aLoad(aStart(row), c4); }
fn bStart(row: u32) -> u32 { return row * p.N; }
fn bLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, b[start + min(c + 0u, p.N - 1u)], c + 0u < p.N), select(0.0, b[start + min(c + 1u, p.N - 1u)], c + 1u < p.N), select(0.0, b[start + min(c + 2u, p.N - 1u)], c + 2u < p.N), select(0.0, b[start + min(c + 3u, p.N - 1u)], c + 3u < p.N));
}
fn bAt(row: u32, c4: u32) -> vec4<f32> { return bLoad(bStart(row), c4); }

override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TT: u32 = 16u;
override TILE_M4: u32 = 4u * TPM; // tile rows / 4



fn finish4(m: u32, n: u32, v: vec4<f32>) {
  if (m >= p.M) { return; }
  for (var j = 0u; j < 4u; j++) {
    if (n + j < p.N) {

      y[m * p.N + n + j] = v[j];

    }
  }
}

@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), as in the forward matmul.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + 4u * TPN - 1u) / (4u * TPN))) { return; } // uniform per workgroup
  let m4 = (g % p.groups) * TILE_M4; // in vec4 columns of A
  let n4 = (g / p.groups) * TPN; // in vec4 columns of B
  let tm = tid / TPN;
  let tn = tid % TPN;
  var y0 = vec4<f32>(0.0);
  var y1 = vec4<f32>(0.0);
  var y2 = vec4<f32>(0.0);
  var y3 = vec4<f32>(0.0);
  var y4 = vec4<f32>(0.0);
  var y5 = vec4<f32>(0.0);
  var y6 = vec4<f32>(0.0);
  var y7 = vec4<f32>(0.0);
  var y8 = vec4<f32>(0.0);
  var y9 = vec4<f32>(0.0);
  var y10 = vec4<f32>(0.0);
  var y11 = vec4<f32>(0.0);
  var y12 = vec4<f32>(0.0);
  var y13 = vec4<f32>(0.0);
  var y14 = vec4<f32>(0.0);
  var y15 = vec4<f32>(0.0);

  // Columns past M and N are clamped (never stored); every row t < T is real.
  let last4 = (p.M + 3u) / 4u - 1u;
  let ac0 = min(m4 + tm + 0u * TPM, last4);
  let ac1 = min(m4 + tm + 1u * TPM, last4);
  let ac2 = min(m4 + tm + 2u * TPM, last4);
  let ac3 = min(m4 + tm + 3u * TPM, last4);
  let bc = min(n4 + tn, (p.N + 3u) / 4u - 1u);

  // B's rows past T are zero, so the lanes' clamped A rows add nothing.
  for (var t = 0u; t < p.T; t += 4u) {
    let at = aStart(min(t + lane, p.T - 1u));
    let al0 = aLoad(at, ac0);
    let al1 = aLoad(at, ac1);
    let al2 = aLoad(at, ac2);
    let al3 = aLoad(at, ac3);
    {
      let bv = select(vec4<f32>(0.0), bLoad(bStart(min(t + 0u, p.T - 1u)), bc), t + 0u < p.T);
      let av0 = subgroupBroadcast(al0, 0u);
      y0 += av0[0] * bv; y1 += av0[1] * bv; y2 += av0[2] * bv; y3 += av0[3] * bv;
      let av1 = subgroupBroadcast(al1, 0u);
      y4 += av1[0] * bv; y5 += av1[1] * bv; y6 += av1[2] * bv; y7 += av1[3] * bv;
      let av2 = subgroupBroadcast(al2, 0u);
      y8 += av2[0] * bv; y9 += av2[1] * bv; y10 += av2[2] * bv; y11 += av2[3] * bv;
      let av3 = subgroupBroadcast(al3, 0u);
      y12 += av3[0] * bv; y13 += av3[1] * bv; y14 += av3[2] * bv; y15 += av3[3] * bv;
    }
    {
      let bv = select(vec4<f32>(0.0), bLoad(bStart(min(t + 1u, p.T - 1u)), bc), t + 1u < p.T);
      let av0 = subgroupBroadcast(al0, 1u);
      y0 += av0[0] * bv; y1 += av0[1] * bv; y2 += av0[2] * bv; y3 += av0[3] * bv;
      let av1 = subgroupBroadcast(al1, 1u);
      y4 += av1[0] * bv; y5 += av1[1] * bv; y6 += av1[2] * bv; y7 += av1[3] * bv;
      let av2 = subgroupBroadcast(al2, 1u);
      y8 += av2[0] * bv; y9 += av2[1] * bv; y10 += av2[2] * bv; y11 += av2[3] * bv;
      let av3 = subgroupBroadcast(al3, 1u);
      y12 += av3[0] * bv; y13 += av3[1] * bv; y14 += av3[2] * bv; y15 += av3[3] * bv;
    }
    {
      let bv = select(vec4<f32>(0.0), bLoad(bStart(min(t + 2u, p.T - 1u)), bc), t + 2u < p.T);
      let av0 = subgroupBroadcast(al0, 2u);
      y0 += av0[0] * bv; y1 += av0[1] * bv; y2 += av0[2] * bv; y3 += av0[3] * bv;
      let av1 = subgroupBroadcast(al1, 2u);
      y4 += av1[0] * bv; y5 += av1[1] * bv; y6 += av1[2] * bv; y7 += av1[3] * bv;
      let av2 = subgroupBroadcast(al2, 2u);
      y8 += av2[0] * bv; y9 += av2[1] * bv; y10 += av2[2] * bv; y11 += av2[3] * bv;
      let av3 = subgroupBroadcast(al3, 2u);
      y12 += av3[0] * bv; y13 += av3[1] * bv; y14 += av3[2] * bv; y15 += av3[3] * bv;
    }
    {
      let bv = select(vec4<f32>(0.0), bLoad(bStart(min(t + 3u, p.T - 1u)), bc), t + 3u < p.T);
      let av0 = subgroupBroadcast(al0, 3u);
      y0 += av0[0] * bv; y1 += av0[1] * bv; y2 += av0[2] * bv; y3 += av0[3] * bv;
      let av1 = subgroupBroadcast(al1, 3u);
      y4 += av1[0] * bv; y5 += av1[1] * bv; y6 += av1[2] * bv; y7 += av1[3] * bv;
      let av2 = subgroupBroadcast(al2, 3u);
      y8 += av2[0] * bv; y9 += av2[1] * bv; y10 += av2[2] * bv; y11 += av2[3] * bv;
      let av3 = subgroupBroadcast(al3, 3u);
      y12 += av3[0] * bv; y13 += av3[1] * bv; y14 += av3[2] * bv; y15 += av3[3] * bv;
    }
  }


  finish4(4u * (m4 + tm + 0u * TPM) + 0u, 4u * (n4 + tn), y0);
  finish4(4u * (m4 + tm + 0u * TPM) + 1u, 4u * (n4 + tn), y1);
  finish4(4u * (m4 + tm + 0u * TPM) + 2u, 4u * (n4 + tn), y2);
  finish4(4u * (m4 + tm + 0u * TPM) + 3u, 4u * (n4 + tn), y3);
  finish4(4u * (m4 + tm + 1u * TPM) + 0u, 4u * (n4 + tn), y4);
  finish4(4u * (m4 + tm + 1u * TPM) + 1u, 4u * (n4 + tn), y5);
  finish4(4u * (m4 + tm + 1u * TPM) + 2u, 4u * (n4 + tn), y6);
  finish4(4u * (m4 + tm + 1u * TPM) + 3u, 4u * (n4 + tn), y7);
  finish4(4u * (m4 + tm + 2u * TPM) + 0u, 4u * (n4 + tn), y8);
  finish4(4u * (m4 + tm + 2u * TPM) + 1u, 4u * (n4 + tn), y9);
  finish4(4u * (m4 + tm + 2u * TPM) + 2u, 4u * (n4 + tn), y10);
  finish4(4u * (m4 + tm + 2u * TPM) + 3u, 4u * (n4 + tn), y11);
  finish4(4u * (m4 + tm + 3u * TPM) + 0u, 4u * (n4 + tn), y12);
  finish4(4u * (m4 + tm + 3u * TPM) + 1u, 4u * (n4 + tn), y13);
  finish4(4u * (m4 + tm + 3u * TPM) + 2u, 4u * (n4 + tn), y14);
  finish4(4u * (m4 + tm + 3u * TPM) + 3u, 4u * (n4 + tn), y15);
}

// ==== matmul/tn/accumulate=0/rows=16/shareA=1/staged=0/vec4=1/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  M: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<vec4<f32>>; // (T, M)
@group(0) @binding(2) var<storage, read> b: array<vec4<f32>>; // (T, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (M, N)

fn aStart(row: u32) -> u32 { return row * (p.M / 4u); }
fn aLoad(start: u32, c4: u32) -> vec4<f32> { return a[start + c4]; }
fn aAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.M / 4u;
  return select(vec4<f32>(0.0), aLoad(aStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn bStart(row: u32) -> u32 { return row * (p.N / 4u); }
fn bLoad(start: u32, c4: u32) -> vec4<f32> { return b[start + c4]; }
fn bAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.N / 4u;
  return select(vec4<f32>(0.0), bLoad(bStart(row), min(c4, n4 - 1u)), c4 < n4);
}

override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TT: u32 = 16u;
override TILE_M4: u32 = 4u * TPM; // tile rows / 4



fn finish4(m: u32, n: u32, v: vec4<f32>) {
  if (m >= p.M) { return; }
  for (var j = 0u; j < 4u; j++) {
    if (n + j < p.N) {

      y[m * p.N + n + j] = v[j];

    }
  }
}

@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), as in the forward matmul.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + 4u * TPN - 1u) / (4u * TPN))) { return; } // uniform per workgroup
  let m4 = (g % p.groups) * TILE_M4; // in vec4 columns of A
  let n4 = (g / p.groups) * TPN; // in vec4 columns of B
  let tm = tid / TPN;
  let tn = tid % TPN;
  var y0 = vec4<f32>(0.0);
  var y1 = vec4<f32>(0.0);
  var y2 = vec4<f32>(0.0);
  var y3 = vec4<f32>(0.0);
  var y4 = vec4<f32>(0.0);
  var y5 = vec4<f32>(0.0);
  var y6 = vec4<f32>(0.0);
  var y7 = vec4<f32>(0.0);
  var y8 = vec4<f32>(0.0);
  var y9 = vec4<f32>(0.0);
  var y10 = vec4<f32>(0.0);
  var y11 = vec4<f32>(0.0);
  var y12 = vec4<f32>(0.0);
  var y13 = vec4<f32>(0.0);
  var y14 = vec4<f32>(0.0);
  var y15 = vec4<f32>(0.0);

  // Columns past M and N are clamped (never stored); every row t < T is real.
  let last4 = (p.M + 3u) / 4u - 1u;
  let ac0 = min(m4 + tm + 0u * TPM, last4);
  let ac1 = min(m4 + tm + 1u * TPM, last4);
  let ac2 = min(m4 + tm + 2u * TPM, last4);
  let ac3 = min(m4 + tm + 3u * TPM, last4);
  let bc = min(n4 + tn, (p.N + 3u) / 4u - 1u);

  // B's rows past T are zero, so the lanes' clamped A rows add nothing.
  for (var t = 0u; t < p.T; t += 4u) {
    let at = aStart(min(t + lane, p.T - 1u));
    let al0 = aLoad(at, ac0);
    let al1 = aLoad(at, ac1);
    let al2 = aLoad(at, ac2);
    let al3 = aLoad(at, ac3);
    {
      let bv = select(vec4<f32>(0.0), bLoad(bStart(min(t + 0u, p.T - 1u)), bc), t + 0u < p.T);
      let av0 = subgroupBroadcast(al0, 0u);
      y0 += av0[0] * bv; y1 += av0[1] * bv; y2 += av0[2] * bv; y3 += av0[3] * bv;
      let av1 = subgroupBroadcast(al1, 0u);
      y4 += av1[0] * bv; y5 += av1[1] * bv; y6 += av1[2] * bv; y7 += av1[3] * bv;
      let av2 = subgroupBroadcast(al2, 0u);
      y8 += av2[0] * bv; y9 += av2[1] * bv; y10 += av2[2] * bv; y11 += av2[3] * bv;
      let av3 = subgroupBroadcast(al3, 0u);
      y12 += av3[0] * bv; y13 += av3[1] * bv; y14 += av3[2] * bv; y15 += av3[3] * bv;
    }
    {
      let bv = select(vec4<f32>(0.0), bLoad(bStart(min(t + 1u, p.T - 1u)), bc), t + 1u < p.T);
      let av0 = subgroupBroadcast(al0, 1u);
      y0 += av0[0] * bv; y1 += av0[1] * bv; y2 += av0[2] * bv; y3 += av0[3] * bv;
      let av1 = subgroupBroadcast(al1, 1u);
      y4 += av1[0] * bv; y5 += av1[1] * bv; y6 += av1[2] * bv; y7 += av1[3] * bv;
      let av2 = subgroupBroadcast(al2, 1u);
      y8 += av2[0] * bv; y9 += av2[1] * bv; y10 += av2[2] * bv; y11 += av2[3] * bv;
      let av3 = subgroupBroadcast(al3, 1u);
      y12 += av3[0] * bv; y13 += av3[1] * bv; y14 += av3[2] * bv; y15 += av3[3] * bv;
    }
    {
      let bv = select(vec4<f32>(0.0), bLoad(bStart(min(t + 2u, p.T - 1u)), bc), t + 2u < p.T);
      let av0 = subgroupBroadcast(al0, 2u);
      y0 += av0[0] * bv; y1 += av0[1] * bv; y2 += av0[2] * bv; y3 += av0[3] * bv;
      let av1 = subgroupBroadcast(al1, 2u);
      y4 += av1[0] * bv; y5 += av1[1] * bv; y6 += av1[2] * bv; y7 += av1[3] * bv;
      let av2 = subgroupBroadcast(al2, 2u);
      y8 += av2[0] * bv; y9 += av2[1] * bv; y10 += av2[2] * bv; y11 += av2[3] * bv;
      let av3 = subgroupBroadcast(al3, 2u);
      y12 += av3[0] * bv; y13 += av3[1] * bv; y14 += av3[2] * bv; y15 += av3[3] * bv;
    }
    {
      let bv = select(vec4<f32>(0.0), bLoad(bStart(min(t + 3u, p.T - 1u)), bc), t + 3u < p.T);
      let av0 = subgroupBroadcast(al0, 3u);
      y0 += av0[0] * bv; y1 += av0[1] * bv; y2 += av0[2] * bv; y3 += av0[3] * bv;
      let av1 = subgroupBroadcast(al1, 3u);
      y4 += av1[0] * bv; y5 += av1[1] * bv; y6 += av1[2] * bv; y7 += av1[3] * bv;
      let av2 = subgroupBroadcast(al2, 3u);
      y8 += av2[0] * bv; y9 += av2[1] * bv; y10 += av2[2] * bv; y11 += av2[3] * bv;
      let av3 = subgroupBroadcast(al3, 3u);
      y12 += av3[0] * bv; y13 += av3[1] * bv; y14 += av3[2] * bv; y15 += av3[3] * bv;
    }
  }


  finish4(4u * (m4 + tm + 0u * TPM) + 0u, 4u * (n4 + tn), y0);
  finish4(4u * (m4 + tm + 0u * TPM) + 1u, 4u * (n4 + tn), y1);
  finish4(4u * (m4 + tm + 0u * TPM) + 2u, 4u * (n4 + tn), y2);
  finish4(4u * (m4 + tm + 0u * TPM) + 3u, 4u * (n4 + tn), y3);
  finish4(4u * (m4 + tm + 1u * TPM) + 0u, 4u * (n4 + tn), y4);
  finish4(4u * (m4 + tm + 1u * TPM) + 1u, 4u * (n4 + tn), y5);
  finish4(4u * (m4 + tm + 1u * TPM) + 2u, 4u * (n4 + tn), y6);
  finish4(4u * (m4 + tm + 1u * TPM) + 3u, 4u * (n4 + tn), y7);
  finish4(4u * (m4 + tm + 2u * TPM) + 0u, 4u * (n4 + tn), y8);
  finish4(4u * (m4 + tm + 2u * TPM) + 1u, 4u * (n4 + tn), y9);
  finish4(4u * (m4 + tm + 2u * TPM) + 2u, 4u * (n4 + tn), y10);
  finish4(4u * (m4 + tm + 2u * TPM) + 3u, 4u * (n4 + tn), y11);
  finish4(4u * (m4 + tm + 3u * TPM) + 0u, 4u * (n4 + tn), y12);
  finish4(4u * (m4 + tm + 3u * TPM) + 1u, 4u * (n4 + tn), y13);
  finish4(4u * (m4 + tm + 3u * TPM) + 2u, 4u * (n4 + tn), y14);
  finish4(4u * (m4 + tm + 3u * TPM) + 3u, 4u * (n4 + tn), y15);
}

// ==== matmul/tn/accumulate=0/rows=4/shareA=0/staged=1/vec4=0/TPM=16/TPN=16/TT=16
struct Params {
  T: u32,
  M: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>; // (T, M)
@group(0) @binding(2) var<storage, read> b: array<f32>; // (T, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (M, N)

fn aStart(row: u32) -> u32 { return row * p.M; }
fn aLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, a[start + min(c + 0u, p.M - 1u)], c + 0u < p.M), select(0.0, a[start + min(c + 1u, p.M - 1u)], c + 1u < p.M), select(0.0, a[start + min(c + 2u, p.M - 1u)], c + 2u < p.M), select(0.0, a[start + min(c + 3u, p.M - 1u)], c + 3u < p.M));
}
fn aAt(row: u32, c4: u32) -> vec4<f32> { return aLoad(aStart(row), c4); }
fn bStart(row: u32) -> u32 { return row * p.N; }
fn bLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, b[start + min(c + 0u, p.N - 1u)], c + 0u < p.N), select(0.0, b[start + min(c + 1u, p.N - 1u)], c + 1u < p.N), select(0.0, b[start + min(c + 2u, p.N - 1u)], c + 2u < p.N), select(0.0, b[start + min(c + 3u, p.N - 1u)], c + 3u < p.N));
}
fn bAt(row: u32, c4: u32) -> vec4<f32> { return bLoad(bStart(row), c4); }

override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TT: u32 = 16u;
override TILE_M4: u32 = 1u * TPM; // tile rows / 4


// One slab of T rows: A's tile columns as (TT, TILE_M4) vec4, B's as (TT, TPN) vec4.
var<workgroup> aSlab: array<vec4<f32>, TT * TILE_M4>;
var<workgroup> bSlab: array<vec4<f32>, TT * TPN>;

// Loads rows t0 .. t0 + TT - 1. B's rows past T are zero, so A's (clamped) add nothing; columns
// past M and N are zero (never stored).
fn stage(tid: u32, m4: u32, n4: u32, t0: u32) {
  for (var i = tid; i < TT * TILE_M4; i += TPM * TPN) {
    aSlab[i] = aAt(min(t0 + i / TILE_M4, p.T - 1u), m4 + i % TILE_M4);
  }
  for (var i = tid; i < TT * TPN; i += TPM * TPN) {
    let t = t0 + i / TPN;
    bSlab[i] = select(vec4<f32>(0.0), bAt(min(t, p.T - 1u), n4 + i % TPN), t < p.T);
  }
}


fn finish4(m: u32, n: u32, v: vec4<f32>) {
  if (m >= p.M) { return; }
  for (var j = 0u; j < 4u; j++) {
    if (n + j < p.N) {

      y[m * p.N + n + j] = v[j];

    }
  }
}

@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), as in the forward matmul.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + 4u * TPN - 1u) / (4u * TPN))) { return; } // uniform per workgroup
  let m4 = (g % p.groups) * TILE_M4; // in vec4 columns of A
  let n4 = (g / p.groups) * TPN; // in vec4 columns of B
  let tm = tid / TPN;
  let tn = tid % TPN;
  var y0 = vec4<f32>(0.0);
  var y1 = vec4<f32>(0.0);
  var y2 = vec4<f32>(0.0);
  var y3 = vec4<f32>(0.0);

  for (var t0 = 0u; t0 < p.T; t0 += TT) {
    stage(tid, m4, n4, t0);
    workgroupBarrier();
    for (var t = 0u; t < TT; t++) {
      let bv = bSlab[t * TPN + tn];
      let av0 = aSlab[t * TILE_M4 + tm + 0u * TPM];
      y0 += av0[0] * bv; y1 += av0[1] * bv; y2 += av0[2] * bv; y3 += av0[3] * bv;
    }
    workgroupBarrier();
  }

  finish4(4u * (m4 + tm + 0u * TPM) + 0u, 4u * (n4 + tn), y0);
  finish4(4u * (m4 + tm + 0u * TPM) + 1u, 4u * (n4 + tn), y1);
  finish4(4u * (m4 + tm + 0u * TPM) + 2u, 4u * (n4 + tn), y2);
  finish4(4u * (m4 + tm + 0u * TPM) + 3u, 4u * (n4 + tn), y3);
}

// ==== matmul/tn/accumulate=0/rows=4/shareA=0/staged=1/vec4=1/TPM=16/TPN=16/TT=16
struct Params {
  T: u32,
  M: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<vec4<f32>>; // (T, M)
@group(0) @binding(2) var<storage, read> b: array<vec4<f32>>; // (T, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (M, N)

fn aStart(row: u32) -> u32 { return row * (p.M / 4u); }
fn aLoad(start: u32, c4: u32) -> vec4<f32> { return a[start + c4]; }
fn aAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.M / 4u;
  return select(vec4<f32>(0.0), aLoad(aStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn bStart(row: u32) -> u32 { return row * (p.N / 4u); }
fn bLoad(start: u32, c4: u32) -> vec4<f32> { return b[start + c4]; }
fn bAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.N / 4u;
  return select(vec4<f32>(0.0), bLoad(bStart(row), min(c4, n4 - 1u)), c4 < n4);
}

override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TT: u32 = 16u;
override TILE_M4: u32 = 1u * TPM; // tile rows / 4


// One slab of T rows: A's tile columns as (TT, TILE_M4) vec4, B's as (TT, TPN) vec4.
var<workgroup> aSlab: array<vec4<f32>, TT * TILE_M4>;
var<workgroup> bSlab: array<vec4<f32>, TT * TPN>;

// Loads rows t0 .. t0 + TT - 1. B's rows past T are zero, so A's (clamped) add nothing; columns
// past M and N are zero (never stored).
fn stage(tid: u32, m4: u32, n4: u32, t0: u32) {
  for (var i = tid; i < TT * TILE_M4; i += TPM * TPN) {
    aSlab[i] = aAt(min(t0 + i / TILE_M4, p.T - 1u), m4 + i % TILE_M4);
  }
  for (var i = tid; i < TT * TPN; i += TPM * TPN) {
    let t = t0 + i / TPN;
    bSlab[i] = select(vec4<f32>(0.0), bAt(min(t, p.T - 1u), n4 + i % TPN), t < p.T);
  }
}


fn finish4(m: u32, n: u32, v: vec4<f32>) {
  if (m >= p.M) { return; }
  for (var j = 0u; j < 4u; j++) {
    if (n + j < p.N) {

      y[m * p.N + n + j] = v[j];

    }
  }
}

@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), as in the forward matmul.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + 4u * TPN - 1u) / (4u * TPN))) { return; } // uniform per workgroup
  let m4 = (g % p.groups) * TILE_M4; // in vec4 columns of A
  let n4 = (g / p.groups) * TPN; // in vec4 columns of B
  let tm = tid / TPN;
  let tn = tid % TPN;
  var y0 = vec4<f32>(0.0);
  var y1 = vec4<f32>(0.0);
  var y2 = vec4<f32>(0.0);
  var y3 = vec4<f32>(0.0);

  for (var t0 = 0u; t0 < p.T; t0 += TT) {
    stage(tid, m4, n4, t0);
    workgroupBarrier();
    for (var t = 0u; t < TT; t++) {
      let bv = bSlab[t * TPN + tn];
      let av0 = aSlab[t * TILE_M4 + tm + 0u * TPM];
      y0 += av0[0] * bv; y1 += av0[1] * bv; y2 += av0[2] * bv; y3 += av0[3] * bv;
    }
    workgroupBarrier();
  }

  finish4(4u * (m4 + tm + 0u * TPM) + 0u, 4u * (n4 + tn), y0);
  finish4(4u * (m4 + tm + 0u * TPM) + 1u, 4u * (n4 + tn), y1);
  finish4(4u * (m4 + tm + 0u * TPM) + 2u, 4u * (n4 + tn), y2);
  finish4(4u * (m4 + tm + 0u * TPM) + 3u, 4u * (n4 + tn), y3);
}

// ==== matmul/tn/accumulate=1/rows=16/shareA=0/staged=0/vec4=0/TPM=1/TPN=4
struct Params {
  T: u32,
  M: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>; // (T, M)
@group(0) @binding(2) var<storage, read> b: array<f32>; // (T, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (M, N)

fn aStart(row: u32) -> u32 { return row * p.M; }
fn aLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, a[start + min(c + 0u, p.M - 1u)], c + 0u < p.M), select(0.0, a[start + min(c + 1u, p.M - 1u)], c + 1u < p.M), select(0.0, a[start + min(c + 2u, p.M - 1u)], c + 2u < p.M), select(0.0, a[start + min(c + 3u, p.M - 1u)], c + 3u < p.M));
}
fn aAt(row: u32, c4: u32) -> vec4<f32> { return aLoad(aStart(row), c4); }
fn bStart(row: u32) -> u32 { return row * p.N; }
fn bLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, b[start + min(c + 0u, p.N - 1u)], c + 0u < p.N), select(0.0, b[start + min(c + 1u, p.N - 1u)], c + 1u < p.N), select(0.0, b[start + min(c + 2u, p.N - 1u)], c + 2u < p.N), select(0.0, b[start + min(c + 3u, p.N - 1u)], c + 3u < p.N));
}
fn bAt(row: u32, c4: u32) -> vec4<f32> { return bLoad(bStart(row), c4); }

override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TT: u32 = 16u;
override TILE_M4: u32 = 4u * TPM; // tile rows / 4



fn finish4(m: u32, n: u32, v: vec4<f32>) {
  if (m >= p.M) { return; }
  for (var j = 0u; j < 4u; j++) {
    if (n + j < p.N) {

      y[m * p.N + n + j] += v[j];

    }
  }
}

@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), as in the forward matmul.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + 4u * TPN - 1u) / (4u * TPN))) { return; } // uniform per workgroup
  let m4 = (g % p.groups) * TILE_M4; // in vec4 columns of A
  let n4 = (g / p.groups) * TPN; // in vec4 columns of B
  let tm = tid / TPN;
  let tn = tid % TPN;
  var y0 = vec4<f32>(0.0);
  var y1 = vec4<f32>(0.0);
  var y2 = vec4<f32>(0.0);
  var y3 = vec4<f32>(0.0);
  var y4 = vec4<f32>(0.0);
  var y5 = vec4<f32>(0.0);
  var y6 = vec4<f32>(0.0);
  var y7 = vec4<f32>(0.0);
  var y8 = vec4<f32>(0.0);
  var y9 = vec4<f32>(0.0);
  var y10 = vec4<f32>(0.0);
  var y11 = vec4<f32>(0.0);
  var y12 = vec4<f32>(0.0);
  var y13 = vec4<f32>(0.0);
  var y14 = vec4<f32>(0.0);
  var y15 = vec4<f32>(0.0);

  // Columns past M and N are clamped (never stored); every row t < T is real.
  let last4 = (p.M + 3u) / 4u - 1u;
  let ac0 = min(m4 + tm + 0u * TPM, last4);
  let ac1 = min(m4 + tm + 1u * TPM, last4);
  let ac2 = min(m4 + tm + 2u * TPM, last4);
  let ac3 = min(m4 + tm + 3u * TPM, last4);
  let bc = min(n4 + tn, (p.N + 3u) / 4u - 1u);

  for (var t = 0u; t < p.T; t++) {
    let bv = bLoad(bStart(t), bc);
    let at = aStart(t);
    let av0 = aLoad(at, ac0);
    y0 += av0[0] * bv; y1 += av0[1] * bv; y2 += av0[2] * bv; y3 += av0[3] * bv;
    let av1 = aLoad(at, ac1);
    y4 += av1[0] * bv; y5 += av1[1] * bv; y6 += av1[2] * bv; y7 += av1[3] * bv;
    let av2 = aLoad(at, ac2);
    y8 += av2[0] * bv; y9 += av2[1] * bv; y10 += av2[2] * bv; y11 += av2[3] * bv;
    let av3 = aLoad(at, ac3);
    y12 += av3[0] * bv; y13 += av3[1] * bv; y14 += av3[2] * bv; y15 += av3[3] * bv;
  }


  finish4(4u * (m4 + tm + 0u * TPM) + 0u, 4u * (n4 + tn), y0);
  finish4(4u * (m4 + tm + 0u * TPM) + 1u, 4u * (n4 + tn), y1);
  finish4(4u * (m4 + tm + 0u * TPM) + 2u, 4u * (n4 + tn), y2);
  finish4(4u * (m4 + tm + 0u * TPM) + 3u, 4u * (n4 + tn), y3);
  finish4(4u * (m4 + tm + 1u * TPM) + 0u, 4u * (n4 + tn), y4);
  finish4(4u * (m4 + tm + 1u * TPM) + 1u, 4u * (n4 + tn), y5);
  finish4(4u * (m4 + tm + 1u * TPM) + 2u, 4u * (n4 + tn), y6);
  finish4(4u * (m4 + tm + 1u * TPM) + 3u, 4u * (n4 + tn), y7);
  finish4(4u * (m4 + tm + 2u * TPM) + 0u, 4u * (n4 + tn), y8);
  finish4(4u * (m4 + tm + 2u * TPM) + 1u, 4u * (n4 + tn), y9);
  finish4(4u * (m4 + tm + 2u * TPM) + 2u, 4u * (n4 + tn), y10);
  finish4(4u * (m4 + tm + 2u * TPM) + 3u, 4u * (n4 + tn), y11);
  finish4(4u * (m4 + tm + 3u * TPM) + 0u, 4u * (n4 + tn), y12);
  finish4(4u * (m4 + tm + 3u * TPM) + 1u, 4u * (n4 + tn), y13);
  finish4(4u * (m4 + tm + 3u * TPM) + 2u, 4u * (n4 + tn), y14);
  finish4(4u * (m4 + tm + 3u * TPM) + 3u, 4u * (n4 + tn), y15);
}

// ==== matmul/tn/accumulate=1/rows=16/shareA=0/staged=0/vec4=1/TPM=1/TPN=4
struct Params {
  T: u32,
  M: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<vec4<f32>>; // (T, M)
@group(0) @binding(2) var<storage, read> b: array<vec4<f32>>; // (T, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (M, N)

fn aStart(row: u32) -> u32 { return row * (p.M / 4u); }
fn aLoad(start: u32, c4: u32) -> vec4<f32> { return a[start + c4]; }
fn aAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.M / 4u;
  return select(vec4<f32>(0.0), aLoad(aStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn bStart(row: u32) -> u32 { return row * (p.N / 4u); }
fn bLoad(start: u32, c4: u32) -> vec4<f32> { return b[start + c4]; }
fn bAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.N / 4u;
  return select(vec4<f32>(0.0), bLoad(bStart(row), min(c4, n4 - 1u)), c4 < n4);
}

override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TT: u32 = 16u;
override TILE_M4: u32 = 4u * TPM; // tile rows / 4



fn finish4(m: u32, n: u32, v: vec4<f32>) {
  if (m >= p.M) { return; }
  for (var j = 0u; j < 4u; j++) {
    if (n + j < p.N) {

      y[m * p.N + n + j] += v[j];

    }
  }
}

@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), as in the forward matmul.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + 4u * TPN - 1u) / (4u * TPN))) { return; } // uniform per workgroup
  let m4 = (g % p.groups) * TILE_M4; // in vec4 columns of A
  let n4 = (g / p.groups) * TPN; // in vec4 columns of B
  let tm = tid / TPN;
  let tn = tid % TPN;
  var y0 = vec4<f32>(0.0);
  var y1 = vec4<f32>(0.0);
  var y2 = vec4<f32>(0.0);
  var y3 = vec4<f32>(0.0);
  var y4 = vec4<f32>(0.0);
  var y5 = vec4<f32>(0.0);
  var y6 = vec4<f32>(0.0);
  var y7 = vec4<f32>(0.0);
  var y8 = vec4<f32>(0.0);
  var y9 = vec4<f32>(0.0);
  var y10 = vec4<f32>(0.0);
  var y11 = vec4<f32>(0.0);
  var y12 = vec4<f32>(0.0);
  var y13 = vec4<f32>(0.0);
  var y14 = vec4<f32>(0.0);
  var y15 = vec4<f32>(0.0);

  // Columns past M and N are clamped (never stored); every row t < T is real.
  let last4 = (p.M + 3u) / 4u - 1u;
  let ac0 = min(m4 + tm + 0u * TPM, last4);
  let ac1 = min(m4 + tm + 1u * TPM, last4);
  let ac2 = min(m4 + tm + 2u * TPM, last4);
  let ac3 = min(m4 + tm + 3u * TPM, last4);
  let bc = min(n4 + tn, (p.N + 3u) / 4u - 1u);

  for (var t = 0u; t < p.T; t++) {
    let bv = bLoad(bStart(t), bc);
    let at = aStart(t);
    let av0 = aLoad(at, ac0);
    y0 += av0[0] * bv; y1 += av0[1] * bv; y2 += av0[2] * bv; y3 += av0[3] * bv;
    let av1 = aLoad(at, ac1);
    y4 += av1[0] * bv; y5 += av1[1] * bv; y6 += av1[2] * bv; y7 += av1[3] * bv;
    let av2 = aLoad(at, ac2);
    y8 += av2[0] * bv; y9 += av2[1] * bv; y10 += av2[2] * bv; y11 += av2[3] * bv;
    let av3 = aLoad(at, ac3);
    y12 += av3[0] * bv; y13 += av3[1] * bv; y14 += av3[2] * bv; y15 += av3[3] * bv;
  }


  finish4(4u * (m4 + tm + 0u * TPM) + 0u, 4u * (n4 + tn), y0);
  finish4(4u * (m4 + tm + 0u * TPM) + 1u, 4u * (n4 + tn), y1);
  finish4(4u * (m4 + tm + 0u * TPM) + 2u, 4u * (n4 + tn), y2);
  finish4(4u * (m4 + tm + 0u * TPM) + 3u, 4u * (n4 + tn), y3);
  finish4(4u * (m4 + tm + 1u * TPM) + 0u, 4u * (n4 + tn), y4);
  finish4(4u * (m4 + tm + 1u * TPM) + 1u, 4u * (n4 + tn), y5);
  finish4(4u * (m4 + tm + 1u * TPM) + 2u, 4u * (n4 + tn), y6);
  finish4(4u * (m4 + tm + 1u * TPM) + 3u, 4u * (n4 + tn), y7);
  finish4(4u * (m4 + tm + 2u * TPM) + 0u, 4u * (n4 + tn), y8);
  finish4(4u * (m4 + tm + 2u * TPM) + 1u, 4u * (n4 + tn), y9);
  finish4(4u * (m4 + tm + 2u * TPM) + 2u, 4u * (n4 + tn), y10);
  finish4(4u * (m4 + tm + 2u * TPM) + 3u, 4u * (n4 + tn), y11);
  finish4(4u * (m4 + tm + 3u * TPM) + 0u, 4u * (n4 + tn), y12);
  finish4(4u * (m4 + tm + 3u * TPM) + 1u, 4u * (n4 + tn), y13);
  finish4(4u * (m4 + tm + 3u * TPM) + 2u, 4u * (n4 + tn), y14);
  finish4(4u * (m4 + tm + 3u * TPM) + 3u, 4u * (n4 + tn), y15);
}

// ==== matmul/tn/accumulate=1/rows=16/shareA=1/staged=0/vec4=0/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  M: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>; // (T, M)
@group(0) @binding(2) var<storage, read> b: array<f32>; // (T, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (M, N)

fn aStart(row: u32) -> u32 { return row * p.M; }
fn aLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, a[start + min(c + 0u, p.M - 1u)], c + 0u < p.M), select(0.0, a[start + min(c + 1u, p.M - 1u)], c + 1u < p.M), select(0.0, a[start + min(c + 2u, p.M - 1u)], c + 2u < p.M), select(0.0, a[start + min(c + 3u, p.M - 1u)], c + 3u < p.M));
}
fn aAt(row: u32, c4: u32) -> vec4<f32> { return aLoad(aStart(row), c4); }
fn bStart(row: u32) -> u32 { return row * p.N; }
fn bLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, b[start + min(c + 0u, p.N - 1u)], c + 0u < p.N), select(0.0, b[start + min(c + 1u, p.N - 1u)], c + 1u < p.N), select(0.0, b[start + min(c + 2u, p.N - 1u)], c + 2u < p.N), select(0.0, b[start + min(c + 3u, p.N - 1u)], c + 3u < p.N));
}
fn bAt(row: u32, c4: u32) -> vec4<f32> { return bLoad(bStart(row), c4); }

override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TT: u32 = 16u;
override TILE_M4: u32 = 4u * TPM; // tile rows / 4



fn finish4(m: u32, n: u32, v: vec4<f32>) {
  if (m >= p.M) { return; }
  for (var j = 0u; j < 4u; j++) {
    if (n + j < p.N) {

      y[m * p.N + n + j] += v[j];

    }
  }
}

@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), as in the forward matmul.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + 4u * TPN - 1u) / (4u * TPN))) { return; } // uniform per workgroup
  let m4 = (g % p.groups) * TILE_M4; // in vec4 columns of A
  let n4 = (g / p.groups) * TPN; // in vec4 columns of B
  let tm = tid / TPN;
  let tn = tid % TPN;
  var y0 = vec4<f32>(0.0);
  var y1 = vec4<f32>(0.0);
  var y2 = vec4<f32>(0.0);
  var y3 = vec4<f32>(0.0);
  var y4 = vec4<f32>(0.0);
  var y5 = vec4<f32>(0.0);
  var y6 = vec4<f32>(0.0);
  var y7 = vec4<f32>(0.0);
  var y8 = vec4<f32>(0.0);
  var y9 = vec4<f32>(0.0);
  var y10 = vec4<f32>(0.0);
  var y11 = vec4<f32>(0.0);
  var y12 = vec4<f32>(0.0);
  var y13 = vec4<f32>(0.0);
  var y14 = vec4<f32>(0.0);
  var y15 = vec4<f32>(0.0);

  // Columns past M and N are clamped (never stored); every row t < T is real.
  let last4 = (p.M + 3u) / 4u - 1u;
  let ac0 = min(m4 + tm + 0u * TPM, last4);
  let ac1 = min(m4 + tm + 1u * TPM, last4);
  let ac2 = min(m4 + tm + 2u * TPM, last4);
  let ac3 = min(m4 + tm + 3u * TPM, last4);
  let bc = min(n4 + tn, (p.N + 3u) / 4u - 1u);

  // B's rows past T are zero, so the lanes' clamped A rows add nothing.
  for (var t = 0u; t < p.T; t += 4u) {
    let at = aStart(min(t + lane, p.T - 1u));
    let al0 = aLoad(at, ac0);
    let al1 = aLoad(at, ac1);
    let al2 = aLoad(at, ac2);
    let al3 = aLoad(at, ac3);
    {
      let bv = select(vec4<f32>(0.0), bLoad(bStart(min(t + 0u, p.T - 1u)), bc), t + 0u < p.T);
      let av0 = subgroupBroadcast(al0, 0u);
      y0 += av0[0] * bv; y1 += av0[1] * bv; y2 += av0[2] * bv; y3 += av0[3] * bv;
      let av1 = subgroupBroadcast(al1, 0u);
      y4 += av1[0] * bv; y5 += av1[1] * bv; y6 += av1[2] * bv; y7 += av1[3] * bv;
      let av2 = subgroupBroadcast(al2, 0u);
      y8 += av2[0] * bv; y9 += av2[1] * bv; y10 += av2[2] * bv; y11 += av2[3] * bv;
      let av3 = subgroupBroadcast(al3, 0u);
      y12 += av3[0] * bv; y13 += av3[1] * bv; y14 += av3[2] * bv; y15 += av3[3] * bv;
    }
    {
      let bv = select(vec4<f32>(0.0), bLoad(bStart(min(t + 1u, p.T - 1u)), bc), t + 1u < p.T);
      let av0 = subgroupBroadcast(al0, 1u);
      y0 += av0[0] * bv; y1 += av0[1] * bv; y2 += av0[2] * bv; y3 += av0[3] * bv;
      let av1 = subgroupBroadcast(al1, 1u);
      y4 += av1[0] * bv; y5 += av1[1] * bv; y6 += av1[2] * bv; y7 += av1[3] * bv;
      let av2 = subgroupBroadcast(al2, 1u);
      y8 += av2[0] * bv; y9 += av2[1] * bv; y10 += av2[2] * bv; y11 += av2[3] * bv;
      let av3 = subgroupBroadcast(al3, 1u);
      y12 += av3[0] * bv; y13 += av3[1] * bv; y14 += av3[2] * bv; y15 += av3[3] * bv;
    }
    {
      let bv = select(vec4<f32>(0.0), bLoad(bStart(min(t + 2u, p.T - 1u)), bc), t + 2u < p.T);
      let av0 = subgroupBroadcast(al0, 2u);
      y0 += av0[0] * bv; y1 += av0[1] * bv; y2 += av0[2] * bv; y3 += av0[3] * bv;
      let av1 = subgroupBroadcast(al1, 2u);
      y4 += av1[0] * bv; y5 += av1[1] * bv; y6 += av1[2] * bv; y7 += av1[3] * bv;
      let av2 = subgroupBroadcast(al2, 2u);
      y8 += av2[0] * bv; y9 += av2[1] * bv; y10 += av2[2] * bv; y11 += av2[3] * bv;
      let av3 = subgroupBroadcast(al3, 2u);
      y12 += av3[0] * bv; y13 += av3[1] * bv; y14 += av3[2] * bv; y15 += av3[3] * bv;
    }
    {
      let bv = select(vec4<f32>(0.0), bLoad(bStart(min(t + 3u, p.T - 1u)), bc), t + 3u < p.T);
      let av0 = subgroupBroadcast(al0, 3u);
      y0 += av0[0] * bv; y1 += av0[1] * bv; y2 += av0[2] * bv; y3 += av0[3] * bv;
      let av1 = subgroupBroadcast(al1, 3u);
      y4 += av1[0] * bv; y5 += av1[1] * bv; y6 += av1[2] * bv; y7 += av1[3] * bv;
      let av2 = subgroupBroadcast(al2, 3u);
      y8 += av2[0] * bv; y9 += av2[1] * bv; y10 += av2[2] * bv; y11 += av2[3] * bv;
      let av3 = subgroupBroadcast(al3, 3u);
      y12 += av3[0] * bv; y13 += av3[1] * bv; y14 += av3[2] * bv; y15 += av3[3] * bv;
    }
  }


  finish4(4u * (m4 + tm + 0u * TPM) + 0u, 4u * (n4 + tn), y0);
  finish4(4u * (m4 + tm + 0u * TPM) + 1u, 4u * (n4 + tn), y1);
  finish4(4u * (m4 + tm + 0u * TPM) + 2u, 4u * (n4 + tn), y2);
  finish4(4u * (m4 + tm + 0u * TPM) + 3u, 4u * (n4 + tn), y3);
  finish4(4u * (m4 + tm + 1u * TPM) + 0u, 4u * (n4 + tn), y4);
  finish4(4u * (m4 + tm + 1u * TPM) + 1u, 4u * (n4 + tn), y5);
  finish4(4u * (m4 + tm + 1u * TPM) + 2u, 4u * (n4 + tn), y6);
  finish4(4u * (m4 + tm + 1u * TPM) + 3u, 4u * (n4 + tn), y7);
  finish4(4u * (m4 + tm + 2u * TPM) + 0u, 4u * (n4 + tn), y8);
  finish4(4u * (m4 + tm + 2u * TPM) + 1u, 4u * (n4 + tn), y9);
  finish4(4u * (m4 + tm + 2u * TPM) + 2u, 4u * (n4 + tn), y10);
  finish4(4u * (m4 + tm + 2u * TPM) + 3u, 4u * (n4 + tn), y11);
  finish4(4u * (m4 + tm + 3u * TPM) + 0u, 4u * (n4 + tn), y12);
  finish4(4u * (m4 + tm + 3u * TPM) + 1u, 4u * (n4 + tn), y13);
  finish4(4u * (m4 + tm + 3u * TPM) + 2u, 4u * (n4 + tn), y14);
  finish4(4u * (m4 + tm + 3u * TPM) + 3u, 4u * (n4 + tn), y15);
}

// ==== matmul/tn/accumulate=1/rows=16/shareA=1/staged=0/vec4=1/TPM=1/TPN=4
enable subgroups;
struct Params {
  T: u32,
  M: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<vec4<f32>>; // (T, M)
@group(0) @binding(2) var<storage, read> b: array<vec4<f32>>; // (T, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (M, N)

fn aStart(row: u32) -> u32 { return row * (p.M / 4u); }
fn aLoad(start: u32, c4: u32) -> vec4<f32> { return a[start + c4]; }
fn aAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.M / 4u;
  return select(vec4<f32>(0.0), aLoad(aStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn bStart(row: u32) -> u32 { return row * (p.N / 4u); }
fn bLoad(start: u32, c4: u32) -> vec4<f32> { return b[start + c4]; }
fn bAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.N / 4u;
  return select(vec4<f32>(0.0), bLoad(bStart(row), min(c4, n4 - 1u)), c4 < n4);
}

override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TT: u32 = 16u;
override TILE_M4: u32 = 4u * TPM; // tile rows / 4



fn finish4(m: u32, n: u32, v: vec4<f32>) {
  if (m >= p.M) { return; }
  for (var j = 0u; j < 4u; j++) {
    if (n + j < p.N) {

      y[m * p.N + n + j] += v[j];

    }
  }
}

@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) lane: u32) {
  // Tiles are numbered down M first (p.groups tiles), as in the forward matmul.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + 4u * TPN - 1u) / (4u * TPN))) { return; } // uniform per workgroup
  let m4 = (g % p.groups) * TILE_M4; // in vec4 columns of A
  let n4 = (g / p.groups) * TPN; // in vec4 columns of B
  let tm = tid / TPN;
  let tn = tid % TPN;
  var y0 = vec4<f32>(0.0);
  var y1 = vec4<f32>(0.0);
  var y2 = vec4<f32>(0.0);
  var y3 = vec4<f32>(0.0);
  var y4 = vec4<f32>(0.0);
  var y5 = vec4<f32>(0.0);
  var y6 = vec4<f32>(0.0);
  var y7 = vec4<f32>(0.0);
  var y8 = vec4<f32>(0.0);
  var y9 = vec4<f32>(0.0);
  var y10 = vec4<f32>(0.0);
  var y11 = vec4<f32>(0.0);
  var y12 = vec4<f32>(0.0);
  var y13 = vec4<f32>(0.0);
  var y14 = vec4<f32>(0.0);
  var y15 = vec4<f32>(0.0);

  // Columns past M and N are clamped (never stored); every row t < T is real.
  let last4 = (p.M + 3u) / 4u - 1u;
  let ac0 = min(m4 + tm + 0u * TPM, last4);
  let ac1 = min(m4 + tm + 1u * TPM, last4);
  let ac2 = min(m4 + tm + 2u * TPM, last4);
  let ac3 = min(m4 + tm + 3u * TPM, last4);
  let bc = min(n4 + tn, (p.N + 3u) / 4u - 1u);

  // B's rows past T are zero, so the lanes' clamped A rows add nothing.
  for (var t = 0u; t < p.T; t += 4u) {
    let at = aStart(min(t + lane, p.T - 1u));
    let al0 = aLoad(at, ac0);
    let al1 = aLoad(at, ac1);
    let al2 = aLoad(at, ac2);
    let al3 = aLoad(at, ac3);
    {
      let bv = select(vec4<f32>(0.0), bLoad(bStart(min(t + 0u, p.T - 1u)), bc), t + 0u < p.T);
      let av0 = subgroupBroadcast(al0, 0u);
      y0 += av0[0] * bv; y1 += av0[1] * bv; y2 += av0[2] * bv; y3 += av0[3] * bv;
      let av1 = subgroupBroadcast(al1, 0u);
      y4 += av1[0] * bv; y5 += av1[1] * bv; y6 += av1[2] * bv; y7 += av1[3] * bv;
      let av2 = subgroupBroadcast(al2, 0u);
      y8 += av2[0] * bv; y9 += av2[1] * bv; y10 += av2[2] * bv; y11 += av2[3] * bv;
      let av3 = subgroupBroadcast(al3, 0u);
      y12 += av3[0] * bv; y13 += av3[1] * bv; y14 += av3[2] * bv; y15 += av3[3] * bv;
    }
    {
      let bv = select(vec4<f32>(0.0), bLoad(bStart(min(t + 1u, p.T - 1u)), bc), t + 1u < p.T);
      let av0 = subgroupBroadcast(al0, 1u);
      y0 += av0[0] * bv; y1 += av0[1] * bv; y2 += av0[2] * bv; y3 += av0[3] * bv;
      let av1 = subgroupBroadcast(al1, 1u);
      y4 += av1[0] * bv; y5 += av1[1] * bv; y6 += av1[2] * bv; y7 += av1[3] * bv;
      let av2 = subgroupBroadcast(al2, 1u);
      y8 += av2[0] * bv; y9 += av2[1] * bv; y10 += av2[2] * bv; y11 += av2[3] * bv;
      let av3 = subgroupBroadcast(al3, 1u);
      y12 += av3[0] * bv; y13 += av3[1] * bv; y14 += av3[2] * bv; y15 += av3[3] * bv;
    }
    {
      let bv = select(vec4<f32>(0.0), bLoad(bStart(min(t + 2u, p.T - 1u)), bc), t + 2u < p.T);
      let av0 = subgroupBroadcast(al0, 2u);
      y0 += av0[0] * bv; y1 += av0[1] * bv; y2 += av0[2] * bv; y3 += av0[3] * bv;
      let av1 = subgroupBroadcast(al1, 2u);
      y4 += av1[0] * bv; y5 += av1[1] * bv; y6 += av1[2] * bv; y7 += av1[3] * bv;
      let av2 = subgroupBroadcast(al2, 2u);
      y8 += av2[0] * bv; y9 += av2[1] * bv; y10 += av2[2] * bv; y11 += av2[3] * bv;
      let av3 = subgroupBroadcast(al3, 2u);
      y12 += av3[0] * bv; y13 += av3[1] * bv; y14 += av3[2] * bv; y15 += av3[3] * bv;
    }
    {
      let bv = select(vec4<f32>(0.0), bLoad(bStart(min(t + 3u, p.T - 1u)), bc), t + 3u < p.T);
      let av0 = subgroupBroadcast(al0, 3u);
      y0 += av0[0] * bv; y1 += av0[1] * bv; y2 += av0[2] * bv; y3 += av0[3] * bv;
      let av1 = subgroupBroadcast(al1, 3u);
      y4 += av1[0] * bv; y5 += av1[1] * bv; y6 += av1[2] * bv; y7 += av1[3] * bv;
      let av2 = subgroupBroadcast(al2, 3u);
      y8 += av2[0] * bv; y9 += av2[1] * bv; y10 += av2[2] * bv; y11 += av2[3] * bv;
      let av3 = subgroupBroadcast(al3, 3u);
      y12 += av3[0] * bv; y13 += av3[1] * bv; y14 += av3[2] * bv; y15 += av3[3] * bv;
    }
  }


  finish4(4u * (m4 + tm + 0u * TPM) + 0u, 4u * (n4 + tn), y0);
  finish4(4u * (m4 + tm + 0u * TPM) + 1u, 4u * (n4 + tn), y1);
  finish4(4u * (m4 + tm + 0u * TPM) + 2u, 4u * (n4 + tn), y2);
  finish4(4u * (m4 + tm + 0u * TPM) + 3u, 4u * (n4 + tn), y3);
  finish4(4u * (m4 + tm + 1u * TPM) + 0u, 4u * (n4 + tn), y4);
  finish4(4u * (m4 + tm + 1u * TPM) + 1u, 4u * (n4 + tn), y5);
  finish4(4u * (m4 + tm + 1u * TPM) + 2u, 4u * (n4 + tn), y6);
  finish4(4u * (m4 + tm + 1u * TPM) + 3u, 4u * (n4 + tn), y7);
  finish4(4u * (m4 + tm + 2u * TPM) + 0u, 4u * (n4 + tn), y8);
  finish4(4u * (m4 + tm + 2u * TPM) + 1u, 4u * (n4 + tn), y9);
  finish4(4u * (m4 + tm + 2u * TPM) + 2u, 4u * (n4 + tn), y10);
  finish4(4u * (m4 + tm + 2u * TPM) + 3u, 4u * (n4 + tn), y11);
  finish4(4u * (m4 + tm + 3u * TPM) + 0u, 4u * (n4 + tn), y12);
  finish4(4u * (m4 + tm + 3u * TPM) + 1u, 4u * (n4 + tn), y13);
  finish4(4u * (m4 + tm + 3u * TPM) + 2u, 4u * (n4 + tn), y14);
  finish4(4u * (m4 + tm + 3u * TPM) + 3u, 4u * (n4 + tn), y15);
}

// ==== matmul/tn/accumulate=1/rows=4/shareA=0/staged=1/vec4=0/TPM=16/TPN=16/TT=16
struct Params {
  T: u32,
  M: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>; // (T, M)
@group(0) @binding(2) var<storage, read> b: array<f32>; // (T, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (M, N)

fn aStart(row: u32) -> u32 { return row * p.M; }
fn aLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, a[start + min(c + 0u, p.M - 1u)], c + 0u < p.M), select(0.0, a[start + min(c + 1u, p.M - 1u)], c + 1u < p.M), select(0.0, a[start + min(c + 2u, p.M - 1u)], c + 2u < p.M), select(0.0, a[start + min(c + 3u, p.M - 1u)], c + 3u < p.M));
}
fn aAt(row: u32, c4: u32) -> vec4<f32> { return aLoad(aStart(row), c4); }
fn bStart(row: u32) -> u32 { return row * p.N; }
fn bLoad(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(select(0.0, b[start + min(c + 0u, p.N - 1u)], c + 0u < p.N), select(0.0, b[start + min(c + 1u, p.N - 1u)], c + 1u < p.N), select(0.0, b[start + min(c + 2u, p.N - 1u)], c + 2u < p.N), select(0.0, b[start + min(c + 3u, p.N - 1u)], c + 3u < p.N));
}
fn bAt(row: u32, c4: u32) -> vec4<f32> { return bLoad(bStart(row), c4); }

override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TT: u32 = 16u;
override TILE_M4: u32 = 1u * TPM; // tile rows / 4


// One slab of T rows: A's tile columns as (TT, TILE_M4) vec4, B's as (TT, TPN) vec4.
var<workgroup> aSlab: array<vec4<f32>, TT * TILE_M4>;
var<workgroup> bSlab: array<vec4<f32>, TT * TPN>;

// Loads rows t0 .. t0 + TT - 1. B's rows past T are zero, so A's (clamped) add nothing; columns
// past M and N are zero (never stored).
fn stage(tid: u32, m4: u32, n4: u32, t0: u32) {
  for (var i = tid; i < TT * TILE_M4; i += TPM * TPN) {
    aSlab[i] = aAt(min(t0 + i / TILE_M4, p.T - 1u), m4 + i % TILE_M4);
  }
  for (var i = tid; i < TT * TPN; i += TPM * TPN) {
    let t = t0 + i / TPN;
    bSlab[i] = select(vec4<f32>(0.0), bAt(min(t, p.T - 1u), n4 + i % TPN), t < p.T);
  }
}


fn finish4(m: u32, n: u32, v: vec4<f32>) {
  if (m >= p.M) { return; }
  for (var j = 0u; j < 4u; j++) {
    if (n + j < p.N) {

      y[m * p.N + n + j] += v[j];

    }
  }
}

@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), as in the forward matmul.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + 4u * TPN - 1u) / (4u * TPN))) { return; } // uniform per workgroup
  let m4 = (g % p.groups) * TILE_M4; // in vec4 columns of A
  let n4 = (g / p.groups) * TPN; // in vec4 columns of B
  let tm = tid / TPN;
  let tn = tid % TPN;
  var y0 = vec4<f32>(0.0);
  var y1 = vec4<f32>(0.0);
  var y2 = vec4<f32>(0.0);
  var y3 = vec4<f32>(0.0);

  for (var t0 = 0u; t0 < p.T; t0 += TT) {
    stage(tid, m4, n4, t0);
    workgroupBarrier();
    for (var t = 0u; t < TT; t++) {
      let bv = bSlab[t * TPN + tn];
      let av0 = aSlab[t * TILE_M4 + tm + 0u * TPM];
      y0 += av0[0] * bv; y1 += av0[1] * bv; y2 += av0[2] * bv; y3 += av0[3] * bv;
    }
    workgroupBarrier();
  }

  finish4(4u * (m4 + tm + 0u * TPM) + 0u, 4u * (n4 + tn), y0);
  finish4(4u * (m4 + tm + 0u * TPM) + 1u, 4u * (n4 + tn), y1);
  finish4(4u * (m4 + tm + 0u * TPM) + 2u, 4u * (n4 + tn), y2);
  finish4(4u * (m4 + tm + 0u * TPM) + 3u, 4u * (n4 + tn), y3);
}

// ==== matmul/tn/accumulate=1/rows=4/shareA=0/staged=1/vec4=1/TPM=16/TPN=16/TT=16
struct Params {
  T: u32,
  M: u32,
  N: u32,
  groups: u32, // tiles along M, to split the linear workgroup index
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<vec4<f32>>; // (T, M)
@group(0) @binding(2) var<storage, read> b: array<vec4<f32>>; // (T, N)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (M, N)

fn aStart(row: u32) -> u32 { return row * (p.M / 4u); }
fn aLoad(start: u32, c4: u32) -> vec4<f32> { return a[start + c4]; }
fn aAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.M / 4u;
  return select(vec4<f32>(0.0), aLoad(aStart(row), min(c4, n4 - 1u)), c4 < n4);
}
fn bStart(row: u32) -> u32 { return row * (p.N / 4u); }
fn bLoad(start: u32, c4: u32) -> vec4<f32> { return b[start + c4]; }
fn bAt(row: u32, c4: u32) -> vec4<f32> {
  let n4 = p.N / 4u;
  return select(vec4<f32>(0.0), bLoad(bStart(row), min(c4, n4 - 1u)), c4 < n4);
}

override TPM: u32 = 16u;
override TPN: u32 = 16u;
override TT: u32 = 16u;
override TILE_M4: u32 = 1u * TPM; // tile rows / 4


// One slab of T rows: A's tile columns as (TT, TILE_M4) vec4, B's as (TT, TPN) vec4.
var<workgroup> aSlab: array<vec4<f32>, TT * TILE_M4>;
var<workgroup> bSlab: array<vec4<f32>, TT * TPN>;

// Loads rows t0 .. t0 + TT - 1. B's rows past T are zero, so A's (clamped) add nothing; columns
// past M and N are zero (never stored).
fn stage(tid: u32, m4: u32, n4: u32, t0: u32) {
  for (var i = tid; i < TT * TILE_M4; i += TPM * TPN) {
    aSlab[i] = aAt(min(t0 + i / TILE_M4, p.T - 1u), m4 + i % TILE_M4);
  }
  for (var i = tid; i < TT * TPN; i += TPM * TPN) {
    let t = t0 + i / TPN;
    bSlab[i] = select(vec4<f32>(0.0), bAt(min(t, p.T - 1u), n4 + i % TPN), t < p.T);
  }
}


fn finish4(m: u32, n: u32, v: vec4<f32>) {
  if (m >= p.M) { return; }
  for (var j = 0u; j < 4u; j++) {
    if (n + j < p.N) {

      y[m * p.N + n + j] += v[j];

    }
  }
}

@compute @workgroup_size(TPM * TPN)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Tiles are numbered down M first (p.groups tiles), as in the forward matmul.
  let g = wg.x + wg.y * nwg.x;
  if (g >= p.groups * ((p.N + 4u * TPN - 1u) / (4u * TPN))) { return; } // uniform per workgroup
  let m4 = (g % p.groups) * TILE_M4; // in vec4 columns of A
  let n4 = (g / p.groups) * TPN; // in vec4 columns of B
  let tm = tid / TPN;
  let tn = tid % TPN;
  var y0 = vec4<f32>(0.0);
  var y1 = vec4<f32>(0.0);
  var y2 = vec4<f32>(0.0);
  var y3 = vec4<f32>(0.0);

  for (var t0 = 0u; t0 < p.T; t0 += TT) {
    stage(tid, m4, n4, t0);
    workgroupBarrier();
    for (var t = 0u; t < TT; t++) {
      let bv = bSlab[t * TPN + tn];
      let av0 = aSlab[t * TILE_M4 + tm + 0u * TPM];
      y0 += av0[0] * bv; y1 += av0[1] * bv; y2 += av0[2] * bv; y3 += av0[3] * bv;
    }
    workgroupBarrier();
  }

  finish4(4u * (m4 + tm + 0u * TPM) + 0u, 4u * (n4 + tn), y0);
  finish4(4u * (m4 + tm + 0u * TPM) + 1u, 4u * (n4 + tn), y1);
  finish4(4u * (m4 + tm + 0u * TPM) + 2u, 4u * (n4 + tn), y2);
  finish4(4u * (m4 + tm + 0u * TPM) + 3u, 4u * (n4 + tn), y3);
}
