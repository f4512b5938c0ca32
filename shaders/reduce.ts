// Shared WGSL for row kernels: how a workgroup of THREADS threads walks a row, and workgroup-wide
// max/sum reductions through workgroup memory. Included by softmax, norm and sample shaders.
// Not a kernel by itself.

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
