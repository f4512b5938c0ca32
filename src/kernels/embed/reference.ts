// CPU reference for the embed kernel family: token rows of wte plus optional learned positions.
// Not RoPE (the rope family) and no scaling by sqrt(C); out-of-range ids throw instead of reading
// garbage (the GPU kernel writes a zero row). Contract: shader.ts (EmbedShape) and docs/KERNELS.md;
// hand-worked checks: reference.test.ts.

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
