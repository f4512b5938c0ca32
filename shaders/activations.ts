// WGSL for the activation functions, shared by the elementwise kernels and the matmul/gemv
// fused epilogue so both compute exactly the same GELU and SiLU, and their derivatives for the
// elementwise backward. Not a kernel by itself. Reference: src/kernels/elementwise/reference.ts
// (geluScalar, siluScalar, geluGradScalar, siluGradScalar).

export function activationFns(): string {
  return /* wgsl */ `
// GELU, tanh form, with 0.5 * (1 + tanh(u)) rewritten as 1 / (1 + exp(-2u)): no tanh of a large
// argument (NaN from inf/inf on some drivers, gpuweb issue 4458) and no cancellation in
// 1 + tanh(u) for negative u.
fn gelu(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v); // sqrt(2/pi) * (...)
  return v / (1.0 + exp(-2.0 * u));
}

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }
`;
}

/**
 * WGSL derivatives of gelu and silu above, for the elementwise backward: differentiated from the
 * forms above, with 1 - sigmoid written as sigmoid of the negated argument (no cancellation, and
 * 0 rather than NaN where exp overflows). The matmul epilogue does not include these.
 */
export function activationGradFns(): string {
  return /* wgsl */ `
// d/dv of v * s, s = sigmoid(2u), u = sqrt(2/pi) * (v + 0.044715 v^3): s + v * s * (1 - s) * 2 du/dv.
fn geluGrad(v: f32) -> f32 {
  let u = 0.7978845608028654 * (v + 0.044715 * v * v * v);
  let s = 1.0 / (1.0 + exp(-2.0 * u));
  let w = s / (1.0 + exp(2.0 * u)); // s * (1 - s)
  // w is exactly 0 once |u| > ~45 (|v| > ~10): the select keeps 0 * inf (v^2 overflowing) out.
  return s + select(0.0, w * v * 1.5957691216057308 * (1.0 + 0.134145 * v * v), w > 0.0);
}

// d/dv of v * s, s = sigmoid(v): s + v * s * (1 - s).
fn siluGrad(v: f32) -> f32 {
  let s = 1.0 / (1.0 + exp(-v));
  return s * (1.0 + v / (1.0 + exp(v)));
}
`;
}
