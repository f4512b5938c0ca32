// Shared WGSL for row kernels: how a workgroup of THREADS threads walks a row, and workgroup-wide
// max/sum reductions through workgroup memory (rowReduce), and the sum of a short array in one
// workgroup (arraySum). Included by softmax, norm, sample, attention, cross-entropy and gradnorm
// shaders. Not a kernel by itself.

export function rowReduce(o: { contiguous: boolean }): string {
  const index = o.contiguous
    ? 'return tid * runLength(n) + j; /* each thread owns a contiguous run */'
    : 'return j * THREADS + tid; /* threads stride together: coalesced on GPUs */';
  return /* wgsl */ `
override THREADS: u32 = 64u;
var<workgroup> scratch: array<f32, THREADS>;

// How many elements each thread visits for a row of n.
fn runLength(n: u32) -> u32 { return (n + THREADS - 1u) / THREADS; }

// The column a thread visits on its j-th step.
fn runIndex(tid: u32, j: u32, n: u32) -> u32 { ${index} }

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
`;
}

/**
 * WGSL `fn name(tid, n) -> f32`, after rowReduce: the sum of array[0..n), each thread adding its
 * run and reduceSum adding the threads', so every thread gets it. For one workgroup summing a
 * short array (cross-entropy's row losses, gradnorm's partials).
 */
export function arraySum(name: string, array: string): string {
  return /* wgsl */ `
fn ${name}(tid: u32, n: u32) -> f32 {
  var s = 0.0;
  for (var j = 0u; j < runLength(n); j++) {
    let i = runIndex(tid, j, n);
    if (i < n) { s += ${array}[i]; }
  }
  return reduceSum(tid, s);
}
`;
}
