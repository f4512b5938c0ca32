// Shared WGSL for rotary position embedding: the trigonometry of the rotation angle, the turn of
// one pair, and which elements pair up in each layout. Used by the kvcache kernels
// (src/kernels/kvcache/shader.ts), which apply RoPE to q and k while they split qkv (and turn the
// gradients back in the backward), and by gemv's qkvCache epilogue (src/kernels/gemv/shader.ts),
// which turns decode's q and k as it writes them; each pair's frequency comes in turns from a
// buffer the host computes (src/model/rope-frequencies.ts). Not a kernel by itself; the float64
// reference is rope() in src/kernels/kvcache/reference.ts.

/**
 * sinCosTurns(turns): (sin, cos) of 2*pi*turns, for an angle given in turns (fractions of a full
 * rotation), so that the reduction to one turn is exact; ropeTurn(a, b, second, turns): element
 * a' (second: b') of the pair (a, b) turned by 2*pi*turns. Negating turns gives exactly the
 * inverse turn: the reduction and the polynomials are odd/even in the angle.
 */
export function ropeTrig(): string {
  return /* wgsl */ `
const TWO_PI = 6.283185307179586;

// (sin, cos) of 2*pi*turns to a few ULP for any turns: an exact reduction to [-1/8, 1/8] turn
// plus a quadrant, then Taylor polynomials on [-pi/4, pi/4]. WGSL's own sin/cos only promise
// 2^-11 absolute inside [-pi, pi] (SwiftShader is off by ~1.5e-4 there).
fn sinCosTurns(turns: f32) -> vec2<f32> {
  let r = turns - round(turns); // [-1/2, 1/2]
  let q = round(4.0 * r);       // quadrant -2..2
  let a = TWO_PI * (r - 0.25 * q);
  let a2 = a * a;
  let s = a * (1.0 + a2 * (-1.0 / 6.0 + a2 * (1.0 / 120.0 + a2 * (-1.0 / 5040.0 + a2 * (1.0 / 362880.0)))));
  let c = 1.0 + a2 * (-0.5 + a2 * (1.0 / 24.0 + a2 * (-1.0 / 720.0 + a2 * (1.0 / 40320.0 + a2 * (-1.0 / 3628800.0)))));
  switch (u32(i32(q) + 4) % 4u) {
    case 0u: { return vec2(s, c); }
    case 1u: { return vec2(c, -s); }
    case 2u: { return vec2(-s, -c); }
    default: { return vec2(-c, s); }
  }
}

// (a cos - b sin) or, for the pair's second element, (a sin + b cos), at angle 2*pi*turns.
fn ropeTurn(a: f32, b: f32, second: bool, turns: f32) -> f32 {
  let sc = sinCosTurns(turns);
  return select(a * sc.y - b * sc.x, a * sc.x + b * sc.y, second);
}
`;
}

/**
 * ropePair(i, rotaryDim) for element i < rotaryDim of a head row: (pair index, offset of the
 * pair's first element, offset of its second). 'interleaved' pairs (2i, 2i+1) as llama2.c and
 * GGUF; 'half' pairs (i, i + rotaryDim/2) as Hugging Face.
 */
export function ropePair(layout: 'interleaved' | 'half'): string {
  const body = layout === 'interleaved'
    ? 'let pair = i / 2u;\n  return vec3(pair, 2u * pair, 2u * pair + 1u);'
    : 'let half = rotaryDim / 2u;\n  let pair = i % half;\n  return vec3(pair, pair, pair + half);';
  return /* wgsl */ `
fn ropePair(i: u32, rotaryDim: u32) -> vec3<u32> {
  ${body}
}
`;
}
