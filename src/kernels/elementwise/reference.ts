// CPU reference for the elementwise kernel family: GELU (tanh form), SiLU, SwiGLU and add.
// Each op returns a new array; the scalar helpers (geluScalar, siluScalar) are shared with the
// matmul reference's fused epilogue, as the WGSL is through shaders/activations.ts.
// Contract: shader.ts and docs/KERNELS.md; hand-worked checks: reference.test.ts.

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/** GELU with the tanh approximation (GPT-2's `gelu_new`), in float64. */
export function geluScalar(v: number): number {
  return 0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v)));
}

/** SiLU (swish): v * sigmoid(v). */
export function siluScalar(v: number): number {
  return v / (1 + Math.exp(-v));
}

export function gelu(x: Float32Array): Float32Array {
  return x.map(geluScalar);
}

export function silu(x: Float32Array): Float32Array {
  return x.map(siluScalar);
}

/** silu(gate) * up, the gated MLP of Llama-style models. */
export function swiglu(gate: Float32Array, up: Float32Array): Float32Array {
  sameLength('swiglu', gate, up);
  const y = new Float32Array(gate.length);
  for (let i = 0; i < gate.length; i++) y[i] = siluScalar(gate[i]) * up[i];
  return y;
}

export function add(a: Float32Array, b: Float32Array): Float32Array {
  sameLength('add', a, b);
  const y = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) y[i] = a[i] + b[i];
  return y;
}

function sameLength(op: string, a: Float32Array, b: Float32Array): void {
  if (a.length !== b.length) {
    throw new RangeError(`${op}: inputs differ in length (${a.length} vs ${b.length}); expected the same shape`);
  }
}
