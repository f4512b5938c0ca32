// ==== penalty/THREADS=4
struct Params {
  V: u32,
  mark: u32, // index into ids of a token to add to the mask first; NO_MARK: none
  penalty: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> ids: array<u32>; // (> mark) token ids of the pass
@group(0) @binding(2) var<storage, read_write> seen: array<u32>; // (ceil(V / 32)) bit i: id i is in the context
@group(0) @binding(3) var<storage, read_write> logits: array<f32>; // (V)

override THREADS: u32 = 64u;

@compute @workgroup_size(THREADS)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let w = gid.x + gid.y * nwg.x * THREADS; // dispatches past 65535 workgroups fold into y
  if (w >= (p.V + 31u) / 32u) { return; }
  var bits = seen[w];
  if (p.mark != 0xffffffffu) {
    let id = ids[p.mark];
    if (id < p.V && id / 32u == w) {
      bits |= 1u << (id % 32u);
      seen[w] = bits;
    }
  }
  while (bits != 0u) {
    let b = firstTrailingBit(bits);
    bits &= bits - 1u;
    let i = w * 32u + b;
    if (i < p.V) {
      let l = logits[i];
      // An extreme penalty would overflow to an infinity, which the sampler takes for a broken model.
      logits[i] = clamp(select(l * p.penalty, l / p.penalty, l > 0.0), -0x1.fffffep+127f, 0x1.fffffep+127f);
    }
  }
}

// ==== penalty/THREADS=64
struct Params {
  V: u32,
  mark: u32, // index into ids of a token to add to the mask first; NO_MARK: none
  penalty: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> ids: array<u32>; // (> mark) token ids of the pass
@group(0) @binding(2) var<storage, read_write> seen: array<u32>; // (ceil(V / 32)) bit i: id i is in the context
@group(0) @binding(3) var<storage, read_write> logits: array<f32>; // (V)

override THREADS: u32 = 64u;

@compute @workgroup_size(THREADS)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let w = gid.x + gid.y * nwg.x * THREADS; // dispatches past 65535 workgroups fold into y
  if (w >= (p.V + 31u) / 32u) { return; }
  var bits = seen[w];
  if (p.mark != 0xffffffffu) {
    let id = ids[p.mark];
    if (id < p.V && id / 32u == w) {
      bits |= 1u << (id % 32u);
      seen[w] = bits;
    }
  }
  while (bits != 0u) {
    let b = firstTrailingBit(bits);
    bits &= bits - 1u;
    let i = w * 32u + b;
    if (i < p.V) {
      let l = logits[i];
      // An extreme penalty would overflow to an infinity, which the sampler takes for a broken model.
      logits[i] = clamp(select(l * p.penalty, l / p.penalty, l > 0.0), -0x1.fffffep+127f, 0x1.fffffep+127f);
    }
  }
}
