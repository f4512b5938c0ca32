// CPU reference for the elementwise kernel family: GELU (tanh form), SiLU, SwiGLU and add, and the
// backward of the three activations. Each op returns new arrays; the scalar helpers (geluScalar,
// siluScalar) are shared with the matmul reference's fused epilogue, as the WGSL is through
// shaders/activations.ts. Contract: shader.ts and docs/KERNELS.md; checks: reference.test.ts.

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/** GELU with the tanh approximation (GPT-2's `gelu_new`), in float64. */
export function geluScalar(v: number): number {
  return 0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v)));
}

/** SiLU (swish): v * sigmoid(v). */
export function siluScalar(v: number): number {
  return v / (1 + Math.exp(-v));
}

/** d/dv of geluScalar: 0.5 (1 + tanh u) + 0.5 v (1 - tanh^2 u) du/dv, u = sqrt(2/pi) (v + 0.044715 v^3). */
export function geluGradScalar(v: number): number {
  const t = Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v));
  return 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * SQRT_2_OVER_PI * (1 + 3 * 0.044715 * v * v);
}

/** d/dv of siluScalar: s (1 + v (1 - s)), s = sigmoid(v). */
export function siluGradScalar(v: number): number {
  const s = 1 / (1 + Math.exp(-v));
  return s * (1 + v * (1 - s));
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

export interface SwigluGrads {
  dgate: Float32Array;
  dup: Float32Array;
}

/** dx = dy * gelu'(x). */
export function geluBackward(x: Float32Array, dy: Float32Array): Float32Array {
  sameLength('geluBackward', x, dy);
  return x.map((v, i) => dy[i] * geluGradScalar(v));
}

/** dx = dy * silu'(x). */
export function siluBackward(x: Float32Array, dy: Float32Array): Float32Array {
  sameLength('siluBackward', x, dy);
  return x.map((v, i) => dy[i] * siluGradScalar(v));
}

/** Gradients of sum(dy * silu(gate) * up): dgate = dy * up * silu'(gate), dup = dy * silu(gate). */
export function swigluBackward(gate: Float32Array, up: Float32Array, dy: Float32Array): SwigluGrads {
  sameLength('swigluBackward', gate, up);
  sameLength('swigluBackward', gate, dy);
  return {
    dgate: gate.map((g, i) => dy[i] * up[i] * siluGradScalar(g)),
    dup: gate.map((g, i) => dy[i] * siluScalar(g)),
  };
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
