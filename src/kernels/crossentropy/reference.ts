// CPU reference for the cross-entropy family: softmax cross-entropy of rows of logits against
// target ids, with the gradient of the (scaled) summed loss. Float64 throughout, max subtracted.
// Not a sampler and no label smoothing or ignored targets. Contract: shader.ts (CrossEntropyShape);
// checks (hand-worked, and dlogits against finite differences of loss): reference.test.ts.

import type { CrossEntropyShape } from './shader.js';

export type CrossEntropyOptions = CrossEntropyShape;

export interface CrossEntropyResult {
  /** mean(rowLoss), in float64. */
  loss: number;
  /** (rows) logsumexp(row) - row[target]. */
  rowLoss: Float32Array;
  /** (rows, V) (softmax(row) - onehot(target)) * scale: the gradient of scale * sum(rowLoss). */
  dlogits: Float32Array;
}

export function crossEntropy(logits: Float32Array, targets: Uint32Array | Int32Array | number[], o: CrossEntropyOptions): CrossEntropyResult {
  const { rows, V } = o;
  const scale = o.scale ?? 1 / rows;
  if (logits.length !== rows * V) throw new RangeError(`cross-entropy: logits has ${logits.length} elements, expected (rows, V) = (${rows}, ${V})`);
  if (targets.length !== rows) throw new RangeError(`cross-entropy: targets has ${targets.length} entries, expected (rows) = (${rows})`);
  const rowLoss = new Float32Array(rows);
  const dlogits = new Float32Array(rows * V);
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const target = targets[r];
    if (!Number.isInteger(target) || target < 0 || target >= V) {
      throw new RangeError(`cross-entropy: target ${target} at row ${r} is outside the vocabulary [0, ${V})`);
    }
    const row = logits.subarray(r * V, (r + 1) * V);
    let max = -Infinity;
    for (let c = 0; c < V; c++) max = Math.max(max, row[c]);
    let sum = 0;
    for (let c = 0; c < V; c++) sum += Math.exp(row[c] - max);
    const loss = max + Math.log(sum) - row[target];
    rowLoss[r] = loss;
    total += loss;
    for (let c = 0; c < V; c++) dlogits[r * V + c] = (Math.exp(row[c] - max) / sum - (c === target ? 1 : 0)) * scale;
  }
  return { loss: total / rows, rowLoss, dlogits };
}
