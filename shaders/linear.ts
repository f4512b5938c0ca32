// Shared WGSL for the linear kernels Y = act(X W^T + bias) + residual (matmul, many rows; gemv,
// one row): the storage bindings x, w, bias?, residual?, y, the loaders of 4 consecutive x and w
// elements (vec4 or scalar reads; the matmul backward's A^T B program loads its rows with them
// too) and the fused epilogue. Not a kernel by itself; each family's contract
// (src/kernels/matmul/shader.ts, src/kernels/gemv/shader.ts) declares the params T, K, N (read
// here as p.T, p.K, p.N, p.ldy) and its own `groups`.

import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';
import type { BindingSpec } from '../src/kernels/contract.js';
import type { WeightDType } from '../src/quant/formats.js';
import { activationFns } from './activations.js';
import { weightElementType, weightRowLoaders, type HalfDecode } from './weights.js';

export const ACTIVATIONS = ['none', 'gelu', 'silu'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/** 'nk': w is (N, K) (PyTorch Linear, llama2.c); 'kn': w is (K, N) (GPT-2 Conv1D). */
export const LAYOUTS = ['nk', 'kn'] as const;

export type LinearIoOptions = {
  layout: (typeof LAYOUTS)[number];
  bias: boolean;
  activation: Activation;
  /** Add residual (T, N) after the activation. */
  residual: boolean;
  /** Read x and w as vec4 arrays: needs K % 4 == 0, and N % 4 == 0 for 'kn'. */
  vec4: boolean;
  /** w's storage format (shaders/weights.ts); block formats only in 'nk' with K % 32 == 0. */
  weights: WeightDType;
  /** How 16-bit weights are widened (shaders/weights.ts's halfDecode, by profile). */
  halves: HalfDecode;
};

/** The element type of an f32 row array read with the program's load width (x; gemv's gamma and beta). */
export const elementType = (o: LinearIoOptions) => (o.vec4 ? 'vec4<f32>' : 'f32');
/** The element type of w's storage array (also gemv's second weight). */
export const wType = (o: LinearIoOptions) => weightElementType(o.weights, o.vec4);

/**
 * The storage bindings of both linear contracts, in order: x, w, bias?, residual?, y. x and w are
 * vec4 arrays in vec4 programs (shapes in values: (T, K) is T rows of K/4 vec4); w in another
 * format is packed words (shaders/weights.ts).
 */
export const linearBindings: ReadonlyArray<BindingSpec<LinearIoOptions>> = [
  { name: 'x', shape: '(T, K)', type: elementType },
  { name: 'w', shape: '(N, K)', type: wType, when: (o) => o.layout === 'nk' },
  { name: 'w', shape: '(K, N)', type: wType, when: (o) => o.layout === 'kn' },
  { name: 'bias', shape: '(N)', when: (o) => o.bias },
  { name: 'residual', shape: '(T, N), rows ldy apart', when: (o) => o.residual },
  { name: 'y', shape: '(T, N), rows ldy apart', write: true },
];

/**
 * Loaders and the fused epilogue, after the header of linearBindings:
 *   xStart(row), xLoad(start, c4): x[row, 4c4 .. 4c4+3]; the start is hoisted out of k loops.
 *     vec4: c4 must be < K/4 (no check); scalar: zero past K.
 *   xAt(row, c4): the same for any c4, zero past K. row must be < T.
 *   wStart, wLoad, wAt: likewise for w's stored rows (n for 'nk', k for 'kn'), zero past the row,
 *     dequantized from o.weights' format.
 *   finish4(row, n0, dn, v): y[row, n0 + j*dn] = act(v[j] + bias) + residual for j < 4, in bounds;
 *     y's and residual's rows are p.ldy apart (N, or wider when they are columns of a larger
 *     matrix: the outputs of a weight split across bindings).
 */
export function linearIo(o: LinearIoOptions): string {
  const wRow = o.layout === 'nk' ? 'p.K' : 'p.N';
  return wgsl`${rowLoaders('x', 'p.K', o.vec4)}
${weightRowLoaders('w', wRow, o.vec4, o.weights, o.halves)}

${activationFns()}

fn activate(v: f32) -> f32 {
#if ${o.activation === 'gelu'}
  return gelu(v);
#elif ${o.activation === 'silu'}
  return silu(v);
#else
  return v;
#endif
}

fn finish4(row: u32, n0: u32, dn: u32, v: vec4<f32>) {
  if (row >= p.T) { return; }
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j * dn;
    if (n < p.N) {
      var s = v[j];
#if ${o.bias}
      s += bias[n];
#endif
      s = activate(s);
#if ${o.residual}
      s += residual[row * p.ldy + n];
#endif
      y[row * p.ldy + n] = s;
    }
  }
}
`;
}

/**
 * Loaders of 4 consecutive elements of the row-major f32 storage array `name` with rows of `len`
 * floats (also the matmul backward's a and b): nameStart(row), nameLoad(start, c4) and
 * nameAt(row, c4), as described for x at linearIo.
 */
export function rowLoaders(name: string, len: string, vec4: boolean): string {
  return weightRowLoaders(name, len, vec4, 'f32', 'unpack'); // f32: no halves to widen
}
