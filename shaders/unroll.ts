// Unrolling for WGSL generated from TypeScript: WGSL has no unroll attribute, and constant
// indices keep accumulators in registers (SwiftShader's JIT spills arrays indexed by a loop
// variable). Not a kernel by itself.

/** n copies of line(j) for j = 0 .. n-1, joined. */
export function unroll(n: number, line: (j: number) => string, separator = '\n  '): string {
  return Array.from({ length: n }, (_, j) => line(j)).join(separator);
}
