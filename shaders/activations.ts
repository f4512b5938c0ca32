// WGSL for the activation functions, shared by the elementwise kernels and the matmul/gemv
// fused epilogue so both compute exactly the same GELU and SiLU. Not a kernel by itself.
// Reference: src/kernels/elementwise/reference.ts (geluScalar, siluScalar).

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
