// AdamW against reference.ts: lengths that are not multiples of either table's tile (64 and 1024
// elements per workgroup), one past the software table's 65535-workgroup limit (grid split over
// y), step 1 from zero moments and step 10 from given ones, decay on and off, a clip scale below
// 1; each under both tuning tables. param, m and v are updated in place and compared together.

import { compare, joined, testSeed, withScratch, type KernelCase, type Tolerance } from '../../../tests/kernels/harness.js';
import { mulberry32, randomArray } from '../../../tests/support/random.js';
import type { ProfileName } from '../../gpu/profile.js';
import { Adamw } from './kernel.js';
import { adamwStep } from './reference.js';

// |param|, |grad| <= 1, |m| <= 0.1, v <= 0.01: each new m and v is two float32 products and a sum
// (a few ULP of values <= 1, < 1e-7 absolute); param is rounded to an ULP of itself (<= 1.2e-7)
// after an update lr * O(1) = 1e-2 carrying a few ULP of its divides and sqrt (~1e-9).
const TOL: Tolerance = { atol: 1e-7, rtol: 5e-7, nmse: 1e-13 };

interface Shape { n: number; step: number; weightDecay: number; clip: number; }

function adamwCase(s: Shape, profile: ProfileName): KernelCase {
  return {
    kernel: 'adamw',
    name: `n=${s.n} step=${s.step} weightDecay=${s.weightDecay} clip=${s.clip} profile=${profile}`,
    run: (gpu) => withScratch(gpu, async (scratch) => {
      const param = randomArray(s.n, s.n * 7 + s.step, 1);
      const grad = randomArray(s.n, s.n * 7 + 1, 1);
      // Step 1 starts from zero moments, as training does; later steps from random ones (v >= 0).
      const m = s.step === 1 ? new Float32Array(s.n) : randomArray(s.n, s.n * 7 + 2, 0.1);
      const v = s.step === 1 ? new Float32Array(s.n) : randomArray(s.n, s.n * 7 + 3, 0.005).map((x) => x + 0.005);
      const o = { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: s.weightDecay, step: s.step };
      const kernel = await Adamw.create(gpu, { profile });
      const bufs = {
        param: scratch.upload(param, 'param'),
        grad: scratch.upload(grad, 'grad'),
        m: scratch.upload(m, 'm'),
        v: scratch.upload(v, 'v'),
        clip: scratch.upload(Float32Array.of(s.clip), 'clip'),
      };
      const rec = gpu.recorder();
      kernel.bind(bufs, { n: s.n, ...o }).record(rec);
      rec.submit();
      const want = adamwStep(param, grad, m, v, { ...o, gradScale: s.clip });
      const got = await Promise.all([scratch.read(bufs.param, s.n), scratch.read(bufs.m, s.n), scratch.read(bufs.v, s.n)]);
      return compare(joined(got), joined([want.param, want.m, want.v]), TOL);
    }),
  };
}

const fixed: Shape[] = [
  { n: 1, step: 1, weightDecay: 0, clip: 1 },
  { n: 3, step: 10, weightDecay: 0.1, clip: 1 },
  { n: 1023, step: 1, weightDecay: 0.1, clip: 0.37 },
  { n: 1025, step: 10, weightDecay: 0, clip: 0.37 },
  { n: 4099, step: 2, weightDecay: 0.01, clip: 1 },
];

function randomShapes(count: number): Shape[] {
  const rnd = mulberry32(testSeed() ^ 0xada3);
  return Array.from({ length: count }, () => ({
    n: 1 + Math.floor(rnd() * 20000),
    step: 1 + Math.floor(rnd() * 1000),
    weightDecay: rnd() < 0.5 ? 0 : 0.1,
    clip: rnd() < 0.5 ? 1 : Math.round(5 + 90 * rnd()) / 100,
  }));
}

const profiles: ProfileName[] = ['software', 'gpu'];

// Both tables on every adapter: one of them is the adapter's own. 64 * 65535 + 1 elements need
// more workgroups than one dimension holds under the software table (64 per workgroup); the
// split is the host's flatGrid() and the same index in both tables, so one run suffices.
export const cases: KernelCase[] = profiles
  .flatMap((p) => [...fixed, ...randomShapes(3)].map((s) => adamwCase(s, p)))
  .concat(adamwCase({ n: 64 * 65535 + 1, step: 5, weightDecay: 0.1, clip: 0.5 }, 'software'));
