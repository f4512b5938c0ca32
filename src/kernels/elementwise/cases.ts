// GELU, SiLU, SwiGLU and add against reference.ts on awkward lengths, one length past the
// 65535-workgroup limit of the software profile (grid split over y), and random lengths; a subset
// also under the GPU tuning table (its 256-thread strided layout runs on SwiftShader too).

import { compare, testSeed, withScratch, type KernelCase, type Tolerance } from '../../../tests/kernels/harness.js';
import { mulberry32, randomArray } from '../../../tests/support/random.js';
import type { ProfileName } from '../../gpu/profile.js';
import { Elementwise, type ElementwiseOp } from './kernel.js';
import { add, gelu, silu, swiglu } from './reference.js';

// Activations: one f32 exp (WGSL allows 3 + 2|x| ULP) and a divide per element; inputs span
// +-8 so exp arguments reach ~40 and its error stays below ~1e-5 relative. The atol covers
// outputs that underflow towards zero in the negative tails (gelu(-8) ~ 1e-27).
const ACTIVATION: Tolerance = { atol: 1e-6, rtol: 2e-5, nmse: 1e-10 };
// add: one correctly rounded f32 add, the same as the reference's rounding to float32.
const EXACT: Tolerance = { atol: 0, rtol: 0, nmse: 0 };

const reference: Record<ElementwiseOp, (a: Float32Array, b: Float32Array) => Float32Array> = {
  gelu: (a) => gelu(a),
  silu: (a) => silu(a),
  swiglu,
  add,
};

// Inputs where exp overflows f32 (|x| > 88) or a naive tanh would: the results must saturate, not NaN.
const EXTREMES = [-1e4, -100, -50, -20, -9, 9, 20, 50, 100, 1e4];

function elementwiseCase(op: ElementwiseOp, n: number, profile: ProfileName, extremes = false): KernelCase {
  return {
    kernel: 'elementwise',
    name: `${op} n=${n}${extremes ? ' extremes' : ''} profile=${profile}`,
    run: (gpu) => withScratch(gpu, async (scratch) => {
      const a = randomArray(n, n * 31 + 1, 8);
      if (extremes) a.set(EXTREMES);
      const b = randomArray(n, n * 31 + 2, 3);
      const kernel = await Elementwise.create(gpu, { op, profile });
      const binary = op === 'swiglu' || op === 'add';
      const yb = scratch.empty(n, 'y');
      const rec = gpu.recorder();
      kernel.bind({ a: scratch.upload(a, 'a'), b: binary ? scratch.upload(b, 'b') : undefined, y: yb }, { n }).record(rec);
      rec.submit();
      return compare(await scratch.read(yb, n), reference[op](a, b), op === 'add' ? EXACT : ACTIVATION);
    }),
  };
}

const ops: ElementwiseOp[] = ['gelu', 'silu', 'swiglu', 'add'];
const lengths = [1, 3, 17, 63, 65, 257, 768, 4099];

function randomCases(count: number, profile: ProfileName): KernelCase[] {
  const rnd = mulberry32(testSeed() ^ 0xe1e7);
  return Array.from({ length: count }, () => elementwiseCase(ops[Math.floor(rnd() * ops.length)], 1 + Math.floor(rnd() * 20000), profile));
}

// The GPU table's workgroup covers 256 threads x 4 items: 1 and 257 leave most of one workgroup
// idle, 4099 spans five with a ragged tail; the random lengths (up to 20000) span up to 20. The
// extremes only exercise the op's math, which both tables share, and the grid split would need
// 2^26 items (768 MiB of buffers) under this table, so those stay software-only.
const gpuLengths = [1, 257, 4099];

export const cases: KernelCase[] = [
  ...ops.flatMap((op) => lengths.map((n) => elementwiseCase(op, n, 'software'))),
  ...ops.map((op) => elementwiseCase(op, 65, 'software', true)),
  // 65535 * 64 + 17 items: more than 65535 workgroups of the software profile's 4 x 16 items.
  elementwiseCase('add', 65535 * 64 + 17, 'software'),
  ...randomCases(4, 'software'),
  ...ops.flatMap((op) => gpuLengths.map((n) => elementwiseCase(op, n, 'gpu'))),
  ...randomCases(4, 'gpu'),
];
