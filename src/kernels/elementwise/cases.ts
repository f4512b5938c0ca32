// GELU, SiLU, SwiGLU and add against reference.ts on awkward lengths, one length past the
// 65535-workgroup limit of the software profile (grid split over y), and random lengths; a subset
// also under the GPU tuning table (its 256-thread strided layout runs on SwiftShader too). Then the
// backward of GELU, SiLU and SwiGLU on the same kinds of lengths and on saturating inputs.

import { compare, joined, testSeed, withScratch, type KernelCase, type Tolerance } from '../../../tests/kernels/harness.js';
import { mulberry32, randomArray } from '../../../tests/support/random.js';
import type { ProfileName } from '../../gpu/profile.js';
import { ElementwiseBackward, type ActivationOp } from './backward.js';
import { Elementwise, type ElementwiseOp } from './kernel.js';
import { add, gelu, geluBackward, silu, siluBackward, swiglu, swigluBackward } from './reference.js';

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

const forwardCases: KernelCase[] = [
  ...ops.flatMap((op) => lengths.map((n) => elementwiseCase(op, n, 'software'))),
  ...ops.map((op) => elementwiseCase(op, 65, 'software', true)),
  // 65535 * 64 + 17 items: more than 65535 workgroups of the software profile's 4 x 16 items.
  elementwiseCase('add', 65535 * 64 + 17, 'software'),
  ...randomCases(4, 'software'),
  ...ops.flatMap((op) => gpuLengths.map((n) => elementwiseCase(op, n, 'gpu'))),
  ...randomCases(4, 'gpu'),
];

// ---- Backward ----

// Each gradient is dy times a derivative built from two f32 exps (3 + 2|x| ULP each, arguments up
// to ~50 at |x| = 8) and a few products: ~1e-5 relative at worst, as for the forward. The
// derivatives cross zero (gelu' near x = -0.75, silu' near -1.28) as the difference of two O(0.2)
// terms, each good to a few ULP, so the atol covers ~1e-7 of those and elements near zero.
const GRAD: Tolerance = { atol: 1e-6, rtol: 3e-5, nmse: 1e-10 };

function elementwiseBackwardCase(op: ActivationOp, n: number, profile: ProfileName, extremes = false): KernelCase {
  return {
    kernel: 'elementwise',
    name: `backward ${op} n=${n}${extremes ? ' extremes' : ''} profile=${profile}`,
    run: (gpu) => withScratch(gpu, async (scratch) => {
      const a = randomArray(n, n * 37 + 1, 8);
      if (extremes) a.set(EXTREMES);
      const up = randomArray(n, n * 37 + 2, 3);
      const dy = randomArray(n, n * 37 + 3);
      const kernel = await ElementwiseBackward.create(gpu, { op, profile });
      const rec = gpu.recorder();
      if (op !== 'swiglu') {
        const dx = scratch.empty(n, 'dx');
        kernel.bind({ x: scratch.upload(a, 'x'), dy: scratch.upload(dy, 'dy'), dx }, { n }).record(rec);
        rec.submit();
        return compare(await scratch.read(dx, n), op === 'gelu' ? geluBackward(a, dy) : siluBackward(a, dy), GRAD);
      }
      const [dgate, dup] = [scratch.empty(n, 'dgate'), scratch.empty(n, 'dup')];
      kernel.bind({ gate: scratch.upload(a, 'gate'), up: scratch.upload(up, 'up'), dy: scratch.upload(dy, 'dy'), dgate, dup }, { n }).record(rec);
      rec.submit();
      const want = swigluBackward(a, up, dy);
      // One array: dgate and dup are of the same size (dy * up * O(1), dy * silu(gate) <= 8 |dy|).
      return compare(joined([await scratch.read(dgate, n), await scratch.read(dup, n)]), joined([want.dgate, want.dup]), GRAD);
    }),
  };
}

const activations: ActivationOp[] = ['gelu', 'silu', 'swiglu'];

function randomBackwardCases(count: number, profile: ProfileName): KernelCase[] {
  const rnd = mulberry32(testSeed() ^ 0xbac7);
  return Array.from({ length: count }, () => elementwiseBackwardCase(activations[Math.floor(rnd() * 3)], 1 + Math.floor(rnd() * 20000), profile));
}

// The lengths and layouts of the forward cases above; the grid split is the forward's flatGrid and
// flatIndex, which the forward's add case past 65535 workgroups already covers.
const backwardCases: KernelCase[] = [
  ...activations.flatMap((op) => lengths.map((n) => elementwiseBackwardCase(op, n, 'software'))),
  ...activations.map((op) => elementwiseBackwardCase(op, 65, 'software', true)),
  ...randomBackwardCases(4, 'software'),
  ...activations.flatMap((op) => gpuLengths.map((n) => elementwiseBackwardCase(op, n, 'gpu'))),
  ...activations.map((op) => elementwiseBackwardCase(op, 65, 'gpu', true)),
  ...randomBackwardCases(4, 'gpu'),
];

export const cases: KernelCase[] = [...forwardCases, ...backwardCases];
