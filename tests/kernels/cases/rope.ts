// Rope against src/reference/rope.ts: both pair layouts, HS 8/64/128, partial rotary dims (odd HS
// too), in place and out of place, pos0 > 0 up to position ~2000, several thetas, random shapes,
// each under both tuning tables (the GPU table's 256-thread strided layout also runs on SwiftShader).

import type { ProfileName } from '../../../src/gpu/profile.js';
import { Rope } from '../../../src/kernels/rope.js';
import { mulberry32, randomArray } from '../../support/random.js';
import { rope } from '../../../src/reference/rope.js';
import type { RopeLayout } from '../../../shaders/rope.js';
import { compare, testSeed, withScratch, type KernelCase, type Tolerance } from '../harness.js';

// |x| <= 1, so an output's error is about its angle's error. sin/cos are polynomials good to a
// few ULP; what grows is the float32 angle: pos * invFreq, with invFreq from exp2 (a few ULP), is
// off by ~pos * 1e-7 rad (1.8e-4 seen at position 2006). 3e-7 per position leaves room for a
// GPU's coarser exp2; the 2e-6 floor covers the rotation's own roundings at position 0.
function tolerance(maxPos: number): Tolerance {
  const atol = 2e-6 + 3e-7 * maxPos;
  return { atol, rtol: 0, nmse: atol * atol };
}

interface Shape { layout: RopeLayout; T: number; NH: number; HS: number; pos0: number; theta: number; rotaryDim?: number; inPlace?: boolean; }

function ropeCase(s: Shape, profile: ProfileName): KernelCase {
  const rd = s.rotaryDim === undefined ? '' : ` rotaryDim=${s.rotaryDim}`;
  return {
    kernel: 'rope',
    name: `${s.layout}${s.inPlace ? ' in-place' : ''} T=${s.T} NH=${s.NH} HS=${s.HS}${rd} pos0=${s.pos0} theta=${s.theta} profile=${profile}`,
    run: (gpu) => withScratch(gpu, async (scratch) => {
      const n = s.T * s.NH * s.HS;
      const x = randomArray(n, n * 13 + s.pos0, 1);
      const kernel = await Rope.create(gpu, { layout: s.layout, inPlace: s.inPlace, profile });
      const xb = scratch.upload(x, 'x');
      const yb = s.inPlace ? xb : scratch.empty(n, 'y');
      const rec = gpu.recorder();
      kernel.bind(s.inPlace ? { x: xb } : { x: xb, y: yb }, s).record(rec);
      rec.submit();
      return compare(await scratch.read(yb, n), rope(x, s), tolerance(s.pos0 + s.T - 1));
    }),
  };
}

const fixed: Shape[] = (['interleaved', 'half'] as const).flatMap((layout) => [
  { layout, T: 1, NH: 1, HS: 8, pos0: 5, theta: 10000 },
  { layout, T: 3, NH: 3, HS: 64, pos0: 0, theta: 10000 },
  { layout, T: 17, NH: 2, HS: 128, pos0: 7, theta: 500000 },
  { layout, T: 17, NH: 3, HS: 64, pos0: 1990, theta: 10000 }, // positions 1990..2006
  { layout, T: 3, NH: 5, HS: 64, pos0: 40, theta: 10000, rotaryDim: 32 },
  { layout, T: 3, NH: 2, HS: 80, pos0: 11, theta: 10000, rotaryDim: 32 }, // phi-2's partial rotary
  { layout, T: 3, NH: 1, HS: 9, pos0: 2, theta: 100, rotaryDim: 4 }, // odd HS: a lone copied dim
  { layout, T: 17, NH: 3, HS: 128, pos0: 3, theta: 1e6, inPlace: true },
  { layout, T: 3, NH: 2, HS: 64, pos0: 1999, theta: 10000, rotaryDim: 16, inPlace: true },
]);

function randomShapes(count: number): Shape[] {
  const rnd = mulberry32(testSeed() ^ 0x20be);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  return Array.from({ length: count }, () => {
    const HS = pick([8, 16, 32, 64, 80, 96, 128]);
    return {
      layout: pick(['interleaved', 'half'] as const),
      T: 1 + Math.floor(rnd() * 20),
      NH: 1 + Math.floor(rnd() * 8),
      HS,
      pos0: Math.floor(rnd() * 2000),
      theta: pick([10000, 500000]),
      rotaryDim: rnd() < 0.5 ? HS : 2 * (1 + Math.floor(rnd() * (HS / 2))),
      inPlace: rnd() < 0.5,
    };
  });
}

const profiles: ProfileName[] = ['software', 'gpu'];

// Both tables on every adapter: one of them is the adapter's own.
export const cases: KernelCase[] = profiles.flatMap((p) => [...fixed, ...randomShapes(4)].map((s) => ropeCase(s, p)));
