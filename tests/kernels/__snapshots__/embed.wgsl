// ==== embed/contiguous=0/positions=0/RUN=4/THREADS=256
struct Params {
  T: u32,
  C: u32,
  V: u32,
  pos0: u32, // position of ids[0]; used only with wpe
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> ids: array<u32>; // (T)
@group(0) @binding(2) var<storage, read> wte: array<f32>; // (V, C)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, C)


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * RUN + j) * THREADS + tid;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    let t = i / p.C;
    if (t >= p.T) { return; }
    let c = i - t * p.C;
    let id = ids[t];
    // The host cannot see ids on the GPU (a sampled token, say): a bad one gives a zero row.
    if (id >= p.V) { y[i] = 0.0; continue; }

    y[i] = wte[id * p.C + c];

  }
}

// ==== embed/contiguous=0/positions=1/RUN=4/THREADS=256
struct Params {
  T: u32,
  C: u32,
  V: u32,
  pos0: u32, // position of ids[0]; used only with wpe
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> ids: array<u32>; // (T)
@group(0) @binding(2) var<storage, read> wte: array<f32>; // (V, C)
@group(0) @binding(3) var<storage, read> wpe: array<f32>; // (P, C), P >= pos0 + T (checked by the host)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, C)


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * RUN + j) * THREADS + tid;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    let t = i / p.C;
    if (t >= p.T) { return; }
    let c = i - t * p.C;
    let id = ids[t];
    // The host cannot see ids on the GPU (a sampled token, say): a bad one gives a zero row.
    if (id >= p.V) { y[i] = 0.0; continue; }

    y[i] = wte[id * p.C + c] + wpe[(p.pos0 + t) * p.C + c];

  }
}

// ==== embed/contiguous=1/positions=0/RUN=16/THREADS=4
struct Params {
  T: u32,
  C: u32,
  V: u32,
  pos0: u32, // position of ids[0]; used only with wpe
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> ids: array<u32>; // (T)
@group(0) @binding(2) var<storage, read> wte: array<f32>; // (V, C)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (T, C)


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * THREADS + tid) * RUN + j;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    let t = i / p.C;
    if (t >= p.T) { return; }
    let c = i - t * p.C;
    let id = ids[t];
    // The host cannot see ids on the GPU (a sampled token, say): a bad one gives a zero row.
    if (id >= p.V) { y[i] = 0.0; continue; }

    y[i] = wte[id * p.C + c];

  }
}

// ==== embed/contiguous=1/positions=1/RUN=16/THREADS=4
struct Params {
  T: u32,
  C: u32,
  V: u32,
  pos0: u32, // position of ids[0]; used only with wpe
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> ids: array<u32>; // (T)
@group(0) @binding(2) var<storage, read> wte: array<f32>; // (V, C)
@group(0) @binding(3) var<storage, read> wpe: array<f32>; // (P, C), P >= pos0 + T (checked by the host)
@group(0) @binding(4) var<storage, read_write> y: array<f32>; // (T, C)


override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return (wgIndex * THREADS + tid) * RUN + j;
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    let t = i / p.C;
    if (t >= p.T) { return; }
    let c = i - t * p.C;
    let id = ids[t];
    // The host cannot see ids on the GPU (a sampled token, say): a bad one gives a zero row.
    if (id >= p.V) { y[i] = 0.0; continue; }

    y[i] = wte[id * p.C + c] + wpe[(p.pos0 + t) * p.C + c];

  }
}
