// The benchmark cases: transformer-shaped kernel calls (GPT-2 small widths, the decode vocabulary
// heads of real checkpoints, small-K GEMV in both layouts), with the FLOP and
// byte counts every throughput figure is computed from; GEMV also with f16, q8_0, q4_0 and k-quant weights.
// Data only; measuring is in measure.ts (our kernels) and tfjs.ts (TensorFlow.js); the drivers
// are kernels.ts and run.ts.

import { storedBytes, type WeightDType } from '../src/quant/formats.js';

export type BenchCase =
  | {
    kind: 'gemv' | 'matmul'; name: string; T: number; K: number; N: number; layout: 'nk' | 'kn'; /** default f32 */ weights?: WeightDType;
    /** gemv: the norm prologue a decode step runs before the projection (gamma, and beta for 'layer', are read too) */
    norm?: 'rms' | 'layer';
  }
  | { kind: 'attention'; name: string; T: number; S: number; NH: number; NKV: number; HS: number }
  | { kind: 'softmax'; name: string; rows: number; cols: number };

export const benchCases: BenchCase[] = [
  { kind: 'gemv', name: 'gemv 1x768x768 nk', T: 1, K: 768, N: 768, layout: 'nk' },
  { kind: 'gemv', name: 'gemv 1x768x3072 nk', T: 1, K: 768, N: 3072, layout: 'nk' },
  // GPT-2-124M's MLP up as its checkpoint lays it out ([in, out]), which f16 keeps.
  ...([undefined, 'f16'] as const).map((weights): BenchCase => ({ kind: 'gemv', name: `gemv 1x768x3072 kn${weights ? ` ${weights}` : ''} (GPT-2 MLP up)`, T: 1, K: 768, N: 3072, layout: 'kn', weights })),
  // GPT-2-124M's MLP down: rows of 3072, which lanes share on a CPU adapter.
  ...([undefined, 'q4_0'] as const).map((weights): BenchCase => ({ kind: 'gemv', name: `gemv 1x3072x768 nk${weights ? ` ${weights}` : ''} (GPT-2 MLP down)`, T: 1, K: 3072, N: 768, layout: 'nk', weights })),
  // Decode heads (tied embeddings: 'nk', one row per token). Qwen2.5-0.5B's is 544 MB and
  // Llama-3.2-1B's 1.05 GB in f32: at or past many adapters' storage binding limit.
  ...([
    [256, 50257, 'GPT-2 4x256 head'],
    [768, 50257, 'GPT-2 head'],
    [576, 49152, 'SmolLM2-135M head'],
    [896, 151936, 'Qwen2.5-0.5B head'],
    [2048, 128256, 'Llama-3.2-1B head'],
  ] as const).map(([K, N, model]): BenchCase => ({ kind: 'gemv', name: `gemv 1x${K}x${N} nk (${model})`, T: 1, K, N, layout: 'nk' })),
  // The same heads with 16-bit and block-quantized weights.
  ...([[256, 'GPT-2 4x256 head'], [768, 'GPT-2 head']] as const).flatMap(([K, model]) => (['f16', 'q8_0', 'q4_0', 'q4_K', 'q5_K', 'q6_K'] as const).map((weights): BenchCase => ({
    kind: 'gemv', name: `gemv 1x${K}x50257 nk ${weights} (${model})`, T: 1, K, N: 50257, layout: 'nk', weights,
  }))),
  ...(['q4_0', 'q4_K', 'q5_K', 'q6_K'] as const).map((weights): BenchCase => ({
    kind: 'gemv', name: `gemv 1x2048x128256 nk ${weights} (Llama-3.2-1B head)`, T: 1, K: 2048, N: 128256, layout: 'nk', weights,
  })),
  // The GPT-2 heads as a decode step runs them: the final LayerNorm in the GEMV's prologue.
  ...([[256, 'GPT-2 4x256 head'], [768, 'GPT-2 head']] as const).map(([K, model]): BenchCase => ({
    kind: 'gemv', name: `gemv 1x${K}x50257 nk layernorm prologue (${model} as decode runs it)`, T: 1, K, N: 50257, layout: 'nk', norm: 'layer',
  })),
  // Small K, where a row of W is too short to keep many lanes busy.
  ...[64, 128, 256].flatMap((K) => (['nk', 'kn'] as const).map((layout): BenchCase => ({
    kind: 'gemv', name: `gemv 1x${K}x16384 ${layout}`, T: 1, K, N: 16384, layout,
  }))),
  { kind: 'matmul', name: 'matmul 64x768x768 nk', T: 64, K: 768, N: 768, layout: 'nk' },
  { kind: 'matmul', name: 'matmul 64x768x768 kn', T: 64, K: 768, N: 768, layout: 'kn' },
  { kind: 'matmul', name: 'matmul 64x768x3072 nk', T: 64, K: 768, N: 3072, layout: 'nk' },
  { kind: 'attention', name: 'attention decode S=256', T: 1, S: 256, NH: 12, NKV: 12, HS: 64 },
  // Prefill's causal attention: a GPT-2-124M prompt of 128 tokens, and a GQA one (Llama-3.2-1B's heads).
  { kind: 'attention', name: 'attention prefill T=S=128', T: 128, S: 128, NH: 12, NKV: 12, HS: 64 },
  { kind: 'attention', name: 'attention prefill T=S=128 GQA 32/8 HS=64', T: 128, S: 128, NH: 32, NKV: 8, HS: 64 },
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
      // w (as stored) + x + y, and a norm prologue's gamma (and beta)
      return storedBytes(c.weights ?? 'f32', c.N * c.K, c.K) + 4 * (c.T * c.K + c.T * c.N) + 4 * c.K * (c.kind === 'gemv' && c.norm ? (c.norm === 'layer' ? 2 : 1) : 0);
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
