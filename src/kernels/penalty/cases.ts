// Repetition penalty against reference.ts: positive and negative logits, first and last ids, id
// counts that are not multiples of the workgroup, seeded random sizes, each under both tuning
// tables (the GPU table's 64-thread workgroups also run on SwiftShader).

import { compare, testSeed, withScratch, type KernelCase, type Tolerance } from '../../../tests/kernels/harness.js';
import { mulberry32, randomArray } from '../../../tests/support/random.js';
import type { ProfileName } from '../../gpu/profile.js';
import { Penalty } from './kernel.js';
import { repetitionPenalty } from './reference.js';

// One division or multiplication per logit: exact up to f32 rounding of the quotient.
const TOL: Tolerance = { atol: 0, rtol: 2e-7, nmse: 1e-12 };

function penaltyCase(V: number, n: number, penalty: number, profile: ProfileName): KernelCase {
  return {
    kernel: 'penalty',
    name: `V=${V} n=${n} penalty=${penalty} profile=${profile}`,
    run: (gpu) => withScratch(gpu, async (scratch) => {
      const logits = randomArray(V, V + n, 5);
      const rnd = mulberry32(V * 13 + n);
      const ids = new Set<number>([0, V - 1]);
      while (ids.size < Math.min(n, V)) ids.add(Math.floor(rnd() * V));
      const distinct = Uint32Array.from([...ids].slice(0, n));
      const kernel = await Penalty.create(gpu, { profile });
      const lb = scratch.upload(logits, 'logits');
      const rec = gpu.recorder();
      kernel.bind({ ids: scratch.upload(distinct, 'ids'), logits: lb }, { n: distinct.length, V, penalty }).record(rec);
      rec.submit();
      return compare(await scratch.read(lb, V), repetitionPenalty(logits, distinct, penalty), TOL);
    }),
  };
}

// (V, n, penalty): n = 65 and 300 span two and five workgroups of the GPU table's 64 threads.
const fixed: Array<[number, number, number]> = [[1, 1, 1.3], [17, 5, 1.1], [257, 65, 2], [50257, 300, 1.2]];

function randomShapes(count: number): Array<[number, number, number]> {
  const rnd = mulberry32(testSeed() ^ 0x9e11);
  return Array.from({ length: count }, () => {
    const V = 1 + Math.floor(rnd() * 60000);
    return [V, 1 + Math.floor(rnd() * Math.min(V, 500)), Math.round((1 + rnd()) * 100) / 100];
  });
}

const profiles: ProfileName[] = ['software', 'gpu'];

// Both tables on every adapter: one of them is the adapter's own.
export const cases: KernelCase[] = profiles.flatMap((p) => [...fixed, ...randomShapes(3)].map(([V, n, penalty]) => penaltyCase(V, n, penalty, p)));
