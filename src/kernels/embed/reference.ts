// CPU reference for the embed kernel family: token rows of wte plus optional learned positions,
// and the backward (dy summed into the rows of wte by id and of wpe by position). Not RoPE (the
// rope family) and no scaling by sqrt(C); out-of-range ids throw instead of reading garbage (the
// GPU kernel writes a zero row). Contract: shader.ts (EmbedShape) and docs/KERNELS.md; checks
// (hand-worked, and the backward against finite differences of embed): reference.test.ts.

import type { EmbedShape } from './shader.js';

/** The kernel's shape (T, C, V), with wpe given as an array and pos0 optional. */
export interface EmbedOptions extends Omit<EmbedShape, 'pos0'> {
  wpe?: Float32Array; // (P, C) learned positions, GPT-2 style
  pos0?: number; // position of ids[0], default 0
}

export function embed(ids: Uint32Array | Int32Array | number[], wte: Float32Array, o: EmbedOptions): Float32Array {
  const { T, C, V, wpe } = o;
  const pos0 = o.pos0 ?? 0;
  if (ids.length !== T) throw new RangeError(`embed: ids has ${ids.length} entries, expected (T) = (${T})`);
  if (wte.length !== V * C) throw new RangeError(`embed: wte has ${wte.length} elements, expected (V, C) = (${V}, ${C})`);
  if (wpe) {
    if (wpe.length % C !== 0) throw new RangeError(`embed: wpe has ${wpe.length} elements, expected (P, C) with C = ${C}`);
    const P = wpe.length / C;
    if (pos0 < 0 || pos0 + T > P) {
      throw new RangeError(`embed: positions ${pos0}..${pos0 + T - 1} exceed wpe's ${P} rows`);
    }
  }
  const y = new Float32Array(T * C); // (T, C)
  for (let t = 0; t < T; t++) {
    const id = ids[t];
    if (!Number.isInteger(id) || id < 0 || id >= V) {
      throw new RangeError(`embed: token id ${id} at t = ${t} is outside the vocabulary [0, ${V})`);
    }
    for (let c = 0; c < C; c++) {
      const pos = wpe ? wpe[(pos0 + t) * C + c] : 0;
      y[t * C + c] = wte[id * C + c] + pos;
    }
  }
  return y;
}

export interface EmbedBackwardOptions {
  /** Rows per sequence: row r of the batch sits at position pos0 + r % T. */
  T: number;
  C: number;
  V: number;
  /** Sequences in the batch (default 1): ids hold B*T entries and dy (B*T, C). */
  B?: number;
  /** Learned positions: dwpe gets maxPos rows. */
  wpe?: { maxPos: number };
  pos0?: number;
}

/**
 * Gradients of y = embed(ids, wte, {wpe, pos0}) over a batch of B sequences, given dy = dL/dy:
 * dwte (V, C) sums dy's rows by token id and dwpe (maxPos, C) by position; rows no token or
 * position reaches are zero.
 */
export function embedBackward(
  ids: Uint32Array | Int32Array | number[],
  dy: Float32Array,
  o: EmbedBackwardOptions,
): { dwte: Float32Array; dwpe?: Float32Array } {
  const { T, C, V } = o;
  const B = o.B ?? 1;
  const pos0 = o.pos0 ?? 0;
  const rows = B * T;
  if (ids.length !== rows) throw new RangeError(`embed backward: ids has ${ids.length} entries, expected (B*T) = (${rows})`);
  if (dy.length !== rows * C) throw new RangeError(`embed backward: dy has ${dy.length} elements, expected (B*T, C) = (${rows}, ${C})`);
  if (o.wpe && (pos0 < 0 || pos0 + T > o.wpe.maxPos)) {
    throw new RangeError(`embed backward: positions ${pos0}..${pos0 + T - 1} exceed wpe's ${o.wpe.maxPos} rows`);
  }
  const dwte = new Float64Array(V * C);
  const dwpe = o.wpe ? new Float64Array(o.wpe.maxPos * C) : undefined;
  for (let r = 0; r < rows; r++) {
    const id = ids[r];
    if (!Number.isInteger(id) || id < 0 || id >= V) {
      throw new RangeError(`embed backward: token id ${id} at row ${r} is outside the vocabulary [0, ${V})`);
    }
    const pos = pos0 + (r % T);
    for (let c = 0; c < C; c++) {
      dwte[id * C + c] += dy[r * C + c];
      if (dwpe) dwpe[pos * C + c] += dy[r * C + c];
    }
  }
  return { dwte: Float32Array.from(dwte), dwpe: dwpe && Float32Array.from(dwpe) };
}
