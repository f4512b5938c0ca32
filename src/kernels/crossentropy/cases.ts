// Cross-entropy against reference.ts: vocabularies of 1, 3, 65, 257 and GPT-2's 50257, a few rows
// and one past a workgroup's threads, targets at both ends of the vocabulary, logits offset by
// 1000 (the max must be subtracted), a given scale, dlogits in place over the logits, and random
// shapes; each under both tuning tables. Outputs start as NaN so an unwritten one fails.

import { compare, testSeed, withScratch, type KernelCase, type Tolerance } from '../../../tests/kernels/harness.js';
import { mulberry32, randomArray } from '../../../tests/support/random.js';
import type { ProfileName } from '../../gpu/profile.js';
import { CrossEntropy, checkTargets } from './kernel.js';
import { crossEntropy } from './reference.js';

// Compared as what the outputs encode, so that V = 1's all-zero outputs still leave a nonzero
// reference: per row the log-sum-exp (rowLoss + x[target], |.| <= ~20), the mean of those (loss
// + mean x[target]), and the softmax (dlogits / scale + onehot, in [0, 1]). Float32 exp is good
// to a few ULP per argument unit (WGSL allows 3 + 2|x|; |x - max| <= ~30 here) and the row sums
// to ~1e-6 relative over 50257 terms, so rtol 2e-5; the atol holds probabilities that round away
// in (p - 1) for the target column (2^-24) and log-sum-exps near zero.
const TOL: Tolerance = { atol: 2e-6, rtol: 2e-5, nmse: 1e-10 };

interface Shape { rows: number; V: number; scale?: number; offset?: number; inPlace?: boolean; }

/** The log-sum-exps, their mean and the softmax that (rowLoss, loss, dlogits) encode. */
function encoded(x: Float32Array, targets: Uint32Array, s: Shape, out: { rowLoss: Float32Array; loss: number; dlogits: Float32Array }): Float64Array {
  const scale = s.scale ?? 1 / s.rows;
  const picked = Array.from(targets, (t, r) => x[r * s.V + t]);
  const lse = Array.from(out.rowLoss, (l, r) => l + picked[r]);
  const meanPicked = picked.reduce((a, b) => a + b, 0) / s.rows;
  const softmax = Array.from(out.dlogits, (g, i) => g / scale + (i % s.V === targets[Math.floor(i / s.V)] ? 1 : 0));
  return Float64Array.from([...lse, out.loss + meanPicked, ...softmax]);
}

function crossEntropyCase(s: Shape, profile: ProfileName): KernelCase {
  const extra = `${s.scale !== undefined ? ` scale=${s.scale}` : ''}${s.offset ? ` offset=${s.offset}` : ''}${s.inPlace ? ' in place' : ''}`;
  return {
    kernel: 'crossentropy',
    name: `rows=${s.rows} V=${s.V}${extra} profile=${profile}`,
    run: (gpu) => withScratch(gpu, async (scratch) => {
      const x = randomArray(s.rows * s.V, s.rows * 7919 + s.V, 8).map((v) => v + (s.offset ?? 0));
      const rnd = mulberry32(s.rows * 31 + s.V);
      const targets = Uint32Array.from({ length: s.rows }, (_, r) => (r === 0 ? s.V - 1 : r === 1 ? 0 : Math.floor(rnd() * s.V)));
      checkTargets(targets, s.V);
      const kernel = await CrossEntropy.create(gpu, { inPlace: s.inPlace, profile });
      const n = s.rows * s.V;
      const logits = scratch.upload(x, 'logits');
      const dlogits = s.inPlace ? undefined : scratch.empty(n, 'dlogits');
      const rowLoss = scratch.empty(s.rows, 'rowLoss');
      const loss = scratch.empty(1, 'loss');
      const rec = gpu.recorder();
      const shape = { rows: s.rows, V: s.V, scale: s.scale };
      kernel.bind({ logits, targets: scratch.upload(targets, 'targets'), rowLoss, loss, dlogits }, shape).record(rec);
      rec.submit();
      const got = {
        rowLoss: await scratch.read(rowLoss, s.rows),
        loss: (await scratch.read(loss, 1))[0],
        dlogits: await scratch.read(dlogits ?? logits, n),
      };
      return compare(encoded(x, targets, s, got), encoded(x, targets, s, crossEntropy(x, targets, shape)), TOL);
    }),
  };
}

const fixed: Shape[] = [
  { rows: 1, V: 1 },
  { rows: 3, V: 1 },
  { rows: 3, V: 3 },
  { rows: 17, V: 65 }, // a character vocabulary
  { rows: 5, V: 257, offset: 1000 }, // exp(1000) overflows unless the max is subtracted
  { rows: 3, V: 50257 }, // GPT-2's vocabulary
  { rows: 3, V: 50257, inPlace: true },
  { rows: 300, V: 3, scale: 0.125 }, // more rows than a workgroup's threads; a given scale
  { rows: 17, V: 65, scale: 1, inPlace: true },
];

function randomShapes(count: number): Shape[] {
  const rnd = mulberry32(testSeed() ^ 0xce01);
  return Array.from({ length: count }, () => ({
    rows: 1 + Math.floor(rnd() * 40),
    V: 1 + Math.floor(rnd() * 3000),
    inPlace: rnd() < 0.5,
  }));
}

const profiles: ProfileName[] = ['software', 'gpu'];

// Both tables on every adapter: one of them is the adapter's own.
export const cases: KernelCase[] = profiles.flatMap((p) => [...fixed, ...randomShapes(4)].map((s) => crossEntropyCase(s, p)));
