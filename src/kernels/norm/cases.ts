// LayerNorm and RMSNorm against reference.ts: awkward widths and row counts, rows with a
// large mean (where a one-pass variance would cancel), tiny rows where eps matters, a row count
// past the 65535-workgroup limit, and random shapes; all but that row count under both tuning
// tables (the GPU table's 256-thread strided reduction also runs on SwiftShader).

import { compare, testSeed, withScratch, type KernelCase, type Tolerance } from '../../../tests/kernels/harness.js';
import { mulberry32, randomArray } from '../../../tests/support/random.js';
import type { ProfileName } from '../../gpu/profile.js';
import { Norm, type NormKind } from './kernel.js';
import { layernorm, rmsnorm } from './reference.js';

// Outputs are O(1) (|z| <= sqrt(C), times gamma in [0.5, 1.5]). Float32 sums over C <= 1000
// (mean, squared deviations), a sqrt and a divide leave a few ULP (~5e-7 seen on SwiftShader) on
// each output; the atol covers outputs near zero, whose error scales with the row, not the output.
const TOL: Tolerance = { atol: 5e-6, rtol: 5e-6, nmse: 1e-12 };
// Rows with mean 100 and spread 1: each x holds only ~2^-17 of absolute precision and the float32
// mean is off by a few of those (2e-5 seen), which shifts every (x - mean); a one-pass
// E[x^2] - mean^2 variance would lose ~1e-2 here and fail.
const OFFSET_TOL: Tolerance = { atol: 1e-4, rtol: 1e-5, nmse: 1e-9 };

interface Shape { kind: NormKind; rows: number; C: number; eps: number; offset?: number; scale?: number; }

function normCase(s: Shape, profile: ProfileName, tol: Tolerance = TOL): KernelCase {
  const extra = `${s.offset ? ` mean=${s.offset}` : ''}${s.scale ? ` scale=${s.scale}` : ''}`;
  return {
    kernel: 'norm',
    name: `${s.kind} ${s.rows}x${s.C} eps=${s.eps.toExponential()}${extra} profile=${profile}`,
    run: (gpu) => withScratch(gpu, async (scratch) => {
      const x = randomArray(s.rows * s.C, s.rows * 7919 + s.C, s.scale ?? 2).map((v) => v + (s.offset ?? 0));
      const gamma = randomArray(s.C, s.C + 11, 0.5).map((v) => v + 1); // in [0.5, 1.5]: never zeroes a column
      const beta = randomArray(s.C, s.C + 13, 0.5);
      const kernel = await Norm.create(gpu, { kind: s.kind, profile });
      const yb = scratch.empty(x.length, 'y');
      const rec = gpu.recorder();
      const bufs = { x: scratch.upload(x, 'x'), gamma: scratch.upload(gamma, 'gamma'), y: yb };
      const layer = s.kind === 'layer';
      kernel.bind(layer ? { ...bufs, beta: scratch.upload(beta, 'beta') } : bufs, s).record(rec);
      rec.submit();
      const want = layer ? layernorm(x, gamma, beta, s) : rmsnorm(x, gamma, s);
      return compare(await scratch.read(yb, x.length), want, tol);
    }),
  };
}

const widths: Array<[rows: number, C: number]> = [[1, 1], [3, 3], [17, 17], [1, 63], [3, 65], [17, 257], [3, 768]];

function randomShapes(count: number): Shape[] {
  const rnd = mulberry32(testSeed() ^ 0x0e0a);
  return Array.from({ length: count }, () => ({
    kind: rnd() < 0.5 ? 'layer' : 'rms',
    rows: 1 + Math.floor(rnd() * 20),
    C: 1 + Math.floor(rnd() * 1000),
    eps: 1e-5,
  }));
}

const profiles: ProfileName[] = ['software', 'gpu'];

// Both tables on every adapter: one of them is the adapter's own.
export const cases: KernelCase[] = profiles.flatMap((profile) => [
  ...(['layer', 'rms'] as const).flatMap((kind) => widths.map(([rows, C]) => normCase({ kind, rows, C, eps: 1e-5 }, profile))),
  normCase({ kind: 'layer', rows: 3, C: 768, eps: 1e-5, offset: 100, scale: 1 }, profile, OFFSET_TOL),
  // |x| <= 3e-3: mean(x^2) ~ 3e-6 is below eps = 1e-5, so a kernel that drops eps is far off.
  normCase({ kind: 'layer', rows: 3, C: 65, eps: 1e-5, scale: 3e-3 }, profile),
  normCase({ kind: 'rms', rows: 3, C: 65, eps: 1e-5, scale: 3e-3 }, profile),
  ...randomShapes(4).map((s) => normCase(s, profile)),
]).concat(
  // 65537 rows: one workgroup per row needs the grid split over y. Software table only: 65537
  // workgroups of the GPU table's 256 threads take ~17 s on SwiftShader, and the split is the
  // host's grid() and the same row index in both variants.
  normCase({ kind: 'rms', rows: 65537, C: 3, eps: 1e-6 }, 'software'),
);
