// ==== penalty/THREADS=4
struct Params {
  V: u32,
  mark: u32, // index into ids of a token to add to the mask first; NO_MARK: none
  penalty: f32,
  biased: u32, // 1: add bias to every logit after the penalty; 0: bias is not read
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> ids: array<u32>; // (> mark) token ids of the pass
@group(0) @binding(2) var<storage, read_write> seen: array<u32>; // (ceil(V / 32)) bit i: id i is in the context
@group(0) @binding(3) var<storage, read_write> logits: array<f32>; // (V)
@group(0) @binding(4) var<storage, read> bias: array<f32>; // (V) added to the logits when biased

override THREADS: u32 = 64u;
const F32_MAX = 0x1.fffffep+127f;

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
  // Unbiased, only the penalised ids are visited; biased, every id of the word.
  var visit = select(bits, 0xffffffffu, p.biased != 0u);
  while (visit != 0u) {
    let b = firstTrailingBit(visit);
    visit &= visit - 1u;
    let i = w * 32u + b;
    if (i >= p.V) { break; } // ids rise: the rest of the word is past V too
    var l = logits[i];
    // A broken model's NaN or infinity goes on as it is, for the sampler to refuse (decided on the
    // bits: a compiler may assume floats are finite). From a finite logit, an extreme penalty or
    // bias would overflow to an infinity the sampler would take for a broken model: each step
    // saturates at float32's largest finite value instead.
    if ((bitcast<u32>(l) & 0x7f800000u) == 0x7f800000u) { continue; }
    if ((bits & (1u << b)) != 0u) { l = clamp(select(l * p.penalty, l / p.penalty, l > 0.0), -F32_MAX, F32_MAX); }
    if (p.biased != 0u) { l = clamp(l + bias[i], -F32_MAX, F32_MAX); }
    logits[i] = l;
  }
}

// ==== penalty/THREADS=64
struct Params {
  V: u32,
  mark: u32, // index into ids of a token to add to the mask first; NO_MARK: none
  penalty: f32,
  biased: u32, // 1: add bias to every logit after the penalty; 0: bias is not read
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> ids: array<u32>; // (> mark) token ids of the pass
@group(0) @binding(2) var<storage, read_write> seen: array<u32>; // (ceil(V / 32)) bit i: id i is in the context
@group(0) @binding(3) var<storage, read_write> logits: array<f32>; // (V)
@group(0) @binding(4) var<storage, read> bias: array<f32>; // (V) added to the logits when biased

override THREADS: u32 = 64u;
const F32_MAX = 0x1.fffffep+127f;

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
  // Unbiased, only the penalised ids are visited; biased, every id of the word.
  var visit = select(bits, 0xffffffffu, p.biased != 0u);
  while (visit != 0u) {
    let b = firstTrailingBit(visit);
    visit &= visit - 1u;
    let i = w * 32u + b;
    if (i >= p.V) { break; } // ids rise: the rest of the word is past V too
    var l = logits[i];
    // A broken model's NaN or infinity goes on as it is, for the sampler to refuse (decided on the
    // bits: a compiler may assume floats are finite). From a finite logit, an extreme penalty or
    // bias would overflow to an infinity the sampler would take for a broken model: each step
    // saturates at float32's largest finite value instead.
    if ((bitcast<u32>(l) & 0x7f800000u) == 0x7f800000u) { continue; }
    if ((bits & (1u << b)) != 0u) { l = clamp(select(l * p.penalty, l / p.penalty, l > 0.0), -F32_MAX, F32_MAX); }
    if (p.biased != 0u) { l = clamp(l + bias[i], -F32_MAX, F32_MAX); }
    logits[i] = l;
  }
}
