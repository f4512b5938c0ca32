// CPU reference for the softmax lab kernel: row softmax of scale*x, max subtracted, float64.
// Not the attention softmax (that lives in the attention reference); masked entries come out as 0.
// Contract: shader.ts (SoftmaxShape) and docs/KERNELS.md; hand-worked checks: reference.test.ts.

import type { SoftmaxShape } from './shader.js';

export interface SoftmaxOptions extends SoftmaxShape {
  /** Mask column c of row r when c > r + (cols - rows): the last row sees every column. */
  causal?: boolean;
}

export function softmax(x: Float32Array, o: SoftmaxOptions): Float32Array {
  const { rows, cols } = o;
  const scale = o.scale ?? 1;
  if (x.length !== rows * cols) {
    throw new RangeError(`softmax: x has ${x.length} elements, expected (rows, cols) = (${rows}, ${cols})`);
  }
  const y = new Float32Array(rows * cols); // (rows, cols)
  for (let r = 0; r < rows; r++) {
    // Columns 0..visible-1 take part; with rows > cols the first rows see nothing and stay 0.
    const visible = o.causal ? Math.min(cols, Math.max(0, r + (cols - rows) + 1)) : cols;
    const row = r * cols;
    let max = -Infinity;
    for (let c = 0; c < visible; c++) max = Math.max(max, scale * x[row + c]);
    let sum = 0;
    for (let c = 0; c < visible; c++) sum += Math.exp(scale * x[row + c] - max);
    for (let c = 0; c < visible; c++) y[row + c] = Math.exp(scale * x[row + c] - max) / sum;
  }
  return y;
}
