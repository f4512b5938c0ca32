// Repetition penalty against src/reference/penalty.ts: positive and negative logits, first and
// last ids, vocabularies that are not multiples of the workgroup.

import { Penalty } from '../../../src/kernels/penalty.js';
import { repetitionPenalty } from '../../../src/reference/penalty.js';
import { mulberry32, randomArray } from '../../../src/reference/random.js';
import { compare, withScratch, type KernelCase, type Tolerance } from '../harness.js';

// One division or multiplication per logit: exact up to f32 rounding of the quotient.
const TOL: Tolerance = { atol: 0, rtol: 2e-7, nmse: 1e-12 };

function penaltyCase(V: number, n: number, penalty: number): KernelCase {
  return {
    kernel: 'penalty',
    name: `V=${V} n=${n} penalty=${penalty}`,
    run: (gpu) => withScratch(gpu, async (scratch) => {
      const logits = randomArray(V, V + n, 5);
      const rnd = mulberry32(V * 13 + n);
      const ids = new Set<number>([0, V - 1]);
      while (ids.size < Math.min(n, V)) ids.add(Math.floor(rnd() * V));
      const distinct = Uint32Array.from([...ids].slice(0, n));
      const kernel = await Penalty.create(gpu);
      const lb = scratch.upload(logits, 'logits');
      const rec = gpu.recorder();
      kernel.bind({ ids: scratch.upload(distinct, 'ids'), logits: lb }, { n: distinct.length, V, penalty }).record(rec);
      rec.submit();
      return compare(await scratch.read(lb, V), repetitionPenalty(logits, distinct, penalty), TOL);
    }),
  };
}

export const cases: KernelCase[] = [penaltyCase(1, 1, 1.3), penaltyCase(17, 5, 1.1), penaltyCase(257, 65, 2), penaltyCase(50257, 300, 1.2)];
