// Shared WGSL for flat kernels (elementwise, embed, kvcache): each workgroup covers
// THREADS * RUN consecutive items, and each invocation visits RUN of them, as its own contiguous
// run (software adapters) or strided by THREADS so that neighbouring threads touch neighbouring
// items (coalesced on GPUs). Not a kernel by itself.

export function flatIndex(o: { contiguous: boolean }): string {
  const index = o.contiguous ? '(wgIndex * THREADS + tid) * RUN + j' : '(wgIndex * RUN + j) * THREADS + tid';
  return /* wgsl */ `
override THREADS: u32 = 256u;
override RUN: u32 = 1u;

// The item visited on step j (< RUN); workgroups are split over x and y by the host's grid().
fn flatIndex(wg: vec3<u32>, nwg: vec3<u32>, tid: u32, j: u32) -> u32 {
  let wgIndex = wg.x + wg.y * nwg.x;
  return ${index};
}
`;
}
