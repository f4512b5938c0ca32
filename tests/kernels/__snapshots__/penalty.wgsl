// ==== penalty/THREADS=4
struct Params {
  n: u32, // distinct ids in the ids buffer (0 records nothing)
  V: u32,
  penalty: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> ids: array<u32>; // (n) distinct token ids
@group(0) @binding(2) var<storage, read_write> logits: array<f32>; // (V)

override THREADS: u32 = 64u;

@compute @workgroup_size(THREADS)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * THREADS; // dispatches past 65535 workgroups fold into y
  if (i >= p.n) { return; }
  let id = ids[i];
  if (id >= p.V) { return; }
  let l = logits[id];
  logits[id] = select(l * p.penalty, l / p.penalty, l > 0.0);
}

// ==== penalty/THREADS=64
struct Params {
  n: u32, // distinct ids in the ids buffer (0 records nothing)
  V: u32,
  penalty: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> ids: array<u32>; // (n) distinct token ids
@group(0) @binding(2) var<storage, read_write> logits: array<f32>; // (V)

override THREADS: u32 = 64u;

@compute @workgroup_size(THREADS)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * THREADS; // dispatches past 65535 workgroups fold into y
  if (i >= p.n) { return; }
  let id = ids[i];
  if (id >= p.V) { return; }
  let l = logits[id];
  logits[id] = select(l * p.penalty, l / p.penalty, l > 0.0);
}
