// Repetition penalty and logit bias against reference.ts: a seen-mask with the first and last ids
// set, a marked id that is new, already set, in the last partial word or past V, or none; with and
// without a bias row (values that saturate included); V not a multiple of 32 and mask words that
// are not multiples of the workgroup; seeded random sizes; each under both tuning tables (the GPU
// table's 64-thread workgroups also run on SwiftShader).

import { compare, testSeed, withScratch, type CaseResult, type KernelCase, type Tolerance } from '../../../tests/kernels/harness.js';
import { mulberry32, randomArray } from '../../../tests/support/random.js';
import { readUint32 } from '../../gpu/buffers.js';
import type { ProfileName } from '../../gpu/profile.js';
import { biasRow, NO_MARK, Penalty, seenBits } from './kernel.js';
import { penaltyFromSeen } from './reference.js';

// One division or multiplication per logit: exact up to WGSL's 2.5 ULP for a division (3e-7
// relative), and a result below the smallest normal float32 that a GPU may flush to zero.
const TOL: Tolerance = { atol: 2 ** -126, rtol: 3e-7, nmse: 1e-12 };
const EXACT: Tolerance = { atol: 0, rtol: 0, nmse: 0 };
// Biased: the quotient's error (WGSL allows 2.5 ULP for a division; of logits below 8, about 1.2e-6)
// carries into the sum, which may be far smaller than its terms.
const BIASED_TOL: Tolerance = { atol: 2e-6, rtol: 2e-7, nmse: 1e-12 };

/** Where the marked id sits: a fresh id, one already set, the last id, one past V (ignored), or no mark. */
type Mark = 'fresh' | 'set' | 'last' | 'outside' | 'none';

/**
 * A bias row for `biased` cases: small values on about a third of the ids, and the largest finite
 * float32 either way on the first and last ids (their sums saturate).
 */
function biasFor(V: number, biased: boolean): Float32Array<ArrayBuffer> | undefined {
  if (!biased) return undefined;
  const rnd = mulberry32(V * 7 + 1);
  const pairs: Array<[number, number]> = [];
  for (let i = 1; i < V - 1; i++) if (rnd() < 1 / 3) pairs.push([i, (rnd() - 0.5) * 20]);
  pairs.push([0, 3.4028234663852886e38]);
  if (V > 1) pairs.push([V - 1, -3.4028234663852886e38]);
  return biasRow(pairs, V);
}

function penaltyCase(V: number, n: number, penalty: number, mark: Mark, profile: ProfileName, biased = false): KernelCase {
  return {
    kernel: 'penalty',
    name: `V=${V} n=${n} penalty=${penalty} mark=${mark}${biased ? ' biased' : ''} profile=${profile}`,
    run: (gpu) => withScratch(gpu, async (scratch) => {
      const logits = randomArray(V, V + n, 5);
      const rnd = mulberry32(V * 13 + n);
      const ids = new Set<number>([0, V - 1]);
      while (ids.size < Math.min(n, V)) ids.add(Math.floor(rnd() * V));
      const context = [...ids].slice(0, n);
      const absent = Array.from({ length: V }, (_, i) => i).filter((i) => !ids.has(i));
      const markId = { fresh: absent[Math.floor(rnd() * absent.length)], set: context[context.length - 1], last: V - 1, outside: V + 5, none: undefined }[mark];
      const seen = seenBits(context, V);
      // The pass's ids: the marked id at a slot past 0, as a prefill chunk's last row would be.
      const passIds = Uint32Array.of(7, markId ?? 0);
      const kernel = await Penalty.create(gpu, { profile });
      const bias = biasFor(V, biased);
      const lb = scratch.upload(logits, 'logits');
      const sb = scratch.upload(seen, 'seen');
      // Unbiased, the bias binding holds values the kernel must not read: any of them added would show.
      const bb = scratch.upload(bias ?? new Float32Array(V).fill(1), 'bias');
      const rec = gpu.recorder();
      kernel.bind({ ids: scratch.upload(passIds, 'ids'), seen: sb, logits: lb, bias: bb }, { V, mark: markId === undefined ? NO_MARK : 1, penalty, biased: bias ? 1 : 0 }).record(rec);
      rec.submit();
      const want = penaltyFromSeen(logits, seen, markId, penalty, bias);
      const logitsResult = compare(await scratch.read(lb, V), want.logits, bias ? BIASED_TOL : TOL);
      const seenResult = compare(await readUint32(gpu.device, sb, seen.length), want.seen, EXACT);
      return both(logitsResult, seenResult);
    }),
  };
}

/**
 * A broken model's logits: NaN, +Inf and -Inf among finite ones, each penalised and biased, must
 * come out as they went in (the sampler refuses NaN and +Inf); the finite ones as the reference.
 */
function nonFiniteCase(profile: ProfileName): KernelCase {
  const V = 70;
  return {
    kernel: 'penalty',
    name: `V=${V} NaN and infinite logits kept, penalised and biased, profile=${profile}`,
    run: (gpu) => withScratch(gpu, async (scratch) => {
      const logits = randomArray(V, 71, 5);
      const broken = new Map([[0, NaN], [33, Infinity], [34, -Infinity], [69, NaN]]);
      for (const [i, v] of broken) logits[i] = v;
      const seen = seenBits([...broken.keys(), 5], V);
      const bias = biasRow([[0, 1], [33, -3.4e38], [34, 3.4e38], [69, -2], [5, 1.5]], V);
      const kernel = await Penalty.create(gpu, { profile });
      const lb = scratch.upload(logits, 'logits');
      const rec = gpu.recorder();
      kernel.bind({ ids: scratch.upload(Uint32Array.of(0), 'ids'), seen: scratch.upload(seen, 'seen'), logits: lb, bias: scratch.upload(bias, 'bias') }, { V, mark: NO_MARK, penalty: 1.5, biased: 1 }).record(rec);
      rec.submit();
      const got = await scratch.read(lb, V);
      const want = penaltyFromSeen(logits, seen, undefined, 1.5, bias).logits;
      const changed = [...broken].filter(([i, v]) => !Object.is(got[i], v)).map(([i, v]) => `logit ${i} ${v} became ${got[i]}`);
      for (const i of broken.keys()) got[i] = want[i] = 0;
      const rest = compare(got, want, BIASED_TOL);
      return { ...rest, pass: rest.pass && changed.length === 0, detail: [...changed, rest.pass ? '' : rest.detail].filter(Boolean).join('; ') };
    }),
  };
}

/** Both comparisons must pass; the detail says which failed. */
function both(logits: CaseResult, seen: CaseResult): CaseResult {
  const detail = [logits.pass ? '' : `logits: ${logits.detail}`, seen.pass ? '' : `seen: ${seen.detail}`].filter(Boolean).join('; ');
  return { maxAbs: logits.maxAbs, nmse: logits.nmse, pass: logits.pass && seen.pass, detail };
}

// (V, n, penalty): V = 1 and 17 fit one partial word; 2081 mask words = 65 span two workgroups of
// the GPU table's 64 threads; 50257 is GPT-2's vocabulary (1571 words, the last partial); the
// smallest and a huge penalty push logits of magnitude above 4 past float32's range (saturated).
const fixed: Array<[number, number, number]> = [[1, 1, 1.3], [17, 5, 1.1], [2081, 65, 2], [50257, 300, 1.2], [200, 150, 2 ** -126], [200, 150, 2 ** 127]];
const marks: Mark[] = ['fresh', 'set', 'last', 'outside', 'none'];

/**
 * The distinct marks a shape can take: a fresh id needs one outside the context's ids (0, V - 1
 * and up to n in all); 'last' would repeat 'set' where the set id is V - 1 (V = 1, or n = 2: the
 * context is then 0 and V - 1).
 */
function marksFor(V: number, n: number): Mark[] {
  return marks.filter((m) => (m !== 'fresh' || V > Math.max(n, 2)) && (m !== 'last' || (V > 1 && n !== 2)));
}

function randomShapes(count: number): Array<[number, number, number]> {
  const rnd = mulberry32(testSeed() ^ 0x9e11);
  return Array.from({ length: count }, () => {
    const V = 1 + Math.floor(rnd() * 60000);
    return [V, 1 + Math.floor(rnd() * Math.min(V, 500)), Math.round((1 + rnd()) * 100) / 100];
  });
}

const profiles: ProfileName[] = ['software', 'gpu'];

// Both tables on every adapter: one of them is the adapter's own. Every mark a fixed shape can take,
// unbiased, and its first mark biased; the random shapes take theirs in turn, biased every other one.
export const cases: KernelCase[] = profiles.flatMap((p) => [
  ...fixed.flatMap(([V, n, penalty]) => [
    ...marksFor(V, n).map((m) => penaltyCase(V, n, penalty, m, p)),
    penaltyCase(V, n, penalty, marksFor(V, n)[0]!, p, true),
  ]),
  ...randomShapes(3).map(([V, n, penalty], i) => {
    const shapeMarks = marksFor(V, n);
    return penaltyCase(V, n, penalty, shapeMarks[i % shapeMarks.length], p, i % 2 === 0);
  }),
  nonFiniteCase(p),
]);
