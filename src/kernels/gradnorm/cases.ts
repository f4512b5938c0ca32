// Global norm and clip scale against reference.ts: one buffer or several of odd sizes (not
// multiples of either table's chunk of 64 or 1024 floats), a buffer past the software table's
// 65535-workgroup limit (grid split over y), clipping that scales down, that leaves 1, and that
// is off (maxNorm 0), and update() with smaller sizes; each under both tuning tables. norm and
// scale start as NaN so an unwritten one fails.

import { compare, testSeed, withScratch, type KernelCase, type Tolerance } from '../../../tests/kernels/harness.js';
import { mulberry32, randomArray } from '../../../tests/support/random.js';
import type { ProfileName } from '../../gpu/profile.js';
import { GradNorm } from './kernel.js';
import { clipScale, globalNorm } from './reference.js';

// A float32 sum of squares in chunks, each a per-thread run then a tree, then a tree over the
// partials: ~log2(n) + RUN roundings of partial sums that only grow, so under 2e-6 relative for
// the 4M floats here; sqrt halves it and the scale's divide adds an ULP.
const TOL: Tolerance = { atol: 0, rtol: 2e-6, nmse: 1e-12 };

interface Shape { sizes: number[]; maxNorm: number; bound?: number[]; }

function gradNormCase(s: Shape, profile: ProfileName): KernelCase {
  const bound = s.bound ?? s.sizes;
  return {
    kernel: 'gradnorm',
    name: `sizes=${s.sizes.join(',')}${s.bound ? ` bound=${s.bound.join(',')}` : ''} maxNorm=${s.maxNorm} profile=${profile}`,
    run: (gpu) => withScratch(gpu, async (scratch) => {
      // Buffers hold their bound size; the case sums the first s.sizes[i] of each.
      const grads = bound.map((n, i) => randomArray(n, n * 13 + i, 0.01));
      const kernel = await GradNorm.create(gpu, { profile });
      const norm = scratch.empty(1, 'norm');
      const scale = scratch.empty(1, 'scale');
      const bufs = { grads: grads.map((g, i) => scratch.upload(g, `grad${i}`)), norm, scale };
      const call = kernel.bind(bufs, { sizes: bound, maxNorm: s.maxNorm });
      try {
        if (s.bound) call.update({ sizes: s.sizes, maxNorm: s.maxNorm });
        const rec = gpu.recorder();
        call.record(rec);
        rec.submit();
        const want = globalNorm(grads.map((g, i) => g.subarray(0, s.sizes[i])));
        const got = [(await scratch.read(norm, 1))[0], (await scratch.read(scale, 1))[0]];
        return compare(got, [want, clipScale(want, s.maxNorm)], TOL);
      } finally {
        call.destroy();
      }
    }),
  };
}

// |g| <= 0.01: the norms below reach ~12; each fixed case says whether its maxNorm clips.
const fixed: Shape[] = [
  { sizes: [1], maxNorm: 1 },
  { sizes: [3, 1, 5], maxNorm: 0.001 }, // clipped
  { sizes: [1023, 1025, 7, 64], maxNorm: 1 }, // not clipped
  { sizes: [65537, 3, 4099, 1], maxNorm: 1 }, // clipped
  { sizes: [4099, 65537], maxNorm: 0 }, // clipping off
  { sizes: [100, 2000, 5], bound: [1000, 2001, 70], maxNorm: 0.1 }, // update() to fewer elements
];

function randomShapes(count: number): Shape[] {
  const rnd = mulberry32(testSeed() ^ 0x6a0d);
  return Array.from({ length: count }, () => ({
    sizes: Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => 1 + Math.floor(rnd() * 30000)),
    maxNorm: Math.round(100 * rnd()) / 100,
  }));
}

const profiles: ProfileName[] = ['software', 'gpu'];

// Both tables on every adapter: one of them is the adapter's own. 64 * 65535 + 1 floats need more
// partial workgroups than one dimension holds under the software table (64 floats per chunk); the
// split is the host's grid() and the same index in both tables, so one run suffices.
export const cases: KernelCase[] = profiles
  .flatMap((p) => [...fixed, ...randomShapes(3)].map((s) => gradNormCase(s, p)))
  .concat(gradNormCase({ sizes: [5, 64 * 65535 + 1], maxNorm: 1 }, 'software'));
