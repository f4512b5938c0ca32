// LayerNorm and RMSNorm against reference.ts: awkward widths and row counts, rows with a
// large mean (where a one-pass variance would cancel), tiny rows where eps matters, a row count
// past the 65535-workgroup limit, and random shapes; all but that row count under both tuning
// tables (the GPU table's 256-thread strided reduction also runs on SwiftShader). Then the backward
// (dx, dgamma, dbeta) on the same kinds of shapes, with and without accumulation.

import { compare, testSeed, withScratch, type CaseResult, type KernelCase, type Tolerance } from '../../../tests/kernels/harness.js';
import { mulberry32, randomArray } from '../../../tests/support/random.js';
import type { ProfileName } from '../../gpu/profile.js';
import { NormBackward } from './backward.js';
import { Norm, type NormKind } from './kernel.js';
import { layernorm, layernormBackward, rmsnorm, rmsnormBackward } from './reference.js';

// Outputs are O(1) (|z| <= sqrt(C), times gamma in [0.5, 1.5]). Float32 sums over C <= 1000
// (mean, squared deviations), a sqrt and a divide leave a few ULP (~5e-7 seen on SwiftShader) on
// each output; the atol covers outputs near zero, whose error scales with the row, not the output.
const TOL: Tolerance = { atol: 5e-6, rtol: 5e-6, nmse: 1e-12 };
// Rows with mean 100 and spread 1: each x holds only ~2^-17 of absolute precision and the float32
// mean is off by a few of those (2e-5 seen), which shifts every (x - mean); a one-pass
// E[x^2] - mean^2 variance would lose ~1e-2 here and fail.
const OFFSET_TOL: Tolerance = { atol: 1e-4, rtol: 1e-5, nmse: 1e-9 };
// Mean 1e4: the float32 mean alone is off by up to half an ULP of 1e4 (5e-4), which shifts every
// (x - mean) by as much (rstd ~1.7 here). Summed as they come, the values ran the partial sums up
// to ~1e7 and the mean 4e-3 off (9.5e-3 in the outputs at C = 4096).
const FAR_TOL: Tolerance = { atol: 2e-3, rtol: 1e-5, nmse: 1e-6 };

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
const forwardCases: KernelCase[] = profiles.flatMap((profile) => [
  ...(['layer', 'rms'] as const).flatMap((kind) => widths.map(([rows, C]) => normCase({ kind, rows, C, eps: 1e-5 }, profile))),
  normCase({ kind: 'layer', rows: 3, C: 768, eps: 1e-5, offset: 100, scale: 1 }, profile, OFFSET_TOL),
  normCase({ kind: 'layer', rows: 2, C: 4099, eps: 1e-6, offset: 1e4, scale: 1 }, profile, FAR_TOL),
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

// ---- Backward ----

interface BackwardShape extends Shape {
  /** dx, dgamma and dbeta start from random values and receive +=. */
  accumulate?: boolean;
}

// dx = rstd * (g - mean(g) - xhat * mean(g * xhat)) with g = dy * gamma: float32 statistics and
// two float32 row sums leave a few ULP of the largest term, rstd * |g|, and the difference can
// cancel far below it (RMSNorm with C = 1 leaves rstd * g * eps / (x^2 + eps)); so the bound is
// relative to the case's largest rstd * |g| (dxTerms), not to each element (DX). The parameter
// gradients sum `rows` products of size <= max|xhat| ~ 2 one after another in float32: at most
// ~rows ULP of the running sum, so atol grows with rows (PARAM). A missing or doubled term in
// either is O(1) of its scale. NMSE: no worse than every element off by atol.
const DX = 2e-6;
const PARAM = 1e-6;
// mean 100, spread 1: x - mean carries ~2e-5 of absolute error (see OFFSET_TOL), ~2e-5 in each
// xhat and so in dx and in each term of dgamma.
const OFFSET_DX = 1e-4;
const OFFSET_PARAM = 5e-5;

/** The largest rstd * |dy * gamma| of a case: the size of the terms dx is a difference of. */
function dxTerms(x: Float32Array, gamma: Float32Array, dy: Float32Array, s: BackwardShape): number {
  let largest = 0;
  for (let r = 0; r < s.rows; r++) {
    const row = Array.from(x.subarray(r * s.C, (r + 1) * s.C));
    const mean = s.kind === 'layer' ? row.reduce((a, v) => a + v, 0) / s.C : 0;
    const rstd = 1 / Math.sqrt(row.reduce((a, v) => a + (v - mean) ** 2, 0) / s.C + s.eps);
    for (let c = 0; c < s.C; c++) largest = Math.max(largest, rstd * Math.abs(dy[r * s.C + c] * gamma[c]));
  }
  return largest;
}

/** Elements within atol, and NMSE no worse than every element off by atol. */
function within(atol: number, want: Float32Array): Tolerance {
  const meanSquare = want.reduce((a, v) => a + v * v, 0) / want.length;
  return { atol, rtol: 0, nmse: (atol * atol) / meanSquare };
}

const maxAbs = (a: ArrayLike<number>) => Array.from(a).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/** Each output within atol. An output whose reference is all zeros (dx and dgamma of a
 *  one-column LayerNorm) must come back as zeros within atol, and some other output must not be. */
function compareParts(parts: Array<{ label: string; got: Float32Array; want: Float32Array; atol: number }>): CaseResult {
  const results = parts.map(({ label, got, want, atol }) => {
    if (want.some((v) => v !== 0)) return { label, zero: false, ...compare(got, want, within(atol, want)) };
    const m = maxAbs(got); // NaN when an element was never written
    const pass = m <= atol;
    return { label, zero: true, maxAbs: m, nmse: 0, pass, detail: pass ? '' : `should be zeros, max |value| ${m}` };
  });
  if (results.every((r) => r.zero)) return { maxAbs: Infinity, nmse: Infinity, pass: false, detail: 'every reference is all zeros' };
  return {
    maxAbs: Math.max(...results.map((r) => r.maxAbs)),
    nmse: Math.max(...results.map((r) => r.nmse)),
    pass: results.every((r) => r.pass),
    detail: results.filter((r) => !r.pass).map((r) => `${r.label}: ${r.detail}`).join('; '),
  };
}

function normBackwardCase(s: BackwardShape, profile: ProfileName): KernelCase {
  const extra = `${s.offset ? ` mean=${s.offset}` : ''}${s.scale ? ` scale=${s.scale}` : ''}${s.accumulate ? ' accumulate' : ''}`;
  return {
    kernel: 'norm',
    name: `backward ${s.kind} ${s.rows}x${s.C} eps=${s.eps.toExponential()}${extra} profile=${profile}`,
    run: (gpu) => withScratch(gpu, async (scratch) => {
      const seed = s.rows * 7919 + s.C;
      const x = randomArray(s.rows * s.C, seed, s.scale ?? 2).map((v) => v + (s.offset ?? 0));
      const gamma = randomArray(s.C, s.C + 11, 0.5).map((v) => v + 1);
      const dy = randomArray(s.rows * s.C, seed + 1);
      const layer = s.kind === 'layer';
      // Accumulating outputs start from these; the others start as NaN.
      const prior = { dx: randomArray(s.rows * s.C, seed + 2), dgamma: randomArray(s.C, seed + 3), dbeta: randomArray(s.C, seed + 4) };
      const output = (name: keyof typeof prior) => (s.accumulate ? scratch.upload(prior[name], name) : scratch.empty(prior[name].length, name));
      const bufs = { dx: output('dx'), dgamma: output('dgamma'), dbeta: layer ? output('dbeta') : undefined };
      const kernel = await NormBackward.create(gpu, { kind: s.kind, profile, accumulate: s.accumulate, accumulateDx: s.accumulate });
      const bound = kernel.bind({ x: scratch.upload(x, 'x'), gamma: scratch.upload(gamma, 'gamma'), dy: scratch.upload(dy, 'dy'), ...bufs }, s);
      try {
        const rec = gpu.recorder();
        bound.record(rec);
        rec.submit();
        const ref = layer ? layernormBackward(x, gamma, dy, s) : { ...rmsnormBackward(x, gamma, dy, s), dbeta: undefined };
        const plus = (name: keyof typeof prior, v: Float32Array) => (s.accumulate ? v.map((w, i) => w + prior[name][i]) : v);
        const [dxTol, paramTol] = s.offset ? [OFFSET_DX, OFFSET_PARAM] : [DX, PARAM];
        const parts = [
          { label: 'dx', got: await scratch.read(bufs.dx, x.length), want: plus('dx', ref.dx), atol: dxTol * dxTerms(x, gamma, dy, s) },
          { label: 'dgamma', got: await scratch.read(bufs.dgamma, s.C), want: plus('dgamma', ref.dgamma), atol: paramTol * s.rows },
        ];
        if (bufs.dbeta && ref.dbeta) {
          parts.push({ label: 'dbeta', got: await scratch.read(bufs.dbeta, s.C), want: plus('dbeta', ref.dbeta), atol: PARAM * s.rows });
        }
        return compareParts(parts);
      } finally {
        bound.destroy();
      }
    }),
  };
}

const backwardRows = [1, 3, 17];
const backwardWidths = [1, 3, 65, 257, 768];

function randomBackwardShapes(count: number): BackwardShape[] {
  const rnd = mulberry32(testSeed() ^ 0xbac0);
  return Array.from({ length: count }, () => ({
    kind: rnd() < 0.5 ? 'layer' : 'rms',
    rows: 1 + Math.floor(rnd() * 40),
    C: 1 + Math.floor(rnd() * 1000),
    eps: 1e-5,
    accumulate: rnd() < 0.5,
  }));
}

// Every rows x C pair for both kinds under both tables; accumulation on the odd middle shapes;
// a large mean; rows whose mean square is below eps (rstd ~ 280 amplifies everything); random
// shapes. Then 2049 rows, so the column program's loop is long: software table only, since 2049
// workgroups of the GPU table's 256 threads take ~6 s on SwiftShader and the loop is the same code
// in both tables (only the threads per workgroup differ).
const backwardCases: KernelCase[] = profiles.flatMap((profile) => [
  ...(['layer', 'rms'] as const).flatMap((kind) => [
    ...backwardRows.flatMap((rows) => backwardWidths.map((C) => normBackwardCase({ kind, rows, C, eps: 1e-5 }, profile))),
    normBackwardCase({ kind, rows: 3, C: 65, eps: 1e-5, accumulate: true }, profile),
    normBackwardCase({ kind, rows: 17, C: 257, eps: 1e-5, accumulate: true }, profile),
    normBackwardCase({ kind, rows: 3, C: 65, eps: 1e-5, scale: 3e-3 }, profile),
  ]),
  normBackwardCase({ kind: 'layer', rows: 3, C: 768, eps: 1e-5, offset: 100, scale: 1 }, profile),
  normBackwardCase({ kind: 'layer', rows: 17, C: 257, eps: 1e-5, offset: 100, scale: 1, accumulate: true }, profile),
  ...randomBackwardShapes(4).map((s) => normBackwardCase(s, profile)),
]).concat((['layer', 'rms'] as const).map((kind) => normBackwardCase({ kind, rows: 2049, C: 65, eps: 1e-5, accumulate: true }, 'software')));

export const cases: KernelCase[] = [...forwardCases, ...backwardCases];
