// Softmax (a lab kernel) against reference.ts on awkward widths, causal and not, plus random
// shapes, each under both tuning tables (the GPU table's 256-thread strided rows also run on
// SwiftShader).

import { compare, testSeed, withScratch, type KernelCase, type Tolerance } from '../../../tests/kernels/harness.js';
import { mulberry32, randomArray } from '../../../tests/support/random.js';
import type { ProfileName } from '../../../src/gpu/profile.js';
import { Softmax } from './kernel.js';
import { softmax } from './reference.js';

// Probabilities are in [0, 1]; f32 exp and a float32 sum over up to ~50k terms: 1e-6 absolute
// plus 1e-4 relative covers the rounding of the sum without hiding a missing max subtraction
// (which overflows to NaN with the large logits used below).
const TOL: Tolerance = { atol: 1e-6, rtol: 1e-4, nmse: 1e-9 };

interface Shape { rows: number; cols: number; scale: number; causal: boolean; }

function softmaxCase(s: Shape, profile: ProfileName): KernelCase {
  return {
    kernel: 'softmax',
    name: `${s.rows}x${s.cols} scale=${s.scale}${s.causal ? ' causal' : ''} profile=${profile}`,
    run: (gpu) => withScratch(gpu, async (scratch) => {
      // Logits up to +-60 so that exp without the max subtraction overflows at scale >= 2.
      const x = randomArray(s.rows * s.cols, s.rows * 7919 + s.cols, 60);
      const kernel = await Softmax.create(gpu, { causal: s.causal, profile });
      const xb = scratch.upload(x, 'x');
      const yb = scratch.empty(x.length, 'y');
      const rec = gpu.recorder();
      kernel.bind({ x: xb, y: yb }, s).record(rec);
      rec.submit();
      const want = softmax(x, { rows: s.rows, cols: s.cols, scale: s.scale, causal: s.causal });
      return compare(await scratch.read(yb, x.length), want, TOL);
    }),
  };
}

const fixed: Shape[] = [
  { rows: 1, cols: 1, scale: 1, causal: false },
  { rows: 3, cols: 17, scale: 1, causal: false },
  { rows: 2, cols: 257, scale: 2, causal: false },
  { rows: 1, cols: 50257, scale: 1, causal: false },
  { rows: 17, cols: 17, scale: 0.125, causal: true },
  { rows: 5, cols: 65, scale: 3, causal: true },
];

function randomShapes(count: number): Shape[] {
  const rnd = mulberry32(testSeed() ^ 0x50f7);
  return Array.from({ length: count }, () => {
    const cols = 1 + Math.floor(rnd() * 300);
    const rows = 1 + Math.floor(rnd() * Math.min(cols, 12));
    return { rows, cols, scale: 0.5 + Math.round(rnd() * 30) / 10, causal: rnd() < 0.5 };
  });
}

const profiles: ProfileName[] = ['software', 'gpu'];

// Both tables on every adapter: one of them is the adapter's own.
export const cases: KernelCase[] = profiles.flatMap((p) => [...fixed, ...randomShapes(3)].map((s) => softmaxCase(s, p)));
