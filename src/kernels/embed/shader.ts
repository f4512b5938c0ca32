// Token embedding gather: y[t] = wte[ids[t]] (+ wpe[pos0 + t] with learned positions), one item per
// output element, and its backward: dwte rows summed per token id over a host-built index of rows
// by id, dwpe rows summed over the batch. Not RoPE, no sqrt(C) scaling. An id past the table yields
// a zero row instead of a read out of bounds. A table split across bindings (a vocabulary over the
// binding limit) runs one dispatch per slice, in order: each writes the rows whose ids are at or
// past its first. Flat indexing comes from shaders/flat.ts. Hosts: kernel.ts
// (forward), backward.ts; reference: reference.ts; cases: cases.ts.

import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';
import { flatIndex } from '../../../shaders/flat.js';
import { weightElementType, weightValue, type HalfDecode } from '../../../shaders/weights.js';
import type { WeightDType } from '../../quant/formats.js';
import { defineContract, type ParamValues } from '../contract.js';

export type EmbedShaderOptions = {
  /** Add learned positions wpe[pos0 + t] (GPT-2). */
  positions: boolean;
  /** Each thread visits its own contiguous run (software adapters) instead of a strided one (GPUs). */
  contiguous: boolean;
  /** wte's storage format (src/quant/formats.ts); block formats need whole blocks (C % 32 == 0, k-quants C % 256 == 0). */
  weights: WeightDType;
  /** How 16-bit weights are widened (shaders/weights.ts's halfDecode, by profile). */
  halves: HalfDecode;
};

/**
 * WGSL: flat indexing and a `main` over the elements i of a (rows, C) output, RUN per thread:
 * `rest` runs for each with its row, named `row` and below `rows`, and its column c.
 */
function eachElement(o: { contiguous: boolean }, row: string, rows: string, rest: string): string {
  return /* wgsl */ `
${flatIndex(o)}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var j = 0u; j < RUN; j++) {
    let i = flatIndex(wg, nwg, tid, j);
    let ${row} = i / p.C;
    if (${row} >= ${rows}) { return; }
    let c = i - ${row} * p.C;
    ${rest.trim()}
  }
}
`;
}

export const embedContract = defineContract({
  name: 'embed',
  params: {
    T: 'u32', C: 'u32', V: ['u32', 'rows in wte'], pos0: ['u32', 'position of ids[0]; used only with wpe'],
    first: ['u32', "the id of wte's first row: 0, or where a slice of a split table starts (rows with smaller ids are left alone)"],
  },
  bindings: [
    { name: 'ids', shape: '(T)', type: 'u32' },
    { name: 'wte', shape: '(V, C)', type: (o: EmbedShaderOptions) => weightElementType(o.weights, false) },
    { name: 'wpe', shape: '(P, C), P >= pos0 + T (checked by the host)', when: (o: EmbedShaderOptions) => o.positions },
    { name: 'y', shape: '(T, C)', write: true },
  ],
  body: (o: EmbedShaderOptions) => `${weightValue('wte', 'p.C', o.weights, o.halves)}
` + eachElement(o, 't', 'p.T', wgsl`
    if (ids[t] < p.first) { continue; } // an earlier slice's row
    let id = ids[t] - p.first;
    // The host cannot see ids on the GPU (a sampled token, say): a bad one gives a zero row (and
    // so does an id of a later slice, whose dispatch comes after).
    if (id >= p.V) { y[i] = 0.0; continue; }
#if ${o.positions}
    y[i] = wteValue(id, c) + wpe[(p.pos0 + t) * p.C + c];
#else
    y[i] = wteValue(id, c);
#endif
`),
});

/**
 * T token ids into rows of C from a table of V rows; pos0 is the position of ids[0] (used only
 * with wpe); first (default 0) the id of the table's first row when it is a slice of a larger one.
 */
export type EmbedShape = Omit<ParamValues<typeof embedContract.spec.params>, 'first'> & { first?: number };

export type EmbedBackwardShaderOptions = {
  /** dwte += (ids absent from the batch untouched); false: dwte = (every row written, zeros for absent ids). */
  accumulate: boolean;
  /** Each thread sums its own contiguous run of columns (software adapters) instead of a strided one (GPUs). */
  contiguous: boolean;
};

/**
 * dwte from dy: no float atomics, so each row of dwte has one owner. One workgroup per distinct id
 * (accumulate) or per vocabulary row (overwrite; it finds its id in the ascending `tokens` by binary
 * search); its threads split the C columns, each summing its columns over the id's rows in `order`.
 */
export const embedBackwardContract = defineContract({
  name: 'embed/backward',
  params: { distinct: ['u32', 'distinct ids in the batch'], rows: ['u32', 'rows of dy (B*T)'], C: 'u32', V: 'u32' },
  bindings: [
    { name: 'tokens', shape: '(distinct) ascending ids', type: 'u32' },
    { name: 'offsets', shape: '(distinct + 1): tokens[k] owns order[offsets[k]..offsets[k+1])', type: 'u32' },
    { name: 'order', shape: '(rows) rows of dy grouped by id', type: 'u32' },
    { name: 'dy', shape: '(rows, C)' },
    { name: 'dwte', shape: '(V, C)', write: true },
  ],
  body: (o: EmbedBackwardShaderOptions) => wgsl`
override THREADS: u32 = 64u;

#if ${!o.accumulate}
// The index k with tokens[k] == id, or p.distinct when id is not in the batch.
fn findToken(id: u32) -> u32 {
  var lo = 0u;
  var hi = p.distinct;
  while (lo < hi) {
    let mid = (lo + hi) / 2u;
    if (tokens[mid] < id) { lo = mid + 1u; } else { hi = mid; }
  }
  if (lo < p.distinct && tokens[lo] == id) { return lo; }
  return p.distinct;
}
#endif

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let w = wg.x + wg.y * nwg.x;
#if ${o.accumulate}
  if (w >= p.distinct) { return; }
  let k = w;
  let id = tokens[k];
  if (id >= p.V) { return; } // the host builds the index from checked ids; never write out of bounds
#else
  if (w >= p.V) { return; }
  let id = w;
  let k = findToken(id);
#endif
  var first = 0u; // an id not in the batch sums no rows: its row of dwte is zero
  var last = 0u;
  if (k < p.distinct) { first = offsets[k]; last = offsets[k + 1u]; }
#if ${o.contiguous}
  let run = (p.C + THREADS - 1u) / THREADS;
  let c0 = tid * run;
  let cEnd = min(p.C, c0 + run);
  let stride = 1u;
#else
  let c0 = tid;
  let cEnd = p.C;
  let stride = THREADS;
#endif
  for (var c = c0; c < cEnd; c += stride) {
    var sum = 0.0;
    for (var r = first; r < last; r++) { sum += dy[order[r] * p.C + c]; }
#if ${o.accumulate}
    dwte[id * p.C + c] += sum;
#else
    dwte[id * p.C + c] = sum;
#endif
  }
}
`,
});

/** distinct ids over rows of dy (B*T), width C, vocabulary V. */
export type EmbedBackwardShape = ParamValues<typeof embedBackwardContract.spec.params>;

export type PositionBackwardShaderOptions = EmbedBackwardShaderOptions;

/**
 * dwpe from dy: one item per element of dwpe, so each has one owner; position pos0 + t sums row t
 * of every sequence of the batch (rows b*T + t), in b order.
 */
export const positionBackwardContract = defineContract({
  name: 'embed/backward-positions',
  params: { B: ['u32', 'sequences in the batch'], T: ['u32', 'rows per sequence'], C: 'u32', maxPos: ['u32', 'rows of dwpe'], pos0: ['u32', 'position of row 0 of each sequence'] },
  bindings: [
    { name: 'dy', shape: '(B*T, C)' },
    { name: 'dwpe', shape: '(maxPos, C), maxPos >= pos0 + T (checked by the host)', write: true },
  ],
  body: (o: PositionBackwardShaderOptions) => eachElement(o, 'pos', 'p.maxPos', wgsl`
    let used = pos >= p.pos0 && pos - p.pos0 < p.T;
#if ${o.accumulate}
    if (!used) { continue; } // positions outside the batch keep their gradient
#endif
    var sum = 0.0;
    if (used) {
      for (var b = 0u; b < p.B; b++) { sum += dy[((b * p.T) + pos - p.pos0) * p.C + c]; }
    }
#if ${o.accumulate}
    dwpe[i] += sum;
#else
    dwpe[i] = sum;
#endif
`),
});

/** B sequences of T rows of width C at positions pos0..pos0+T-1, into maxPos rows of dwpe. */
export type PositionBackwardShape = ParamValues<typeof positionBackwardContract.spec.params>;
