// ==== sample/contiguous=0/loads=8/mode=argmax/THREADS=256
struct Params {
  V: u32,
  outIndex: u32, // this call writes out[outIndex]
  temperature: f32, // <= 0 is greedy; ignored in argmax mode
  topK: u32, // 0 is off
  topP: f32, // in [0, 1]; filters only strictly inside (0, 1)
  minP: f32, // in [0, 1]; 0 is off
  seed: u32, // the draw uses u = uniformFromSeed(seed, step)
  step: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> logits: array<f32>; // (V)
@group(0) @binding(2) var<storage, read_write> out: array<u32>; // token ids; this call writes out[outIndex]


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


const NONE = 0xffffffffu;
const NON_FINITE_TOKEN = 0xffffffffu;
const NEG_INF_BITS = 0xff800000u;
var<workgroup> scratchIndex: array<u32, THREADS>;
var<workgroup> scratchBroken: array<u32, THREADS>; // 1 where a thread's logits held NaN or +Inf
var<private> rowBroken: bool; // set by argmaxRow: the row cannot be sampled

// NaN or +Inf: the exponent is all ones and the value is not -Inf. Decided on the bits, since a
// shader compiler may assume floats are finite and fold a float test away.
fn breaksRow(x: f32) -> bool {
  let b = bitcast<u32>(x);
  return (b & 0x7f800000u) == 0x7f800000u && b != NEG_INF_BITS;
}

// First index of the row maximum: each thread keeps its first best (it visits indices in
// increasing order), then a tree over (value, index) pairs where equal values go to the lower index.
// The same pass ORs the threads' NaN / +Inf flags and sets rowBroken, also when the maximum is -Inf.
fn argmaxRow(tid: u32) -> u32 {
  var best = 0.0;
  var bestIndex = NONE;
  var broken = 0u;
  for (var j = 0u; j < runLength(p.V); j += 8u) {
    let i0 = select(NONE, runIndex(tid, j + 0u, p.V), j + 0u < runLength(p.V));
    let l0 = logits[min(i0, p.V - 1u)];
    let i1 = select(NONE, runIndex(tid, j + 1u, p.V), j + 1u < runLength(p.V));
    let l1 = logits[min(i1, p.V - 1u)];
    let i2 = select(NONE, runIndex(tid, j + 2u, p.V), j + 2u < runLength(p.V));
    let l2 = logits[min(i2, p.V - 1u)];
    let i3 = select(NONE, runIndex(tid, j + 3u, p.V), j + 3u < runLength(p.V));
    let l3 = logits[min(i3, p.V - 1u)];
    let i4 = select(NONE, runIndex(tid, j + 4u, p.V), j + 4u < runLength(p.V));
    let l4 = logits[min(i4, p.V - 1u)];
    let i5 = select(NONE, runIndex(tid, j + 5u, p.V), j + 5u < runLength(p.V));
    let l5 = logits[min(i5, p.V - 1u)];
    let i6 = select(NONE, runIndex(tid, j + 6u, p.V), j + 6u < runLength(p.V));
    let l6 = logits[min(i6, p.V - 1u)];
    let i7 = select(NONE, runIndex(tid, j + 7u, p.V), j + 7u < runLength(p.V));
    let l7 = logits[min(i7, p.V - 1u)];
    if (i0 < p.V) {
      if (bestIndex == NONE || l0 > best) { best = l0; bestIndex = i0; }
      if (breaksRow(l0)) { broken = 1u; }
    }
    if (i1 < p.V) {
      if (bestIndex == NONE || l1 > best) { best = l1; bestIndex = i1; }
      if (breaksRow(l1)) { broken = 1u; }
    }
    if (i2 < p.V) {
      if (bestIndex == NONE || l2 > best) { best = l2; bestIndex = i2; }
      if (breaksRow(l2)) { broken = 1u; }
    }
    if (i3 < p.V) {
      if (bestIndex == NONE || l3 > best) { best = l3; bestIndex = i3; }
      if (breaksRow(l3)) { broken = 1u; }
    }
    if (i4 < p.V) {
      if (bestIndex == NONE || l4 > best) { best = l4; bestIndex = i4; }
      if (breaksRow(l4)) { broken = 1u; }
    }
    if (i5 < p.V) {
      if (bestIndex == NONE || l5 > best) { best = l5; bestIndex = i5; }
      if (breaksRow(l5)) { broken = 1u; }
    }
    if (i6 < p.V) {
      if (bestIndex == NONE || l6 > best) { best = l6; bestIndex = i6; }
      if (breaksRow(l6)) { broken = 1u; }
    }
    if (i7 < p.V) {
      if (bestIndex == NONE || l7 > best) { best = l7; bestIndex = i7; }
      if (breaksRow(l7)) { broken = 1u; }
    }
  }
  scratch[tid] = best;
  scratchIndex[tid] = bestIndex;
  scratchBroken[tid] = broken;
  workgroupBarrier();
  for (var s = THREADS / 2u; s > 0u; s >>= 1u) {
    if (tid < s) {
      let v = scratch[tid + s];
      let i = scratchIndex[tid + s];
      let mine = scratchIndex[tid];
      if (i != NONE && (mine == NONE || v > scratch[tid] || (v == scratch[tid] && i < mine))) {
        scratch[tid] = v;
        scratchIndex[tid] = i;
      }
      scratchBroken[tid] |= scratchBroken[tid + s];
    }
    workgroupBarrier();
  }
  let r = scratchIndex[0];
  rowBroken = scratchBroken[0] != 0u || bitcast<u32>(logits[r]) == NEG_INF_BITS;
  workgroupBarrier();
  return r;
}

// Every write of the result goes through here: a broken row gets NON_FINITE_TOKEN, never a token.
fn emit(token: u32) {
  out[p.outIndex] = select(token, NON_FINITE_TOKEN, rowBroken);
}



@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32) {
  let best = argmaxRow(tid);

  if (tid == 0u) { emit(best); }
}

// ==== sample/contiguous=0/loads=8/mode=sample/THREADS=256
struct Params {
  V: u32,
  outIndex: u32, // this call writes out[outIndex]
  temperature: f32, // <= 0 is greedy; ignored in argmax mode
  topK: u32, // 0 is off
  topP: f32, // in [0, 1]; filters only strictly inside (0, 1)
  minP: f32, // in [0, 1]; 0 is off
  seed: u32, // the draw uses u = uniformFromSeed(seed, step)
  step: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> logits: array<f32>; // (V)
@group(0) @binding(2) var<storage, read_write> out: array<u32>; // token ids; this call writes out[outIndex]


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


const NONE = 0xffffffffu;
const NON_FINITE_TOKEN = 0xffffffffu;
const NEG_INF_BITS = 0xff800000u;
var<workgroup> scratchIndex: array<u32, THREADS>;
var<workgroup> scratchBroken: array<u32, THREADS>; // 1 where a thread's logits held NaN or +Inf
var<private> rowBroken: bool; // set by argmaxRow: the row cannot be sampled

// NaN or +Inf: the exponent is all ones and the value is not -Inf. Decided on the bits, since a
// shader compiler may assume floats are finite and fold a float test away.
fn breaksRow(x: f32) -> bool {
  let b = bitcast<u32>(x);
  return (b & 0x7f800000u) == 0x7f800000u && b != NEG_INF_BITS;
}

// First index of the row maximum: each thread keeps its first best (it visits indices in
// increasing order), then a tree over (value, index) pairs where equal values go to the lower index.
// The same pass ORs the threads' NaN / +Inf flags and sets rowBroken, also when the maximum is -Inf.
fn argmaxRow(tid: u32) -> u32 {
  var best = 0.0;
  var bestIndex = NONE;
  var broken = 0u;
  for (var j = 0u; j < runLength(p.V); j += 8u) {
    let i0 = select(NONE, runIndex(tid, j + 0u, p.V), j + 0u < runLength(p.V));
    let l0 = logits[min(i0, p.V - 1u)];
    let i1 = select(NONE, runIndex(tid, j + 1u, p.V), j + 1u < runLength(p.V));
    let l1 = logits[min(i1, p.V - 1u)];
    let i2 = select(NONE, runIndex(tid, j + 2u, p.V), j + 2u < runLength(p.V));
    let l2 = logits[min(i2, p.V - 1u)];
    let i3 = select(NONE, runIndex(tid, j + 3u, p.V), j + 3u < runLength(p.V));
    let l3 = logits[min(i3, p.V - 1u)];
    let i4 = select(NONE, runIndex(tid, j + 4u, p.V), j + 4u < runLength(p.V));
    let l4 = logits[min(i4, p.V - 1u)];
    let i5 = select(NONE, runIndex(tid, j + 5u, p.V), j + 5u < runLength(p.V));
    let l5 = logits[min(i5, p.V - 1u)];
    let i6 = select(NONE, runIndex(tid, j + 6u, p.V), j + 6u < runLength(p.V));
    let l6 = logits[min(i6, p.V - 1u)];
    let i7 = select(NONE, runIndex(tid, j + 7u, p.V), j + 7u < runLength(p.V));
    let l7 = logits[min(i7, p.V - 1u)];
    if (i0 < p.V) {
      if (bestIndex == NONE || l0 > best) { best = l0; bestIndex = i0; }
      if (breaksRow(l0)) { broken = 1u; }
    }
    if (i1 < p.V) {
      if (bestIndex == NONE || l1 > best) { best = l1; bestIndex = i1; }
      if (breaksRow(l1)) { broken = 1u; }
    }
    if (i2 < p.V) {
      if (bestIndex == NONE || l2 > best) { best = l2; bestIndex = i2; }
      if (breaksRow(l2)) { broken = 1u; }
    }
    if (i3 < p.V) {
      if (bestIndex == NONE || l3 > best) { best = l3; bestIndex = i3; }
      if (breaksRow(l3)) { broken = 1u; }
    }
    if (i4 < p.V) {
      if (bestIndex == NONE || l4 > best) { best = l4; bestIndex = i4; }
      if (breaksRow(l4)) { broken = 1u; }
    }
    if (i5 < p.V) {
      if (bestIndex == NONE || l5 > best) { best = l5; bestIndex = i5; }
      if (breaksRow(l5)) { broken = 1u; }
    }
    if (i6 < p.V) {
      if (bestIndex == NONE || l6 > best) { best = l6; bestIndex = i6; }
      if (breaksRow(l6)) { broken = 1u; }
    }
    if (i7 < p.V) {
      if (bestIndex == NONE || l7 > best) { best = l7; bestIndex = i7; }
      if (breaksRow(l7)) { broken = 1u; }
    }
  }
  scratch[tid] = best;
  scratchIndex[tid] = bestIndex;
  scratchBroken[tid] = broken;
  workgroupBarrier();
  for (var s = THREADS / 2u; s > 0u; s >>= 1u) {
    if (tid < s) {
      let v = scratch[tid + s];
      let i = scratchIndex[tid + s];
      let mine = scratchIndex[tid];
      if (i != NONE && (mine == NONE || v > scratch[tid] || (v == scratch[tid] && i < mine))) {
        scratch[tid] = v;
        scratchIndex[tid] = i;
      }
      scratchBroken[tid] |= scratchBroken[tid + s];
    }
    workgroupBarrier();
  }
  let r = scratchIndex[0];
  rowBroken = scratchBroken[0] != 0u || bitcast<u32>(logits[r]) == NEG_INF_BITS;
  workgroupBarrier();
  return r;
}

// Every write of the result goes through here: a broken row gets NON_FINITE_TOKEN, never a token.
fn emit(token: u32) {
  out[p.outIndex] = select(token, NON_FINITE_TOKEN, rowBroken);
}


var<workgroup> pick: u32;     // the thread whose chunk holds the drawn token, or NONE
var<workgroup> pickBase: f32; // kept mass of the chunks before it
var<workgroup> drawTarget: f32; // u * kept mass

// PCG-RXS-M-XS (docs/KERNELS.md); u32 arithmetic wraps like the reference's Math.imul.
fn pcg(v: u32) -> u32 {
  let s = v * 747796405u + 2891336453u;
  let w = ((s >> ((s >> 28u) + 4u)) ^ s) * 277803737u;
  return (w >> 22u) ^ w;
}

fn uniformFromSeed(seed: u32, step: u32) -> f32 {
  return f32(pcg(seed ^ pcg(step)) >> 8u) / 16777216.0; // 24 bits: exact in f32
}

// u32 key with key(a) >= key(b) exactly when a >= b (non-NaN); -0 becomes +0 so they tie as in f32.
fn orderKey(x: f32) -> u32 {
  let b = bitcast<u32>(select(x, 0.0, x == 0.0));
  return select(b | 0x80000000u, ~b, (b & 0x80000000u) != 0u);
}

// Unnormalised probability: the max logit m maps to exp(0) = 1, so masses stand in for p.
fn prob(l: f32, m: f32) -> f32 { return exp((l - m) / p.temperature); }

var<workgroup> binScratch: array<vec4<f32>, THREADS>;

fn reduceVec4(tid: u32, v: vec4<f32>) -> vec4<f32> {
  binScratch[tid] = v;
  workgroupBarrier();
  for (var s = THREADS / 2u; s > 0u; s >>= 1u) {
    if (tid < s) { binScratch[tid] += binScratch[tid + s]; }
    workgroupBarrier();
  }
  let r = binScratch[0];
  workgroupBarrier();
  return r;
}

// One read of the row: per 4-bit digit at `shift` of each token's value, the summed weight of the
// tokens whose bits above shift + 4 equal `prefix`'s. The value and weight are the order key and 1
// (top-k), or, past the top-k cut, the probability's bits and the probability (top-p). Every
// thread gets all 16 sums. Counts are exact in f32 because the host keeps V < 2^24; masses are
// summed with compensation (Sum, below), since the first stage's bin holding the largest mass also
// holds every mass down to 2^-31 of it, and a plain sum put the top-p goal 1e-4 off on the software
// table, dropping or keeping whole tie groups past the cut.
fn digitSums(tid: u32, shift: u32, prefix: u32, mass: bool, m: f32, kCut: u32) -> array<f32, 16> {
  var bins: array<Sum, 16>;
  let high = select(0u, 0xffffffffu << (shift + 4u), shift < 28u);
  for (var j = 0u; j < runLength(p.V); j += 8u) {
    let i0 = select(NONE, runIndex(tid, j + 0u, p.V), j + 0u < runLength(p.V));
    let l0 = logits[min(i0, p.V - 1u)];
    let i1 = select(NONE, runIndex(tid, j + 1u, p.V), j + 1u < runLength(p.V));
    let l1 = logits[min(i1, p.V - 1u)];
    let i2 = select(NONE, runIndex(tid, j + 2u, p.V), j + 2u < runLength(p.V));
    let l2 = logits[min(i2, p.V - 1u)];
    let i3 = select(NONE, runIndex(tid, j + 3u, p.V), j + 3u < runLength(p.V));
    let l3 = logits[min(i3, p.V - 1u)];
    let i4 = select(NONE, runIndex(tid, j + 4u, p.V), j + 4u < runLength(p.V));
    let l4 = logits[min(i4, p.V - 1u)];
    let i5 = select(NONE, runIndex(tid, j + 5u, p.V), j + 5u < runLength(p.V));
    let l5 = logits[min(i5, p.V - 1u)];
    let i6 = select(NONE, runIndex(tid, j + 6u, p.V), j + 6u < runLength(p.V));
    let l6 = logits[min(i6, p.V - 1u)];
    let i7 = select(NONE, runIndex(tid, j + 7u, p.V), j + 7u < runLength(p.V));
    let l7 = logits[min(i7, p.V - 1u)];
    if (i0 < p.V) {
      {
        var v = orderKey(l0);
        var w = 1.0;
        if (mass) {
          w = 0.0; // below the top-k cut: no weight
          if (v >= kCut) { w = prob(l0, m); }
          v = bitcast<u32>(w); // p >= 0: the f32 bits order like the values
        }
        if (w > 0.0 && (v & high) == prefix) {
          let d = (v >> shift) & 15u;
          bins[d] = plus(bins[d], w);
        }
      }
    }
    if (i1 < p.V) {
      {
        var v = orderKey(l1);
        var w = 1.0;
        if (mass) {
          w = 0.0; // below the top-k cut: no weight
          if (v >= kCut) { w = prob(l1, m); }
          v = bitcast<u32>(w); // p >= 0: the f32 bits order like the values
        }
        if (w > 0.0 && (v & high) == prefix) {
          let d = (v >> shift) & 15u;
          bins[d] = plus(bins[d], w);
        }
      }
    }
    if (i2 < p.V) {
      {
        var v = orderKey(l2);
        var w = 1.0;
        if (mass) {
          w = 0.0; // below the top-k cut: no weight
          if (v >= kCut) { w = prob(l2, m); }
          v = bitcast<u32>(w); // p >= 0: the f32 bits order like the values
        }
        if (w > 0.0 && (v & high) == prefix) {
          let d = (v >> shift) & 15u;
          bins[d] = plus(bins[d], w);
        }
      }
    }
    if (i3 < p.V) {
      {
        var v = orderKey(l3);
        var w = 1.0;
        if (mass) {
          w = 0.0; // below the top-k cut: no weight
          if (v >= kCut) { w = prob(l3, m); }
          v = bitcast<u32>(w); // p >= 0: the f32 bits order like the values
        }
        if (w > 0.0 && (v & high) == prefix) {
          let d = (v >> shift) & 15u;
          bins[d] = plus(bins[d], w);
        }
      }
    }
    if (i4 < p.V) {
      {
        var v = orderKey(l4);
        var w = 1.0;
        if (mass) {
          w = 0.0; // below the top-k cut: no weight
          if (v >= kCut) { w = prob(l4, m); }
          v = bitcast<u32>(w); // p >= 0: the f32 bits order like the values
        }
        if (w > 0.0 && (v & high) == prefix) {
          let d = (v >> shift) & 15u;
          bins[d] = plus(bins[d], w);
        }
      }
    }
    if (i5 < p.V) {
      {
        var v = orderKey(l5);
        var w = 1.0;
        if (mass) {
          w = 0.0; // below the top-k cut: no weight
          if (v >= kCut) { w = prob(l5, m); }
          v = bitcast<u32>(w); // p >= 0: the f32 bits order like the values
        }
        if (w > 0.0 && (v & high) == prefix) {
          let d = (v >> shift) & 15u;
          bins[d] = plus(bins[d], w);
        }
      }
    }
    if (i6 < p.V) {
      {
        var v = orderKey(l6);
        var w = 1.0;
        if (mass) {
          w = 0.0; // below the top-k cut: no weight
          if (v >= kCut) { w = prob(l6, m); }
          v = bitcast<u32>(w); // p >= 0: the f32 bits order like the values
        }
        if (w > 0.0 && (v & high) == prefix) {
          let d = (v >> shift) & 15u;
          bins[d] = plus(bins[d], w);
        }
      }
    }
    if (i7 < p.V) {
      {
        var v = orderKey(l7);
        var w = 1.0;
        if (mass) {
          w = 0.0; // below the top-k cut: no weight
          if (v >= kCut) { w = prob(l7, m); }
          v = bitcast<u32>(w); // p >= 0: the f32 bits order like the values
        }
        if (w > 0.0 && (v & high) == prefix) {
          let d = (v >> shift) & 15u;
          bins[d] = plus(bins[d], w);
        }
      }
    }
  }
  var sums: array<f32, 16>;
  for (var q = 0u; q < 4u; q++) {
    let r = reduceVec4(tid, vec4(value(bins[4u * q]), value(bins[4u * q + 1u]), value(bins[4u * q + 2u]), value(bins[4u * q + 3u])));
    sums[4u * q] = r.x;
    sums[4u * q + 1u] = r.y;
    sums[4u * q + 2u] = r.z;
    sums[4u * q + 3u] = r.w;
  }
  return sums;
}

// The largest t whose tokens (value >= t) weigh at least the goal: a radix select, 4 bits a stage
// from the top, so 8 reads of the row. `above` is the weight of the tokens above the digits
// being decided; a digit is the largest whose tokens, with those above, still reach the goal.
// Top-k: values are order keys, weights 1, the goal k. Top-p: values are probabilities past the
// top-k cut, weights their mass, the goal topP times the mass of the first stage's sums (all of them).
fn radixCut(tid: u32, mass: bool, m: f32, kCut: u32) -> u32 {
  var t = 0u;
  var above = 0.0;
  var goal = f32(p.topK);
  for (var stage = 0u; stage < 8u; stage++) {
    let shift = 28u - 4u * stage;
    let sums = digitSums(tid, shift, t, mass, m, kCut);
    if (mass && stage == 0u) {
      var total = 0.0;
      for (var d = 0u; d < 16u; d++) { total += sums[d]; }
      goal = p.topP * total;
    }
    var digit = 0u;
    for (var d = 15u; d > 0u; d--) {
      if (above + sums[d] >= goal) { digit = d; break; }
      above += sums[d];
    }
    t |= digit << shift;
  }
  return t;
}

// The k-th largest key: the largest t with count(key >= t) >= k.
fn topKCut(tid: u32) -> u32 {
  return radixCut(tid, false, 0.0, 0u);
}

// The largest probability tau whose tokens (p >= tau) still hold topP of the top-k mass.
fn topPCut(tid: u32, m: f32, kCut: u32) -> f32 {
  return bitcast<f32>(radixCut(tid, true, m, kCut));
}

fn kept(l: f32, q: f32, kCut: u32, pCut: f32) -> bool {
  return orderKey(l) >= kCut && q >= pCut && q >= p.minP; // min-p against p_max = 1
}

// A compensated (Kahan) running sum: a chunk is V / THREADS tokens long (12,565 of GPT-2's on the
// software profile), and in a plain f32 sum a small mass after a large one rounds to whole ulps
// of the sum or vanishes, so such tokens were drawn too often, too rarely or never. value() is
// the sum with its lost low part put back.
struct Sum { hi: f32, lost: f32 }

fn plus(a: Sum, x: f32) -> Sum {
  let y = x - a.lost;
  let t = a.hi + y;
  return Sum(t, (t - a.hi) - y);
}

fn value(a: Sum) -> f32 {
  return a.hi - a.lost;
}

// Draws drawTarget = u * keptMass: each thread sums the kept mass of its contiguous chunk (so chunk
// order is index order), thread 0 scans the chunk masses to find the chunk where the running sum
// first exceeds drawTarget, and that chunk's thread walks it. Writes out[outIndex]. Only tokens of
// positive mass stand in for a draw that rounding left unplaced, so a masked (-Inf) one never does.
fn draw(tid: u32, m: f32, kCut: u32, pCut: f32) {
  let chunk = (p.V + THREADS - 1u) / THREADS;
  let start = min(tid * chunk, p.V);
  let end = min(start + chunk, p.V);
  var mass = Sum(0.0, 0.0);
  var last = NONE;
  for (var i = start; i < end; i++) {
    let q = prob(logits[i], m);
    if (kept(logits[i], q, kCut, pCut)) {
      mass = plus(mass, q);
      if (q > 0.0) { last = i; }
    }
  }
  scratch[tid] = value(mass);
  scratchIndex[tid] = last;
  workgroupBarrier();
  if (tid == 0u) {
    var total = 0.0;
    for (var t = 0u; t < THREADS; t++) { total += scratch[t]; }
    drawTarget = uniformFromSeed(p.seed, p.step) * total;
    var base = 0.0;
    var chosen = NONE;
    var lastKept = NONE;
    for (var t = 0u; t < THREADS; t++) {
      if (chosen == NONE && base + scratch[t] > drawTarget) { chosen = t; pickBase = base; }
      base += scratch[t]; // the same additions as total, so the last chunk ends at total
      if (scratchIndex[t] != NONE) { lastKept = scratchIndex[t]; }
    }
    pick = chosen;
    if (chosen == NONE) { emit(lastKept); } // rounding left u * total at total
  }
  workgroupBarrier();
  if (tid == pick) {
    // Repeats this chunk's additions, so the sum reaches scratch[tid] and passes drawTarget;
    // 'last' (the chunk's last kept token) only answers if a compiler rounded differently.
    var sum = Sum(0.0, 0.0);
    var token = last;
    for (var i = start; i < end; i++) {
      let q = prob(logits[i], m);
      if (kept(logits[i], q, kCut, pCut)) {
        sum = plus(sum, q);
        if (pickBase + value(sum) > drawTarget) { token = i; break; }
      }
    }
    emit(token);
  }
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32) {
  let best = argmaxRow(tid);

  if (p.temperature > 0.0) { // uniform: a params field, so the barriers below stay uniform
    let m = logits[best];
    var kCut = 0u; // key 0 is below every logit: top-k off
    if (p.topK > 0u && p.topK < p.V) { kCut = topKCut(tid); }
    var pCut = 0.0;
    if (p.topP > 0.0 && p.topP < 1.0) { pCut = topPCut(tid, m, kCut); }
    draw(tid, m, kCut, pCut);
    return;
  }

  if (tid == 0u) { emit(best); }
}

// ==== sample/contiguous=1/loads=1/mode=argmax/THREADS=4
struct Params {
  V: u32,
  outIndex: u32, // this call writes out[outIndex]
  temperature: f32, // <= 0 is greedy; ignored in argmax mode
  topK: u32, // 0 is off
  topP: f32, // in [0, 1]; filters only strictly inside (0, 1)
  minP: f32, // in [0, 1]; 0 is off
  seed: u32, // the draw uses u = uniformFromSeed(seed, step)
  step: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> logits: array<f32>; // (V)
@group(0) @binding(2) var<storage, read_write> out: array<u32>; // token ids; this call writes out[outIndex]


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


const NONE = 0xffffffffu;
const NON_FINITE_TOKEN = 0xffffffffu;
const NEG_INF_BITS = 0xff800000u;
var<workgroup> scratchIndex: array<u32, THREADS>;
var<workgroup> scratchBroken: array<u32, THREADS>; // 1 where a thread's logits held NaN or +Inf
var<private> rowBroken: bool; // set by argmaxRow: the row cannot be sampled

// NaN or +Inf: the exponent is all ones and the value is not -Inf. Decided on the bits, since a
// shader compiler may assume floats are finite and fold a float test away.
fn breaksRow(x: f32) -> bool {
  let b = bitcast<u32>(x);
  return (b & 0x7f800000u) == 0x7f800000u && b != NEG_INF_BITS;
}

// First index of the row maximum: each thread keeps its first best (it visits indices in
// increasing order), then a tree over (value, index) pairs where equal values go to the lower index.
// The same pass ORs the threads' NaN / +Inf flags and sets rowBroken, also when the maximum is -Inf.
fn argmaxRow(tid: u32) -> u32 {
  var best = 0.0;
  var bestIndex = NONE;
  var broken = 0u;
  for (var j = 0u; j < runLength(p.V); j += 1u) {
    let i0 = select(NONE, runIndex(tid, j + 0u, p.V), j + 0u < runLength(p.V));
    let l0 = logits[min(i0, p.V - 1u)];
    if (i0 < p.V) {
      if (bestIndex == NONE || l0 > best) { best = l0; bestIndex = i0; }
      if (breaksRow(l0)) { broken = 1u; }
    }
  }
  scratch[tid] = best;
  scratchIndex[tid] = bestIndex;
  scratchBroken[tid] = broken;
  workgroupBarrier();
  for (var s = THREADS / 2u; s > 0u; s >>= 1u) {
    if (tid < s) {
      let v = scratch[tid + s];
      let i = scratchIndex[tid + s];
      let mine = scratchIndex[tid];
      if (i != NONE && (mine == NONE || v > scratch[tid] || (v == scratch[tid] && i < mine))) {
        scratch[tid] = v;
        scratchIndex[tid] = i;
      }
      scratchBroken[tid] |= scratchBroken[tid + s];
    }
    workgroupBarrier();
  }
  let r = scratchIndex[0];
  rowBroken = scratchBroken[0] != 0u || bitcast<u32>(logits[r]) == NEG_INF_BITS;
  workgroupBarrier();
  return r;
}

// Every write of the result goes through here: a broken row gets NON_FINITE_TOKEN, never a token.
fn emit(token: u32) {
  out[p.outIndex] = select(token, NON_FINITE_TOKEN, rowBroken);
}



@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32) {
  let best = argmaxRow(tid);

  if (tid == 0u) { emit(best); }
}

// ==== sample/contiguous=1/loads=1/mode=sample/THREADS=4
struct Params {
  V: u32,
  outIndex: u32, // this call writes out[outIndex]
  temperature: f32, // <= 0 is greedy; ignored in argmax mode
  topK: u32, // 0 is off
  topP: f32, // in [0, 1]; filters only strictly inside (0, 1)
  minP: f32, // in [0, 1]; 0 is off
  seed: u32, // the draw uses u = uniformFromSeed(seed, step)
  step: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> logits: array<f32>; // (V)
@group(0) @binding(2) var<storage, read_write> out: array<u32>; // token ids; this call writes out[outIndex]


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


const NONE = 0xffffffffu;
const NON_FINITE_TOKEN = 0xffffffffu;
const NEG_INF_BITS = 0xff800000u;
var<workgroup> scratchIndex: array<u32, THREADS>;
var<workgroup> scratchBroken: array<u32, THREADS>; // 1 where a thread's logits held NaN or +Inf
var<private> rowBroken: bool; // set by argmaxRow: the row cannot be sampled

// NaN or +Inf: the exponent is all ones and the value is not -Inf. Decided on the bits, since a
// shader compiler may assume floats are finite and fold a float test away.
fn breaksRow(x: f32) -> bool {
  let b = bitcast<u32>(x);
  return (b & 0x7f800000u) == 0x7f800000u && b != NEG_INF_BITS;
}

// First index of the row maximum: each thread keeps its first best (it visits indices in
// increasing order), then a tree over (value, index) pairs where equal values go to the lower index.
// The same pass ORs the threads' NaN / +Inf flags and sets rowBroken, also when the maximum is -Inf.
fn argmaxRow(tid: u32) -> u32 {
  var best = 0.0;
  var bestIndex = NONE;
  var broken = 0u;
  for (var j = 0u; j < runLength(p.V); j += 1u) {
    let i0 = select(NONE, runIndex(tid, j + 0u, p.V), j + 0u < runLength(p.V));
    let l0 = logits[min(i0, p.V - 1u)];
    if (i0 < p.V) {
      if (bestIndex == NONE || l0 > best) { best = l0; bestIndex = i0; }
      if (breaksRow(l0)) { broken = 1u; }
    }
  }
  scratch[tid] = best;
  scratchIndex[tid] = bestIndex;
  scratchBroken[tid] = broken;
  workgroupBarrier();
  for (var s = THREADS / 2u; s > 0u; s >>= 1u) {
    if (tid < s) {
      let v = scratch[tid + s];
      let i = scratchIndex[tid + s];
      let mine = scratchIndex[tid];
      if (i != NONE && (mine == NONE || v > scratch[tid] || (v == scratch[tid] && i < mine))) {
        scratch[tid] = v;
        scratchIndex[tid] = i;
      }
      scratchBroken[tid] |= scratchBroken[tid + s];
    }
    workgroupBarrier();
  }
  let r = scratchIndex[0];
  rowBroken = scratchBroken[0] != 0u || bitcast<u32>(logits[r]) == NEG_INF_BITS;
  workgroupBarrier();
  return r;
}

// Every write of the result goes through here: a broken row gets NON_FINITE_TOKEN, never a token.
fn emit(token: u32) {
  out[p.outIndex] = select(token, NON_FINITE_TOKEN, rowBroken);
}


var<workgroup> pick: u32;     // the thread whose chunk holds the drawn token, or NONE
var<workgroup> pickBase: f32; // kept mass of the chunks before it
var<workgroup> drawTarget: f32; // u * kept mass

// PCG-RXS-M-XS (docs/KERNELS.md); u32 arithmetic wraps like the reference's Math.imul.
fn pcg(v: u32) -> u32 {
  let s = v * 747796405u + 2891336453u;
  let w = ((s >> ((s >> 28u) + 4u)) ^ s) * 277803737u;
  return (w >> 22u) ^ w;
}

fn uniformFromSeed(seed: u32, step: u32) -> f32 {
  return f32(pcg(seed ^ pcg(step)) >> 8u) / 16777216.0; // 24 bits: exact in f32
}

// u32 key with key(a) >= key(b) exactly when a >= b (non-NaN); -0 becomes +0 so they tie as in f32.
fn orderKey(x: f32) -> u32 {
  let b = bitcast<u32>(select(x, 0.0, x == 0.0));
  return select(b | 0x80000000u, ~b, (b & 0x80000000u) != 0u);
}

// Unnormalised probability: the max logit m maps to exp(0) = 1, so masses stand in for p.
fn prob(l: f32, m: f32) -> f32 { return exp((l - m) / p.temperature); }

var<workgroup> binScratch: array<vec4<f32>, THREADS>;

fn reduceVec4(tid: u32, v: vec4<f32>) -> vec4<f32> {
  binScratch[tid] = v;
  workgroupBarrier();
  for (var s = THREADS / 2u; s > 0u; s >>= 1u) {
    if (tid < s) { binScratch[tid] += binScratch[tid + s]; }
    workgroupBarrier();
  }
  let r = binScratch[0];
  workgroupBarrier();
  return r;
}

// One read of the row: per 4-bit digit at `shift` of each token's value, the summed weight of the
// tokens whose bits above shift + 4 equal `prefix`'s. The value and weight are the order key and 1
// (top-k), or, past the top-k cut, the probability's bits and the probability (top-p). Every
// thread gets all 16 sums. Counts are exact in f32 because the host keeps V < 2^24; masses are
// summed with compensation (Sum, below), since the first stage's bin holding the largest mass also
// holds every mass down to 2^-31 of it, and a plain sum put the top-p goal 1e-4 off on the software
// table, dropping or keeping whole tie groups past the cut.
fn digitSums(tid: u32, shift: u32, prefix: u32, mass: bool, m: f32, kCut: u32) -> array<f32, 16> {
  var bins: array<Sum, 16>;
  let high = select(0u, 0xffffffffu << (shift + 4u), shift < 28u);
  for (var j = 0u; j < runLength(p.V); j += 1u) {
    let i0 = select(NONE, runIndex(tid, j + 0u, p.V), j + 0u < runLength(p.V));
    let l0 = logits[min(i0, p.V - 1u)];
    if (i0 < p.V) {
      {
        var v = orderKey(l0);
        var w = 1.0;
        if (mass) {
          w = 0.0; // below the top-k cut: no weight
          if (v >= kCut) { w = prob(l0, m); }
          v = bitcast<u32>(w); // p >= 0: the f32 bits order like the values
        }
        if (w > 0.0 && (v & high) == prefix) {
          let d = (v >> shift) & 15u;
          bins[d] = plus(bins[d], w);
        }
      }
    }
  }
  var sums: array<f32, 16>;
  for (var q = 0u; q < 4u; q++) {
    let r = reduceVec4(tid, vec4(value(bins[4u * q]), value(bins[4u * q + 1u]), value(bins[4u * q + 2u]), value(bins[4u * q + 3u])));
    sums[4u * q] = r.x;
    sums[4u * q + 1u] = r.y;
    sums[4u * q + 2u] = r.z;
    sums[4u * q + 3u] = r.w;
  }
  return sums;
}

// The largest t whose tokens (value >= t) weigh at least the goal: a radix select, 4 bits a stage
// from the top, so 8 reads of the row. `above` is the weight of the tokens above the digits
// being decided; a digit is the largest whose tokens, with those above, still reach the goal.
// Top-k: values are order keys, weights 1, the goal k. Top-p: values are probabilities past the
// top-k cut, weights their mass, the goal topP times the mass of the first stage's sums (all of them).
fn radixCut(tid: u32, mass: bool, m: f32, kCut: u32) -> u32 {
  var t = 0u;
  var above = 0.0;
  var goal = f32(p.topK);
  for (var stage = 0u; stage < 8u; stage++) {
    let shift = 28u - 4u * stage;
    let sums = digitSums(tid, shift, t, mass, m, kCut);
    if (mass && stage == 0u) {
      var total = 0.0;
      for (var d = 0u; d < 16u; d++) { total += sums[d]; }
      goal = p.topP * total;
    }
    var digit = 0u;
    for (var d = 15u; d > 0u; d--) {
      if (above + sums[d] >= goal) { digit = d; break; }
      above += sums[d];
    }
    t |= digit << shift;
  }
  return t;
}

// The k-th largest key: the largest t with count(key >= t) >= k.
fn topKCut(tid: u32) -> u32 {
  return radixCut(tid, false, 0.0, 0u);
}

// The largest probability tau whose tokens (p >= tau) still hold topP of the top-k mass.
fn topPCut(tid: u32, m: f32, kCut: u32) -> f32 {
  return bitcast<f32>(radixCut(tid, true, m, kCut));
}

fn kept(l: f32, q: f32, kCut: u32, pCut: f32) -> bool {
  return orderKey(l) >= kCut && q >= pCut && q >= p.minP; // min-p against p_max = 1
}

// A compensated (Kahan) running sum: a chunk is V / THREADS tokens long (12,565 of GPT-2's on the
// software profile), and in a plain f32 sum a small mass after a large one rounds to whole ulps
// of the sum or vanishes, so such tokens were drawn too often, too rarely or never. value() is
// the sum with its lost low part put back.
struct Sum { hi: f32, lost: f32 }

fn plus(a: Sum, x: f32) -> Sum {
  let y = x - a.lost;
  let t = a.hi + y;
  return Sum(t, (t - a.hi) - y);
}

fn value(a: Sum) -> f32 {
  return a.hi - a.lost;
}

// Draws drawTarget = u * keptMass: each thread sums the kept mass of its contiguous chunk (so chunk
// order is index order), thread 0 scans the chunk masses to find the chunk where the running sum
// first exceeds drawTarget, and that chunk's thread walks it. Writes out[outIndex]. Only tokens of
// positive mass stand in for a draw that rounding left unplaced, so a masked (-Inf) one never does.
fn draw(tid: u32, m: f32, kCut: u32, pCut: f32) {
  let chunk = (p.V + THREADS - 1u) / THREADS;
  let start = min(tid * chunk, p.V);
  let end = min(start + chunk, p.V);
  var mass = Sum(0.0, 0.0);
  var last = NONE;
  for (var i = start; i < end; i++) {
    let q = prob(logits[i], m);
    if (kept(logits[i], q, kCut, pCut)) {
      mass = plus(mass, q);
      if (q > 0.0) { last = i; }
    }
  }
  scratch[tid] = value(mass);
  scratchIndex[tid] = last;
  workgroupBarrier();
  if (tid == 0u) {
    var total = 0.0;
    for (var t = 0u; t < THREADS; t++) { total += scratch[t]; }
    drawTarget = uniformFromSeed(p.seed, p.step) * total;
    var base = 0.0;
    var chosen = NONE;
    var lastKept = NONE;
    for (var t = 0u; t < THREADS; t++) {
      if (chosen == NONE && base + scratch[t] > drawTarget) { chosen = t; pickBase = base; }
      base += scratch[t]; // the same additions as total, so the last chunk ends at total
      if (scratchIndex[t] != NONE) { lastKept = scratchIndex[t]; }
    }
    pick = chosen;
    if (chosen == NONE) { emit(lastKept); } // rounding left u * total at total
  }
  workgroupBarrier();
  if (tid == pick) {
    // Repeats this chunk's additions, so the sum reaches scratch[tid] and passes drawTarget;
    // 'last' (the chunk's last kept token) only answers if a compiler rounded differently.
    var sum = Sum(0.0, 0.0);
    var token = last;
    for (var i = start; i < end; i++) {
      let q = prob(logits[i], m);
      if (kept(logits[i], q, kCut, pCut)) {
        sum = plus(sum, q);
        if (pickBase + value(sum) > drawTarget) { token = i; break; }
      }
    }
    emit(token);
  }
}


@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32) {
  let best = argmaxRow(tid);

  if (p.temperature > 0.0) { // uniform: a params field, so the barriers below stay uniform
    let m = logits[best];
    var kCut = 0u; // key 0 is below every logit: top-k off
    if (p.topK > 0u && p.topK < p.V) { kCut = topKCut(tid); }
    var pCut = 0.0;
    if (p.topP > 0.0 && p.topP < 1.0) { pCut = topPCut(tid, m, kCut); }
    draw(tid, m, kCut, pCut);
    return;
  }

  if (tid == 0u) { emit(best); }
}
