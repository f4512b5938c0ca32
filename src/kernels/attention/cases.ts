// Attention (kernel.ts) against reference.ts: decode (T = 1), prefill from an empty cache (T = S)
// and continuing one (T < S), GQA groups, HS 4..256, both modes under both tuning tables (the GPU
// tuning also runs on SwiftShader), K/V as slices of a larger cache, plus random shapes. Then the
// backward (backward.ts) against attentionBackward: training rows (T = S) and continuing ones,
// GQA groups, HS 4..256, several tiles of keys and of query rows, every buffer bound as a slice,
// a shape update, under both tuning tables. Then the probabilities (probabilities.ts) against
// attentionProbabilities: rows wider than S, continuing caches, GQA, cache slices, both tables.

import { compare, joined, testSeed, withScratch, type KernelCase, type Tolerance } from '../../../tests/kernels/harness.js';
import { mulberry32, randomArray } from '../../../tests/support/random.js';
import type { ProfileName } from '../../gpu/profile.js';
import { AttentionBackward } from './backward.js';
import { Attention, type AttentionShape } from './kernel.js';
import { AttentionProbabilities } from './probabilities.js';
import { attention, attentionBackward, attentionProbabilities } from './reference.js';

// Outputs are convex mixes of v (|v| < 2). f32 dot products of up to 256 terms (scores up to
// ~100 in the explicit-scale cases), f32 exp (WGSL allows 3 ulp plus 2 per unit of |x|) and the
// online rescaling move outputs by ~1e-5 at worst (SwiftShader measures 3e-6); a wrong head, a
// causal off-by-one, a missed rescale or an unweighted merge moves them by ~0.1 or more.
const TOL: Tolerance = { atol: 1e-4, rtol: 1e-4, nmse: 1e-9 };

interface Shape extends AttentionShape {
  /** K/V bind as a slice at a 256-byte offset of a cache with room for this many positions,
   *  filled with huge values past S so that reading a position >= S fails the case. */
  capacity?: number;
  /** The kernel is created planned for this head size (the solo program's private rows sized to it), as a model creates it. */
  plannedHS?: number;
}

type Mode = 'prefill' | 'decode';

function label(s: Shape): string {
  const extra = `${s.scale !== undefined ? ` scale=${s.scale}` : ''}${s.capacity ? ` cache=${s.capacity}` : ''}${s.plannedHS ? ` planned HS=${s.plannedHS}` : ''}`;
  return `T=${s.T} S=${s.S} NH=${s.NH} NKV=${s.NKV} HS=${s.HS}${extra}`;
}

/** Cache buffer contents: k or v at float offset 64 (256 bytes), then 1e4 up to the capacity. */
function cacheOf(data: Float32Array, s: Shape): Float32Array {
  const cap = s.capacity ?? s.S;
  const cache = new Float32Array(64 + cap * s.NKV * s.HS).fill(1e4);
  cache.set(data, 64);
  return cache;
}

function attentionCase(s: Shape, mode: Mode, profile: ProfileName): KernelCase {
  return {
    kernel: 'attention',
    name: `${mode}/${profile} ${label(s)}`,
    run: (gpu) => withScratch(gpu, async (scratch) => {
      const seed = (s.T * 131 + s.S) * 977 + s.NH * 31 + s.NKV * 7 + s.HS;
      // q and k up to +-3 give scores with a spread of several units, so the softmax is neither
      // flat nor one-hot; the explicit-scale cases push scores past exp's f32 range (~88).
      const q = randomArray(s.T * s.NH * s.HS, seed, 3);
      const k = randomArray(s.S * s.NKV * s.HS, seed + 1, 3);
      const v = randomArray(s.S * s.NKV * s.HS, seed + 2, 2);
      const kernel = await Attention.create(gpu, { mode, profile }, s.plannedHS ? { HS: s.plannedHS } : undefined);
      const slice = (data: Float32Array, name: string) =>
        s.capacity ? { buffer: scratch.upload(cacheOf(data, s), name), offset: 256, size: s.capacity * s.NKV * s.HS * 4 } : scratch.upload(data, name);
      const yb = scratch.empty(q.length, 'y');
      const bound = kernel.bind({ q: scratch.upload(q, 'q'), k: slice(k, 'k'), v: slice(v, 'v'), y: yb }, s);
      const rec = gpu.recorder();
      bound.record(rec);
      rec.submit();
      const got = await scratch.read(yb, q.length);
      bound.destroy();
      return compare(got, attention(q, k, v, s), TOL);
    }),
  };
}

// Tiles hold ~30 keys (GPU table, HS 64), key ranges >= 64 or 256 keys, and the software
// (solo) program takes 4 keys a step and 4 lanes (query rows x heads) a workgroup: the lengths
// below are multiples of none of these key counts, some T x NH leave a workgroup part empty, and
// the GQA groups of 2, 4 and 7 share a workgroup.
const fixed: Shape[] = [
  // decode
  { T: 1, S: 1, NH: 4, NKV: 4, HS: 8 },
  { T: 1, S: 1, NH: 8, NKV: 2, HS: 20, capacity: 40 }, // position 0 of a cache
  { T: 1, S: 31, NH: 4, NKV: 2, HS: 36 },
  { T: 1, S: 77, NH: 3, NKV: 3, HS: 12, capacity: 77 }, // a full cache
  { T: 1, S: 100, NH: 8, NKV: 2, HS: 100, capacity: 100 },
  { T: 1, S: 200, NH: 14, NKV: 2, HS: 64 },
  { T: 1, S: 513, NH: 4, NKV: 1, HS: 64 }, // several key ranges under the software table too
  { T: 1, S: 3, NH: 4, NKV: 2, HS: 64 },
  { T: 1, S: 17, NH: 8, NKV: 1, HS: 128 },
  { T: 1, S: 65, NH: 6, NKV: 2, HS: 64 },
  { T: 1, S: 257, NH: 4, NKV: 4, HS: 64 },
  { T: 1, S: 257, NH: 8, NKV: 1, HS: 128, capacity: 300 },
  { T: 1, S: 65, NH: 2, NKV: 1, HS: 256 },
  { T: 1, S: 65, NH: 4, NKV: 2, HS: 64, scale: 2 },
  // prefill from an empty cache
  { T: 3, S: 3, NH: 6, NKV: 2, HS: 8 },
  { T: 17, S: 17, NH: 4, NKV: 2, HS: 64 },
  { T: 65, S: 65, NH: 8, NKV: 1, HS: 8 },
  { T: 65, S: 65, NH: 4, NKV: 4, HS: 128 },
  { T: 17, S: 17, NH: 6, NKV: 2, HS: 12 },
  // continuing a cache
  { T: 3, S: 17, NH: 4, NKV: 4, HS: 128, capacity: 20 },
  { T: 17, S: 65, NH: 6, NKV: 2, HS: 64 },
  { T: 5, S: 257, NH: 8, NKV: 1, HS: 64, capacity: 260 },
  { T: 2, S: 257, NH: 4, NKV: 2, HS: 4 },
  { T: 9, S: 33, NH: 2, NKV: 2, HS: 64, scale: 2 },
  { T: 45, S: 45, NH: 8, NKV: 2, HS: 20 },
  { T: 33, S: 50, NH: 4, NKV: 2, HS: 100, capacity: 50 },
  // decode mode with many rows: under the GPU table the last key range lies past some rows'
  // positions, in blocks where other rows see it
  { T: 40, S: 75, NH: 2, NKV: 2, HS: 36 },
];

// Planned for their head (or a larger one): private rows of 1, 4, 8, 16, 32 and 64 vec4s, the
// head filling the rows or leaving some over.
const planned: Shape[] = [
  { T: 1, S: 9, NH: 4, NKV: 2, HS: 4, plannedHS: 4 },
  { T: 5, S: 21, NH: 3, NKV: 1, HS: 12, plannedHS: 12 },
  { T: 1, S: 300, NH: 4, NKV: 4, HS: 24, plannedHS: 24 },
  { T: 7, S: 7, NH: 2, NKV: 2, HS: 20, plannedHS: 36 },
  { T: 1, S: 70, NH: 6, NKV: 2, HS: 64, plannedHS: 64 },
  { T: 3, S: 40, NH: 2, NKV: 1, HS: 100, plannedHS: 100 },
  { T: 1, S: 33, NH: 2, NKV: 1, HS: 256, plannedHS: 256 },
];

function randomShapes(count: number): Shape[] {
  const rnd = mulberry32(testSeed() ^ 0xa77e);
  const pick = (n: number) => Math.floor(rnd() * n);
  return Array.from({ length: count }, () => {
    const S = 1 + pick(300);
    const NKV = 1 + pick(3);
    const HS = 4 * (1 + pick(32));
    return { T: rnd() < 0.5 ? 1 : 1 + pick(Math.min(S, 24)), S, NH: NKV * (1 + pick(4)), NKV, HS };
  });
}

const shapes = [...fixed, ...planned, ...randomShapes(4)];
const modes: Mode[] = ['prefill', 'decode'];
const profiles: ProfileName[] = ['software', 'gpu'];

/** A decode call bound at S = 1 on a cache of 300 positions, then updated as a model does per step. */
function growingCase(mode: Mode, profile: ProfileName): KernelCase {
  const s: Shape = { T: 1, S: 257, NH: 6, NKV: 3, HS: 32, capacity: 300 };
  return {
    kernel: 'attention',
    name: `${mode}/${profile} bound at S=1, updated to S=2 then S=${s.S} (cache=${s.capacity})`,
    run: (gpu) => withScratch(gpu, async (scratch) => {
      const q = randomArray(s.T * s.NH * s.HS, 41, 3);
      const k = randomArray(s.S * s.NKV * s.HS, 42, 3);
      const v = randomArray(s.S * s.NKV * s.HS, 43, 2);
      const slice = (data: Float32Array, name: string) => ({ buffer: scratch.upload(cacheOf(data, s), name), offset: 256, size: s.capacity! * s.NKV * s.HS * 4 });
      const yb = scratch.empty(q.length, 'y');
      const kernel = await Attention.create(gpu, { mode, profile });
      const bound = kernel.bind({ q: scratch.upload(q, 'q'), k: slice(k, 'k'), v: slice(v, 'v'), y: yb }, { ...s, S: 1 });
      for (const S of [2, s.S]) {
        const rec = gpu.recorder();
        bound.update({ ...s, S }).record(rec);
        rec.submit();
      }
      const got = await scratch.read(yb, q.length);
      bound.destroy();
      return compare(got, attention(q, k, v, s), TOL);
    }),
  };
}

/** Shapes outside the contract must throw a RangeError that names the dimension. */
const rejectsCase: KernelCase = {
  kernel: 'attention',
  name: 'rejects bad shapes and short buffers',
  run: (gpu) => withScratch(gpu, async (scratch) => {
    const ok: Shape = { T: 2, S: 4, NH: 4, NKV: 2, HS: 8 };
    const bad: Array<[Partial<Shape>, string]> = [
      [{ T: 5 }, 'T = 5'], [{ NKV: 3 }, 'NKV = 3'], [{ HS: 6 }, 'HS = 6'], [{ HS: 260 }, 'HS = 260'],
      [{ S: 0 }, 'S must'], [{ T: 1.5 }, 'T must'], [{ scale: NaN }, 'scale'], [{ S: 8 }, 'k binds'],
    ];
    const buffers = {
      q: scratch.empty(ok.T * ok.NH * ok.HS, 'q'), k: scratch.empty(ok.S * ok.NKV * ok.HS, 'k'),
      v: scratch.empty(ok.S * ok.NKV * ok.HS, 'v'), y: scratch.empty(ok.T * ok.NH * ok.HS, 'y'),
    };
    const failures: string[] = [];
    // A head over the one planned is refused by name: the solo program's rows would cut it (the GPU table's program holds any).
    for (const mode of modes) {
      const small = await Attention.create(gpu, { mode, profile: 'software' }, { HS: 8 });
      small.bind(buffers, ok).destroy();
      try {
        small.bind(buffers, { ...ok, T: 1, S: 2, HS: 12 }).destroy();
        failures.push(`${mode} planned for HS 8 accepted HS 12`);
      } catch (e) {
        if (!(e instanceof RangeError) || !e.message.includes('HS = 12 is over the heads of 8 this program was compiled for')) failures.push(`${mode} planned HS 8, HS 12: ${e}`);
      }
    }
    for (const mode of modes) {
      const kernel = await Attention.create(gpu, { mode });
      kernel.bind(buffers, ok).destroy();
      for (const [change, mention] of bad) {
        try {
          kernel.bind(buffers, { ...ok, ...change }).destroy();
          failures.push(`${mode} accepted ${JSON.stringify(change)}`);
        } catch (e) {
          if (!(e instanceof RangeError) || !e.message.includes(mention)) failures.push(`${mode} ${JSON.stringify(change)}: ${e}`);
        }
      }
    }
    return { maxAbs: 0, nmse: 0, pass: failures.length === 0, detail: failures.join('; ') };
  }),
};

// Gradients are O(1) (q, k up to +-2, v +-2, dy +-1). The GPU recomputes the softmax in f32
// (logsumexp good to ~1e-6 absolute for scores of a few units, so P to ~1e-6 relative), f32 dot
// products of up to 256 terms, and dS = P * (dP - D) cancels where dP is near D (absolute error
// ~ P * 1e-7 * |dP|); sums over up to 70 keys or 140 query rows give ~1e-5 at worst. A wrong
// scale, head group, causal bound or statistic errs by 1e-2 or more.
const BACKWARD_TOL: Tolerance = { atol: 1e-4, rtol: 1e-4, nmse: 1e-9 };

interface BackwardShape extends AttentionShape {
  /** Bind every buffer at this many 256-byte blocks into a larger one, guarded on both sides. */
  offsetBlocks?: number;
  /** Bind at this shape, then update() to the case's own (T * NH must not grow). */
  boundAt?: AttentionShape;
}

function backwardCase(s: BackwardShape, profile: ProfileName): KernelCase {
  const extra = `${s.offsetBlocks ? ' sliced' : ''}${s.boundAt ? ` updated from T=S=${s.boundAt.T}` : ''}`;
  return {
    kernel: 'attention',
    name: `backward/${profile} ${label(s)}${extra}`,
    run: (gpu) => withScratch(gpu, async (scratch) => {
      const seed = (s.T * 131 + s.S) * 977 + s.NH * 31 + s.NKV * 7 + s.HS + 5;
      const floats = (x: AttentionShape) => ({ rows: x.T * x.NH * x.HS, keys: x.S * x.NKV * x.HS });
      const { rows, keys } = floats(s);
      const room = floats(s.boundAt ?? s); // buffers are sized for the shape bound
      const q = randomArray(rows, seed, 2);
      const k = randomArray(keys, seed + 1, 2);
      const v = randomArray(keys, seed + 2, 2);
      const dy = randomArray(rows, seed + 3, 1);
      // Each buffer: a guard of `at` floats, the data and the rest of its room, a 64-float guard.
      // Inputs' guards and spare room hold 1e4 (reading one fails the case), outputs' hold 7 and
      // must come back untouched.
      const at = 64 * (s.offsetBlocks ?? 0);
      const tail = s.offsetBlocks ? 64 : 0;
      const guarded = (data: Float32Array, fill: number, space: number) => {
        const whole = new Float32Array(at + space + tail).fill(fill);
        whole.set(data, at);
        return whole;
      };
      const bind = (b: GPUBuffer, space: number) => (s.offsetBlocks ? { buffer: b, offset: 4 * at, size: 4 * space } : b);
      const input = (data: Float32Array, name: string, space: number) => bind(scratch.upload(guarded(data, 1e4, space), name), space);
      const space = { dq: room.rows, dk: room.keys, dv: room.keys };
      const output = (name: keyof typeof space, n: number) => scratch.upload(guarded(new Float32Array(n).fill(NaN), 7, space[name]), name);
      const out = { dq: output('dq', rows), dk: output('dk', keys), dv: output('dv', keys) };
      const kernel = await AttentionBackward.create(gpu, { profile });
      const bound = kernel.bind({
        q: input(q, 'q', room.rows), k: input(k, 'k', room.keys), v: input(v, 'v', room.keys), dy: input(dy, 'dy', room.rows),
        dq: bind(out.dq, room.rows), dk: bind(out.dk, room.keys), dv: bind(out.dv, room.keys),
      }, s.boundAt ?? s);
      const rec = gpu.recorder();
      bound.update(s).record(rec);
      rec.submit();
      const want = attentionBackward(q, k, v, dy, s);
      const got: Float32Array[] = [];
      const expected: Float32Array[] = [];
      for (const name of ['dq', 'dk', 'dv'] as const) {
        got.push(await scratch.read(out[name], at + space[name] + tail));
        expected.push(guarded(want[name], 7, space[name]));
      }
      bound.destroy();
      return compare(joined(got), joined(expected), BACKWARD_TOL);
    }),
  };
}

const backwardFixed: BackwardShape[] = [
  { T: 1, S: 1, NH: 1, NKV: 1, HS: 4 },
  { T: 3, S: 3, NH: 4, NKV: 2, HS: 8 },
  { T: 17, S: 17, NH: 4, NKV: 1, HS: 64 },
  { T: 33, S: 33, NH: 8, NKV: 2, HS: 64 }, // 132 query rows per key: several row tiles
  { T: 33, S: 33, NH: 1, NKV: 1, HS: 4 },
  { T: 17, S: 17, NH: 8, NKV: 2, HS: 8 },
  { T: 70, S: 70, NH: 2, NKV: 1, HS: 12 }, // more keys than a GPU-table tile
  { T: 5, S: 5, NH: 2, NKV: 1, HS: 256 },
  { T: 9, S: 9, NH: 4, NKV: 2, HS: 64, scale: 0.5 },
  // continuing a cache: queries at positions S - T..
  { T: 3, S: 17, NH: 4, NKV: 2, HS: 64 },
  { T: 1, S: 33, NH: 4, NKV: 1, HS: 8 },
  // a trainer's per-sequence slices, and a bound call updated to a shorter sequence
  { T: 17, S: 17, NH: 4, NKV: 2, HS: 8, offsetBlocks: 3 },
  { T: 20, S: 20, NH: 4, NKV: 2, HS: 16, boundAt: { T: 33, S: 33, NH: 4, NKV: 2, HS: 16 } },
];

function backwardRandomShapes(count: number): BackwardShape[] {
  const rnd = mulberry32(testSeed() ^ 0xbac4);
  const pick = (n: number) => Math.floor(rnd() * n);
  return Array.from({ length: count }, () => {
    const T = 1 + pick(40);
    const NKV = 1 + pick(2);
    return { T, S: T + (rnd() < 0.5 ? 0 : pick(8)), NH: NKV * (1 + pick(4)), NKV, HS: 4 * (1 + pick(16)) };
  });
}

/** The backward's bind-time checks: shapes outside the contract and short buffers. */
const backwardRejectsCase: KernelCase = {
  kernel: 'attention',
  name: 'backward rejects bad shapes, short buffers and a grown T * NH',
  run: (gpu) => withScratch(gpu, async (scratch) => {
    const ok: AttentionShape = { T: 2, S: 4, NH: 4, NKV: 2, HS: 8 };
    const rows = ok.T * ok.NH * ok.HS;
    const keys = ok.S * ok.NKV * ok.HS;
    const buffers = {
      q: scratch.empty(rows, 'q'), k: scratch.empty(keys, 'k'), v: scratch.empty(keys, 'v'), dy: scratch.empty(rows, 'dy'),
      dq: scratch.empty(rows, 'dq'), dk: scratch.empty(keys, 'dk'), dv: scratch.empty(keys - 1, 'dv'),
    };
    const kernel = await AttentionBackward.create(gpu);
    const failures: string[] = [];
    const expectThrow = (what: string, call: () => void, mention: string) => {
      try {
        call();
        failures.push(`accepted ${what}`);
      } catch (e) {
        if (!(e instanceof RangeError) || !e.message.includes(mention)) failures.push(`${what}: ${e}`);
      }
    };
    expectThrow('a short dv', () => kernel.bind(buffers, ok).destroy(), 'dv binds 252 bytes');
    const good = { ...buffers, dv: scratch.empty(keys, 'dv') };
    for (const [change, mention] of [[{ T: 5 }, 'T = 5'], [{ NKV: 3 }, 'NKV = 3'], [{ HS: 6 }, 'HS = 6'], [{ S: 8 }, 'k binds']] as const) {
      expectThrow(JSON.stringify(change), () => kernel.bind(good, { ...ok, ...change }).destroy(), mention);
    }
    const bound = kernel.bind(good, { ...ok, NH: 2, NKV: 1 });
    expectThrow('T * NH grown past the bound rows', () => bound.update(ok), 'exceeds the 4 rows bound');
    bound.destroy();
    return { maxAbs: 0, nmse: 0, pass: failures.length === 0, detail: failures.join('; ') };
  }),
};

// Probabilities are in [0, 1]. Each is exp(score - logsumexp) in f32: scores and logsumexp of a
// few units (up to ~100 in the explicit-scale case) carry ~1e-7 relative rounding, and WGSL's exp
// allows 3 ulp plus 2 per unit of |x|, so ~1e-5 relative at worst and far less in absolute terms.
// A causal off-by-one, a wrong head or a missed normalisation errs by 1e-2 or more.
const PROBABILITIES_TOL: Tolerance = { atol: 1e-5, rtol: 1e-4, nmse: 1e-9 };

interface ProbabilitiesShape extends Shape {
  /** Floats per output row (default S); the entries past S must come back 0. */
  width?: number;
}

function probabilitiesCase(s: ProbabilitiesShape, profile: ProfileName): KernelCase {
  const width = s.width ?? s.S;
  return {
    kernel: 'attention',
    name: `probabilities/${profile} ${label(s)} width=${width}`,
    run: (gpu) => withScratch(gpu, async (scratch) => {
      const seed = (s.T * 131 + s.S) * 977 + s.NH * 31 + s.NKV * 7 + s.HS + 11;
      const q = randomArray(s.T * s.NH * s.HS, seed, 3);
      const k = randomArray(s.S * s.NKV * s.HS, seed + 1, 3);
      const kBuffer = s.capacity ? { buffer: scratch.upload(cacheOf(k, s), 'k'), offset: 256, size: s.capacity * s.NKV * s.HS * 4 } : scratch.upload(k, 'k');
      const n = s.NH * s.T * width;
      const probs = scratch.empty(n, 'probs'); // NaN: an unwritten entry (zeros included) fails
      const kernel = await AttentionProbabilities.create(gpu, { profile });
      const bound = kernel.bind({ q: scratch.upload(q, 'q'), k: kBuffer, probs }, { ...s, width });
      const rec = gpu.recorder();
      bound.record(rec);
      rec.submit();
      const got = await scratch.read(probs, n);
      bound.destroy();
      return compare(got, attentionProbabilities(q, k, { ...s, width }), PROBABILITIES_TOL);
    }),
  };
}

const probabilitiesShapes: ProbabilitiesShape[] = [
  { T: 1, S: 1, NH: 1, NKV: 1, HS: 4 },
  { T: 7, S: 7, NH: 8, NKV: 4, HS: 8 }, // stories260K's heads
  { T: 7, S: 7, NH: 4, NKV: 4, HS: 12, width: 10 }, // rows wider than S: zeros past it
  { T: 3, S: 17, NH: 6, NKV: 2, HS: 64, width: 20 }, // continuing a cache
  { T: 33, S: 33, NH: 4, NKV: 1, HS: 128 }, // more keys than threads
  { T: 5, S: 70, NH: 4, NKV: 2, HS: 16, capacity: 80 },
  { T: 9, S: 9, NH: 2, NKV: 2, HS: 64, scale: 2 },
  { T: 2, S: 3, NH: 2, NKV: 1, HS: 256 },
];

/** A width below S and the shape checks the forward shares are RangeErrors naming the dimension. */
const probabilitiesRejectsCase: KernelCase = {
  kernel: 'attention',
  name: 'probabilities reject a width below S, bad shapes and a short output',
  run: (gpu) => withScratch(gpu, async (scratch) => {
    const ok: ProbabilitiesShape = { T: 2, S: 4, NH: 4, NKV: 2, HS: 8, width: 4 };
    const buffers = { q: scratch.empty(ok.T * ok.NH * ok.HS, 'q'), k: scratch.empty(ok.S * ok.NKV * ok.HS, 'k'), probs: scratch.empty(ok.NH * ok.T * 4, 'probs') };
    const kernel = await AttentionProbabilities.create(gpu);
    kernel.bind(buffers, ok).destroy();
    const failures: string[] = [];
    const bad: Array<[Partial<ProbabilitiesShape>, string]> = [[{ width: 3 }, 'width = 3'], [{ width: 5 }, 'probs binds'], [{ NKV: 3 }, 'NKV = 3'], [{ T: 5 }, 'T = 5']];
    for (const [change, mention] of bad) {
      try {
        kernel.bind(buffers, { ...ok, ...change }).destroy();
        failures.push(`accepted ${JSON.stringify(change)}`);
      } catch (e) {
        if (!(e instanceof RangeError) || !e.message.includes(mention)) failures.push(`${JSON.stringify(change)}: ${e}`);
      }
    }
    return { maxAbs: 0, nmse: 0, pass: failures.length === 0, detail: failures.join('; ') };
  }),
};

// Both tables on every adapter: one of them is the adapter's own.
export const cases: KernelCase[] = [
  ...shapes.flatMap((s) => modes.flatMap((m) => profiles.map((p) => attentionCase(s, m, p)))),
  ...modes.flatMap((m) => profiles.map((p) => growingCase(m, p))),
  rejectsCase,
  ...[...backwardFixed, ...backwardRandomShapes(3)].flatMap((s) => profiles.map((p) => backwardCase(s, p))),
  backwardRejectsCase,
  ...probabilitiesShapes.flatMap((s) => profiles.map((p) => probabilitiesCase(s, p))),
  probabilitiesRejectsCase,
];
