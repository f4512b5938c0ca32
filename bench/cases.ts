// The benchmark cases: transformer-shaped (GPT-2 small widths) kernel calls, with the FLOP and
// byte counts every throughput figure is computed from. Data only; measuring is in measure.ts
// (our kernels) and tfjs.ts (TensorFlow.js); the driver is kernels.ts.

export type BenchCase =
  | { kind: 'gemv' | 'matmul'; name: string; T: number; K: number; N: number; layout: 'nk' | 'kn' }
  | { kind: 'attention'; name: string; T: number; S: number; NH: number; NKV: number; HS: number }
  | { kind: 'softmax'; name: string; rows: number; cols: number };

export const benchCases: BenchCase[] = [
  { kind: 'gemv', name: 'gemv 1x768x768 nk', T: 1, K: 768, N: 768, layout: 'nk' },
  { kind: 'gemv', name: 'gemv 1x768x3072 nk', T: 1, K: 768, N: 3072, layout: 'nk' },
  { kind: 'matmul', name: 'matmul 64x768x768 nk', T: 64, K: 768, N: 768, layout: 'nk' },
  { kind: 'matmul', name: 'matmul 64x768x768 kn', T: 64, K: 768, N: 768, layout: 'kn' },
  { kind: 'matmul', name: 'matmul 64x768x3072 nk', T: 64, K: 768, N: 3072, layout: 'nk' },
  { kind: 'attention', name: 'attention decode S=256', T: 1, S: 256, NH: 12, NKV: 12, HS: 64 },
  { kind: 'softmax', name: 'softmax 1x50257', rows: 1, cols: 50257 },
];

/** Floating-point operations of one call (a multiply-add counts 2; softmax: 5 per element). */
export function flopsOf(c: BenchCase): number {
  switch (c.kind) {
    case 'gemv':
    case 'matmul':
      return 2 * c.T * c.K * c.N;
    case 'attention':
      return 4 * c.T * c.NH * c.S * c.HS; // q.k scores and the weighted sum of v
    case 'softmax':
      return 5 * c.rows * c.cols; // max, subtract, exp, sum, scale
  }
}

/** Bytes one call must move at least: every input read once and the output written once. */
export function bytesOf(c: BenchCase): number {
  switch (c.kind) {
    case 'gemv':
    case 'matmul':
      return 4 * (c.N * c.K + c.T * c.K + c.T * c.N); // w + x + y
    case 'attention':
      return 4 * (2 * c.S * c.NKV * c.HS + 2 * c.T * c.NH * c.HS); // k + v + q + y
    case 'softmax':
      return 4 * 2 * c.rows * c.cols; // x + y
  }
}

/** Bytes of the inputs one call reads: what rotating copies (see copiesFor) must cover. */
export function inputBytesOf(c: BenchCase): number {
  const written = c.kind === 'softmax' ? c.rows * c.cols : c.kind === 'attention' ? c.T * c.NH * c.HS : c.T * c.N;
  return bytesOf(c) - 4 * written;
}

/**
 * How many copies of a case's inputs the timed loop rotates through so that their total is at
 * least `coldBytes` (past the last-level cache: each call reads its weights from memory, as a
 * decode step does); 1 when measuring hot (coldBytes = 0).
 */
export function copiesFor(c: BenchCase, coldBytes: number): number {
  return Math.min(1024, Math.max(1, Math.ceil(coldBytes / inputBytesOf(c))));
}
