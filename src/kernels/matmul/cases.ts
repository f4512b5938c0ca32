// Matmul against reference.ts: both layouts, every epilogue flag, awkward T/K/N (vec4 and scalar
// pipelines), the GPU tiling forced on any adapter, and random shapes. Gemv (../gemv/cases.ts)
// reuses linearCase and randomLinearShapes.

import { compare, testSeed, withScratch, type KernelCase, type Tolerance } from '../../../tests/kernels/harness.js';
import { mulberry32, randomArray } from '../../../tests/support/random.js';
import type { Gpu } from '../../gpu/device.js';
import type { ProfileName } from '../../gpu/profile.js';
import type { LinearVariant } from '../linear.js';
import { Matmul } from './kernel.js';
import { matmul } from './reference.js';

export interface LinearShape {
  T: number;
  K: number;
  N: number;
  layout: 'nk' | 'kn';
  bias?: boolean;
  activation?: 'none' | 'gelu' | 'silu';
  residual?: boolean;
  /** Magnitude of x (w, bias and residual are in [-1, 1]). */
  scale?: number;
  profile?: ProfileName;
  subgroups?: boolean;
}

// Each output sums K products of magnitude <= scale in float32. The rounding error of such a sum
// is at most about eps * sum_k |partial sum_k| ~ 6e-8 * K^1.5 * scale / 5 in the worst case and
// ~6e-8 * K * scale / 4 typically; 1e-6 * K * scale covers the worst case up to K ~ 300 and stays
// far below a missing or doubled term (~scale / 4). rtol 1e-5 covers the f32 exp in GELU and SiLU.
// NMSE: a random-walk error over a sum of size sqrt(K/9) gives ~3e-15 K; a missing term gives ~1/K.
function tolerance(s: LinearShape): Tolerance {
  return { atol: 1e-6 * s.K * (s.scale ?? 1) + 1e-6, rtol: 1e-5, nmse: 1e-10 };
}

function nameOf(s: LinearShape): string {
  const flags = [
    s.layout,
    s.bias ? 'bias' : '',
    s.activation && s.activation !== 'none' ? s.activation : '',
    s.residual ? 'residual' : '',
    s.scale ? `scale=${s.scale}` : '',
    s.profile ? `profile=${s.profile}` : '',
    s.subgroups === undefined ? '' : `subgroups=${+s.subgroups}`,
  ];
  return `${s.T}x${s.K}x${s.N} ${flags.filter(Boolean).join(' ')}`;
}

/** What linearCase runs: Matmul or Gemv, which bind alike. */
export type LinearKernel = Pick<Matmul, 'bind'>;

/** A case of `kernel` (its name in the report), whose `create` builds the kernel for a variant. */
export function linearCase(kernel: string, create: (gpu: Gpu, v: LinearVariant) => Promise<LinearKernel>, s: LinearShape): KernelCase {
  return {
    kernel,
    name: nameOf(s),
    requires: s.subgroups ? 'subgroups' : undefined,
    run: (gpu) => withScratch(gpu, async (scratch) => {
      const seed = (s.T * 7919 + s.K) * 104729 + s.N;
      const x = randomArray(s.T * s.K, seed, s.scale ?? 1);
      const w = randomArray(s.K * s.N, seed + 1);
      const bias = s.bias ? randomArray(s.N, seed + 2) : undefined;
      const residual = s.residual ? randomArray(s.T * s.N, seed + 3) : undefined;
      const variant = { layout: s.layout, bias: s.bias, activation: s.activation, residual: s.residual, subgroups: s.subgroups, profile: s.profile };
      const k = await create(gpu, variant);
      const y = scratch.empty(s.T * s.N, 'y');
      const bound = k.bind({
        x: scratch.upload(x, 'x'),
        w: scratch.upload(w, 'w'),
        bias: bias && scratch.upload(bias, 'bias'),
        residual: residual && scratch.upload(residual, 'residual'),
        y,
      }, { T: s.T, K: s.K, N: s.N });
      const rec = gpu.recorder();
      bound.record(rec);
      rec.submit();
      const want = matmul(x, w, { T: s.T, K: s.K, N: s.N, layout: s.layout, bias, activation: s.activation, residual });
      return compare(await scratch.read(y, s.T * s.N), want, tolerance(s));
    }),
  };
}

/** count random shapes with T <= maxT, K and N <= 300, random layout and epilogue. */
export function randomLinearShapes(count: number, salt: number, maxT: number): LinearShape[] {
  const rnd = mulberry32(testSeed() ^ salt);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  return Array.from({ length: count }, () => ({
    T: 1 + Math.floor(rnd() * maxT),
    K: 1 + Math.floor(rnd() * 300),
    N: 1 + Math.floor(rnd() * 300),
    layout: pick<'nk' | 'kn'>(['nk', 'kn']),
    bias: rnd() < 0.5,
    activation: pick<'none' | 'gelu' | 'silu'>(['none', 'gelu', 'silu']),
    residual: rnd() < 0.5,
  }));
}

// Subgroups as the adapter offers them (the software profile then shares X rows by broadcast).
const fixed: LinearShape[] = [
  { T: 1, K: 1, N: 1, layout: 'nk' },
  { T: 3, K: 3, N: 3, layout: 'kn' },
  { T: 17, K: 17, N: 17, layout: 'nk', bias: true, activation: 'gelu' },
  { T: 64, K: 64, N: 64, layout: 'nk' },
  { T: 64, K: 64, N: 64, layout: 'kn', bias: true },
  { T: 65, K: 63, N: 65, layout: 'kn', bias: true, activation: 'silu', residual: true },
  { T: 64, K: 257, N: 63, layout: 'nk', residual: true },
  { T: 17, K: 65, N: 257, layout: 'kn', bias: true, activation: 'gelu', residual: true },
  { T: 65, K: 256, N: 68, layout: 'kn', bias: true, activation: 'silu' },
  { T: 3, K: 128, N: 257, layout: 'nk', activation: 'silu', residual: true },
  { T: 5, K: 65, N: 3, layout: 'nk', activation: 'gelu', scale: 8 },
];

// Subgroups forced off: X rows loaded by every lane.
const noSubgroups: LinearShape[] = [
  { T: 17, K: 17, N: 17, layout: 'nk', bias: true, activation: 'gelu', subgroups: false },
  { T: 65, K: 63, N: 65, layout: 'kn', bias: true, activation: 'silu', residual: true, subgroups: false },
  { T: 64, K: 256, N: 65, layout: 'nk', residual: true, subgroups: false },
  { T: 9, K: 64, N: 36, layout: 'kn', bias: true, subgroups: false },
];

// The GPU profile's staged 64x64 tiles: several tiles in M and N, K past one 16-deep slab, edges,
// vec4 and scalar. One variant per layout, because SwiftShader compiles each staged pipeline for
// seconds (its time grows with workgroup memory).
const gpuTiling: LinearShape[] = [
  { T: 70, K: 132, N: 130, layout: 'nk', bias: true, activation: 'gelu', residual: true, profile: 'gpu' },
  { T: 3, K: 17, N: 3, layout: 'nk', bias: true, activation: 'gelu', residual: true, profile: 'gpu' },
  { T: 65, K: 63, N: 65, layout: 'kn', bias: true, activation: 'silu', residual: true, profile: 'gpu' },
  { T: 17, K: 36, N: 136, layout: 'kn', bias: true, activation: 'silu', residual: true, profile: 'gpu' },
];

export const cases: KernelCase[] = [
  ...fixed,
  ...noSubgroups,
  ...gpuTiling,
  ...randomLinearShapes(3, 0x3a7e, 80),
].map((s) => linearCase('matmul', (gpu, v) => Matmul.create(gpu, v), s));
