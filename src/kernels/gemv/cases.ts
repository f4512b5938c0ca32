// Gemv against ../matmul/reference.ts: both layouts and epilogues on awkward K/N, one and a few
// rows, the subgroup and the workgroup-memory reduction, the GPU profile's 256-lane layout. The
// case builder, tolerances and random shapes are matmul's (../matmul/cases.ts).

import type { KernelCase } from '../../../tests/kernels/harness.js';
import { linearCase, randomLinearShapes, type LinearShape } from '../matmul/cases.js';
import { Gemv } from './kernel.js';

// 'nk' reduces across the workgroup: each shape runs with subgroupAdd (where the adapter has
// subgroups) and with the workgroup-memory tree. 'kn' never uses subgroups.
const nk: LinearShape[] = [
  { T: 1, K: 1, N: 1, layout: 'nk' },
  { T: 1, K: 17, N: 17, layout: 'nk', bias: true, activation: 'gelu' },
  { T: 1, K: 65, N: 63, layout: 'nk', bias: true, residual: true },
  { T: 1, K: 256, N: 257, layout: 'nk', activation: 'gelu' },
  { T: 3, K: 64, N: 257, layout: 'nk', bias: true, activation: 'silu' },
  { T: 1, K: 770, N: 65, layout: 'nk', residual: true, profile: 'gpu' },
  { T: 2, K: 256, N: 3, layout: 'nk', residual: true, profile: 'gpu' },
];

const kn: LinearShape[] = [
  { T: 1, K: 3, N: 3, layout: 'kn' },
  { T: 1, K: 63, N: 65, layout: 'kn', activation: 'silu', residual: true },
  { T: 1, K: 257, N: 257, layout: 'kn', bias: true },
  { T: 1, K: 256, N: 260, layout: 'kn', activation: 'silu', residual: true },
  { T: 3, K: 65, N: 17, layout: 'kn', bias: true, activation: 'gelu' },
  { T: 2, K: 257, N: 130, layout: 'kn', bias: true, residual: true, profile: 'gpu' },
  { T: 1, K: 64, N: 36, layout: 'kn', bias: true, residual: true, profile: 'gpu' },
];

const random = randomLinearShapes(3, 0x6e7b, 4).map((s) => ({ ...s, subgroups: false }));

export const cases: KernelCase[] = [
  ...nk.flatMap((s) => [{ ...s, subgroups: true }, { ...s, subgroups: false }]),
  ...kn.map((s) => ({ ...s, subgroups: false })),
  ...random,
].map((s) => linearCase('gemv', (gpu, v) => Gemv.create(gpu, v), s));
