// CPU reference for the rope kernel family: rotary position embedding of q or k, per head.
// Returns a new array (the GPU kernel works in place or out of place); angles and rotation in float64.
// Contract: docs/KERNELS.md; tests: tests/reference/rope.test.ts.

export interface RopeOptions {
  T: number;
  NH: number; // heads in x (query or KV heads)
  HS: number;
  pos0: number; // position of row 0
  theta: number; // base, e.g. 10000
  /** 'interleaved' pairs (2i, 2i+1) as llama2.c and GGUF; 'half' pairs (i, i + rotaryDim/2) as Hugging Face. */
  layout: 'interleaved' | 'half';
  rotaryDim?: number; // leading dims rotated per head, default HS; the rest pass through
  /** Radians per position for each pair, replacing theta^(-2i/rotaryDim) (scaled RoPE). */
  invFreq?: ArrayLike<number>;
}

export function rope(x: Float32Array, o: RopeOptions): Float32Array {
  const { T, NH, HS, pos0, theta, layout } = o;
  const rotaryDim = o.rotaryDim ?? HS;
  if (x.length !== T * NH * HS) {
    throw new RangeError(`rope: x has ${x.length} elements, expected (T, NH, HS) = (${T}, ${NH}, ${HS})`);
  }
  if (rotaryDim % 2 !== 0 || rotaryDim <= 0 || rotaryDim > HS) {
    throw new RangeError(`rope: rotaryDim = ${rotaryDim} must be even and in (0, HS = ${HS}]`);
  }
  const half = rotaryDim / 2;
  const y = Float32Array.from(x); // (T, NH, HS)
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < half; i++) {
      const angle = (pos0 + t) * (o.invFreq ? o.invFreq[i] : Math.pow(theta, (-2 * i) / rotaryDim));
      const cos = Math.cos(angle);
      const sin = Math.sin(angle);
      const [a, b] = layout === 'interleaved' ? [2 * i, 2 * i + 1] : [i, i + half];
      for (let h = 0; h < NH; h++) {
        const off = (t * NH + h) * HS;
        const xa = x[off + a];
        const xb = x[off + b];
        y[off + a] = xa * cos - xb * sin;
        y[off + b] = xa * sin + xb * cos;
      }
    }
  }
  return y;
}
