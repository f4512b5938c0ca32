// kvcache (qkv split + RoPE + cache write, kernel.ts) against reference.ts: decode and prefill
// rows, GQA, both pair layouts and partial rotary dims, pos0 > 0, seeded random shapes, each under
// both tuning tables (the GPU table's 64-thread workgroups also run on SwiftShader). Then the cases
// of the standalone rope kernel this engine used to have, each converted into a kvcache call that
// rotates q and k the same way: both layouts, HS 8/64/128, partial rotary dims (odd HS too), GQA,
// positions up to ~2000, several thetas, random shapes, under both tuning tables. Last, the
// backward (backward.ts) against splitQkvBackward: odd T, GQA, both layouts, partial rotary dims,
// positions up to ~1000, gradients bound as slices at an offset, under both tuning tables.

import { compare, joined, Refusals, testSeed, withScratch, type CaseResult, type KernelCase, type Tolerance } from '../../../tests/kernels/harness.js';
import { mulberry32, randomArray } from '../../../tests/support/random.js';
import type { ProfileName } from '../../gpu/profile.js';
import type { RopeScaling } from '../../model/config.js';
import { ropeFrequencyTurns, ropeInverseFrequencies } from '../../model/rope-frequencies.js';
import { KvCacheBackward, type KvCacheBackwardShape } from './backward.js';
import { KvCache, type KvCacheShape, type KvCacheVariant, type RopeLayout } from './kernel.js';
import { splitQkv, splitQkvBackward } from './reference.js';

// Copies are exact. Rotations use a float32 angle in turns (exactly reduced) and polynomial
// sin/cos (shaders/rope.ts): error grows with position as the f32 angle does, ~1e-7 per unit of
// position at most, so 2e-6 + 3e-7 * maxPosition, as in the rope cases below. A wrong pair
// layout, position or head mapping errs by O(1).

interface Shape {
  T: number; NH: number; NKV: number; HS: number; pos0: number; maxS: number; rope: KvCacheVariant['rope'];
  rotaryDim?: number; scaling?: RopeScaling;
  /** RoPE base, default 10000; set (and named) by the converted rope cases. */
  theta?: number;
}

/** What a case reads back, and what the reference gives. */
interface Outputs { q: Float32Array; k: Float32Array; v: Float32Array }

/** How a case judges its outputs against the reference. */
type Check = (got: Outputs, want: Outputs, s: Shape) => CaseResult;

// Llama 3.1's published scaling, on a short original context so all three bands show up at HS 64.
const llama3: RopeScaling = { type: 'llama3', factor: 8, lowFreqFactor: 1, highFreqFactor: 4, originalContext: 64 };

/** q and both caches as one array, within the tolerance above. */
const kvcacheCheck: Check = (got, want, s) => {
  const tol: Tolerance = { atol: 2e-6 + 3e-7 * (s.pos0 + s.T), rtol: 0, nmse: 1e-9 };
  return compare(joined([got.q, got.k, got.v]), joined([want.q, want.k, want.v]), tol);
};

function kvcacheCase(s: Shape, profile: ProfileName, check: Check = kvcacheCheck): KernelCase {
  const theta = s.theta ?? 10000;
  const extra = `${s.rotaryDim ? ` rot=${s.rotaryDim}` : ''}${s.theta !== undefined ? ` theta=${s.theta}` : ''}${s.scaling ? ` ${s.scaling.type}` : ''}`;
  return {
    kernel: 'kvcache',
    name: `T=${s.T} NH=${s.NH} NKV=${s.NKV} HS=${s.HS} pos0=${s.pos0} rope=${s.rope}${extra} profile=${profile}`,
    run: (gpu) => withScratch(gpu, async (scratch) => {
      const width = (s.NH + 2 * s.NKV) * s.HS;
      const cacheLen = s.maxS * s.NKV * s.HS;
      const qkv = randomArray(s.T * width, s.T * 31 + s.HS + s.pos0);
      // Caches start with sentinel values so a write to the wrong row shows up.
      const kInit = randomArray(cacheLen, 7, 0.5);
      const vInit = randomArray(cacheLen, 8, 0.5);
      // The frequency buffer as the model computes it (src/model/rope-frequencies.ts).
      const invFreq = ropeInverseFrequencies({ ropeTheta: theta, rotaryDim: s.rotaryDim ?? s.HS, ropeScaling: s.scaling });
      const kernel = await KvCache.create(gpu, { rope: s.rope, profile });
      const bufs = {
        qkv: scratch.upload(qkv, 'qkv'), q: scratch.empty(s.T * s.NH * s.HS, 'q'), kCache: scratch.upload(kInit, 'k'), vCache: scratch.upload(vInit, 'v'),
        freqs: s.rope === 'none' ? undefined : scratch.upload(ropeFrequencyTurns(invFreq), 'freqs'),
      };
      const rec = gpu.recorder();
      kernel.bind(bufs, s).record(rec);
      rec.submit();
      const kWant = Float32Array.from(kInit);
      const vWant = Float32Array.from(vInit);
      const rope = s.rope === 'none' ? undefined : { theta, layout: s.rope, rotaryDim: s.rotaryDim, invFreq: s.scaling ? invFreq : undefined };
      const qWant = splitQkv(qkv, kWant, vWant, { ...s, rope });
      const got = { q: await scratch.read(bufs.q, qWant.length), k: await scratch.read(bufs.kCache, cacheLen), v: await scratch.read(bufs.vCache, cacheLen) };
      return check(got, { q: qWant, k: kWant, v: vWant }, s);
    }),
  };
}

const fixed: Shape[] = [
  { T: 1, NH: 4, NKV: 4, HS: 8, pos0: 0, maxS: 3, rope: 'none' },
  { T: 3, NH: 4, NKV: 2, HS: 8, pos0: 5, maxS: 9, rope: 'interleaved' },
  { T: 1, NH: 6, NKV: 2, HS: 64, pos0: 600, maxS: 601, rope: 'half' },
  { T: 17, NH: 2, NKV: 1, HS: 64, pos0: 3, maxS: 21, rope: 'interleaved' }, // 68 head rows: two GPU-table workgroups
  { T: 5, NH: 8, NKV: 1, HS: 128, pos0: 0, maxS: 5, rope: 'half', rotaryDim: 32 },
  { T: 2, NH: 3, NKV: 3, HS: 6, pos0: 1, maxS: 4, rope: 'interleaved', rotaryDim: 4 },
  { T: 33, NH: 12, NKV: 4, HS: 16, pos0: 7, maxS: 45, rope: 'none' }, // 660 head rows: ragged last workgroup
  { T: 3, NH: 4, NKV: 2, HS: 64, pos0: 300, maxS: 310, rope: 'half', scaling: llama3 },
  { T: 2, NH: 2, NKV: 1, HS: 32, pos0: 40, maxS: 50, rope: 'interleaved', scaling: { type: 'linear', factor: 4 } },
];

function randomShapes(count: number): Shape[] {
  const rnd = mulberry32(testSeed() ^ 0x6b7c);
  const pick = (n: number) => Math.floor(rnd() * n);
  return Array.from({ length: count }, () => {
    const NKV = 1 + pick(4);
    const HS = 2 * (1 + pick(64)); // even, so the default rotaryDim = HS is valid
    const T = 1 + pick(24);
    const pos0 = pick(1000);
    const rope = (['none', 'interleaved', 'half'] as const)[pick(3)];
    return { T, NH: NKV * (1 + pick(4)), NKV, HS, pos0, maxS: pos0 + T + pick(4), rope, rotaryDim: rnd() < 0.5 ? undefined : 2 * (1 + pick(HS / 2)) };
  });
}

// The standalone rope kernel's cases (it rotated x (T, heads, HS), in place or into y), each now
// a kvcache call: its x becomes the q heads (NH) and, over NKV heads, the k rows written at
// pos0.., with qkv, caches and frequencies built as above; theta varies. What the rope case
// checked, the rotated q and k rows, is compared with its tolerance; then both caches in full
// (v copied, rows outside pos0.. untouched), with the same tolerance.

// |x| <= 1, so an output's error is about its angle's error. sin/cos are polynomials good to a
// few ULP; what grows is the float32 angle: pos * freq, with freq the float32 turns per position
// (rounded on the CPU, half an ULP; the rope kernel took it from a GPU exp2, a few ULP), is off
// by ~pos * 1e-7 rad (1.75e-4 seen at position 2006 on SwiftShader; 1.8e-4 with the exp2).
// 3e-7 per position leaves room for a GPU's coarser arithmetic; the 2e-6 floor covers the
// rotation's own roundings at position 0.
function ropeTolerance(maxPos: number): Tolerance {
  const atol = 2e-6 + 3e-7 * maxPos;
  return { atol, rtol: 0, nmse: atol * atol };
}

const ropeCheck: Check = (got, want, s) => {
  const tol = ropeTolerance(s.pos0 + s.T - 1);
  const written = (cache: Float32Array) => cache.subarray(s.pos0 * s.NKV * s.HS, (s.pos0 + s.T) * s.NKV * s.HS);
  const rotated = compare(joined([got.q, written(got.k)]), joined([want.q, written(want.k)]), tol);
  const caches = compare(joined([got.k, got.v]), joined([want.k, want.v]), tol);
  const detail = [rotated.detail && `q and k rows: ${rotated.detail}`, caches.detail && `caches: ${caches.detail}`].filter(Boolean).join('; ');
  return { maxAbs: Math.max(rotated.maxAbs, caches.maxAbs), nmse: rotated.nmse, pass: rotated.pass && caches.pass, detail };
};

interface RopeShape { layout: RopeLayout; T: number; NH: number; NKV: number; HS: number; pos0: number; theta: number; rotaryDim?: number }

/** A rope case as a kvcache shape: the cache holds one sentinel row past the rotated ones. */
function fromRope(r: RopeShape): Shape {
  return { T: r.T, NH: r.NH, NKV: r.NKV, HS: r.HS, pos0: r.pos0, maxS: r.pos0 + r.T + 1, rope: r.layout, rotaryDim: r.rotaryDim, theta: r.theta };
}

// The rope cases' shapes, with KV heads added (GQA where NKV < NH).
const ropeFixed: RopeShape[] = (['interleaved', 'half'] as const).flatMap((layout) => [
  { layout, T: 1, NH: 1, NKV: 1, HS: 8, pos0: 5, theta: 10000 },
  { layout, T: 3, NH: 3, NKV: 3, HS: 64, pos0: 0, theta: 10000 },
  { layout, T: 17, NH: 2, NKV: 1, HS: 128, pos0: 7, theta: 500000 },
  { layout, T: 17, NH: 3, NKV: 1, HS: 64, pos0: 1990, theta: 10000 }, // positions 1990..2006
  { layout, T: 3, NH: 5, NKV: 5, HS: 64, pos0: 40, theta: 10000, rotaryDim: 32 },
  { layout, T: 3, NH: 2, NKV: 2, HS: 80, pos0: 11, theta: 10000, rotaryDim: 32 }, // phi-2's partial rotary
  { layout, T: 3, NH: 1, NKV: 1, HS: 9, pos0: 2, theta: 100, rotaryDim: 4 }, // odd HS: a lone copied dim
  { layout, T: 17, NH: 3, NKV: 3, HS: 128, pos0: 3, theta: 1e6 }, // was in place
  { layout, T: 3, NH: 2, NKV: 1, HS: 64, pos0: 1999, theta: 10000, rotaryDim: 16 }, // was in place
]);

function ropeRandomShapes(count: number): RopeShape[] {
  const rnd = mulberry32(testSeed() ^ 0x20be);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const kvRnd = mulberry32(testSeed() ^ 0x20bf); // its own stream: the rope draws stay as they were
  return Array.from({ length: count }, () => {
    const HS = pick([8, 16, 32, 64, 80, 96, 128]);
    const shape = {
      layout: pick(['interleaved', 'half'] as const),
      T: 1 + Math.floor(rnd() * 20),
      NH: 1 + Math.floor(rnd() * 8),
      HS,
      pos0: Math.floor(rnd() * 2000),
      theta: pick([10000, 500000]),
      rotaryDim: rnd() < 0.5 ? HS : 2 * (1 + Math.floor(rnd() * (HS / 2))),
    };
    rnd(); // the rope kernel's in-place draw: the shapes stay the ones it was tested on
    const divisors = Array.from({ length: shape.NH }, (_, i) => i + 1).filter((d) => shape.NH % d === 0);
    return { ...shape, NKV: divisors[Math.floor(kvRnd() * divisors.length)] };
  });
}

interface BackwardShape extends KvCacheBackwardShape {
  rope: KvCacheVariant['rope'];
  theta?: number;
  scaling?: RopeScaling;
  /** Bind dk and dv as slices at this many 256-byte blocks into a larger buffer (a trainer's per-sequence slice). */
  offsetBlocks?: number;
}

// Each dqkv element is one dq, dk or dv element, copied or turned back through its pair: the
// error is the forward's, the float32 angle's (|gradients| <= 1), so ropeTolerance of the last
// position. A rotation turned the wrong way, a wrong position, layout or head block errs by O(1).
function backwardCase(s: BackwardShape, profile: ProfileName): KernelCase {
  const theta = s.theta ?? 10000;
  const rotaryDim = s.rotaryDim ?? s.HS;
  const extra = `${s.rotaryDim ? ` rot=${s.rotaryDim}` : ''}${s.scaling ? ` ${s.scaling.type}` : ''}${s.offsetBlocks ? ' sliced' : ''}`;
  return {
    kernel: 'kvcache',
    name: `backward T=${s.T} NH=${s.NH} NKV=${s.NKV} HS=${s.HS} pos0=${s.pos0} rope=${s.rope}${extra} profile=${profile}`,
    run: (gpu) => withScratch(gpu, async (scratch) => {
      const seed = s.T * 7919 + s.NH * 31 + s.HS + s.pos0;
      const dq = randomArray(s.T * s.NH * s.HS, seed);
      const dk = randomArray(s.T * s.NKV * s.HS, seed + 1);
      const dv = randomArray(s.T * s.NKV * s.HS, seed + 2);
      const invFreq = ropeInverseFrequencies({ ropeTheta: theta, rotaryDim, ropeScaling: s.scaling });
      // Sliced: the rows start 256 * offsetBlocks bytes in, after values that must not be read.
      const slice = (data: Float32Array, name: string) => {
        if (!s.offsetBlocks) return scratch.upload(data, name);
        const at = 64 * s.offsetBlocks;
        const whole = new Float32Array(at + data.length + 64).fill(1e4);
        whole.set(data, at);
        return { buffer: scratch.upload(whole, name), offset: 4 * at, size: 4 * data.length };
      };
      const width = (s.NH + 2 * s.NKV) * s.HS;
      const dqkv = scratch.empty(s.T * width, 'dqkv');
      const kernel = await KvCacheBackward.create(gpu, { rope: s.rope, profile });
      const bound = kernel.bind({
        dq: scratch.upload(dq, 'dq'), dk: slice(dk, 'dk'), dv: slice(dv, 'dv'), dqkv,
        freqs: s.rope === 'none' ? undefined : scratch.upload(ropeFrequencyTurns(invFreq), 'freqs'),
      }, s);
      const rec = gpu.recorder();
      bound.record(rec);
      rec.submit();
      const got = await scratch.read(dqkv, s.T * width);
      bound.destroy();
      const rope = s.rope === 'none' ? undefined : { theta, layout: s.rope, rotaryDim: s.rotaryDim, invFreq: s.scaling ? invFreq : undefined };
      return compare(got, splitQkvBackward(dq, dk, dv, { ...s, rope }), ropeTolerance(s.pos0 + s.T - 1));
    }),
  };
}

const backwardShapes: BackwardShape[] = [
  { T: 1, NH: 1, NKV: 1, HS: 4, pos0: 0, rope: 'interleaved' },
  { T: 3, NH: 4, NKV: 2, HS: 8, pos0: 5, rope: 'half' },
  { T: 17, NH: 4, NKV: 1, HS: 64, pos0: 0, rope: 'interleaved' }, // training: pos0 = 0
  { T: 33, NH: 8, NKV: 2, HS: 64, pos0: 0, rope: 'half', rotaryDim: 32 }, // 396 head rows: ragged last workgroup
  { T: 17, NH: 4, NKV: 2, HS: 8, pos0: 990, rope: 'interleaved', rotaryDim: 4 }, // positions 990..1006
  { T: 3, NH: 8, NKV: 2, HS: 64, pos0: 700, rope: 'half', scaling: llama3 },
  { T: 33, NH: 4, NKV: 2, HS: 4, pos0: 0, rope: 'none' }, // GPT-2: a plain concatenation
  { T: 3, NH: 4, NKV: 1, HS: 64, pos0: 1, rope: 'half', rotaryDim: 16, offsetBlocks: 3 },
];

const profiles: ProfileName[] = ['software', 'gpu'];

/** Bind-time checks of the backward: the freqs buffer against the variant, short buffers, odd rotaryDim. */
const backwardRejectsCase: KernelCase = {
  kernel: 'kvcache',
  name: 'backward rejects a missing freqs buffer, short buffers and an odd rotaryDim',
  run: (gpu) => withScratch(gpu, async (scratch) => {
    const ok: KvCacheBackwardShape = { T: 2, NH: 2, NKV: 1, HS: 8, pos0: 3 };
    const buffers = {
      dq: scratch.empty(32, 'dq'), dk: scratch.empty(16, 'dk'), dv: scratch.empty(16, 'dv'), dqkv: scratch.empty(64, 'dqkv'), freqs: scratch.empty(4, 'freqs'),
    };
    const kernel = await KvCacheBackward.create(gpu, { rope: 'half' });
    kernel.bind(buffers, ok).destroy();
    const bad: Array<[() => unknown, string]> = [
      [() => kernel.bind({ ...buffers, freqs: undefined }, ok), 'needs a freqs buffer'],
      [() => kernel.bind({ ...buffers, dk: scratch.empty(15, 'short') }, ok), 'dk holds 60 bytes'],
      [() => kernel.bind(buffers, { ...ok, T: 3 }), 'dq holds 128 bytes'],
      [() => kernel.bind(buffers, { ...ok, rotaryDim: 3 }), 'even rotaryDim'],
      [() => kernel.bind(buffers, { ...ok, NKV: 0 }), 'NKV must'],
    ];
    const refusals = new Refusals();
    for (const [call, mention] of bad) await refusals.expect(call, mention);
    return refusals.result();
  }),
};

/** Bind-time checks of the forward: every buffer against the shape it is written or read at, and pos0. */
const forwardRejectsCase: KernelCase = {
  kernel: 'kvcache',
  name: 'forward rejects short qkv, q and cache buffers and a pos0 that is no position',
  run: (gpu) => withScratch(gpu, async (scratch) => {
    // T 2, NH 2, NKV 1, HS 4: qkv 2 * 4 * 4 = 32 floats, q 16, each cache maxS 5 * 1 * 4 = 20.
    const ok: KvCacheShape = { T: 2, NH: 2, NKV: 1, HS: 4, pos0: 3, maxS: 5 };
    const buffers = { qkv: scratch.empty(32, 'qkv'), q: scratch.empty(16, 'q'), kCache: scratch.empty(20, 'k'), vCache: scratch.empty(20, 'v') };
    const kernel = await KvCache.create(gpu, { rope: 'none' });
    kernel.bind(buffers, ok).destroy();
    const bad: Array<[() => unknown, string]> = [
      [() => kernel.bind({ ...buffers, qkv: scratch.empty(31, 'short') }, ok), 'qkv holds 124 bytes, fewer than the 32 32-bit words'],
      [() => kernel.bind({ ...buffers, q: scratch.empty(15, 'short') }, ok), 'q holds 60 bytes'],
      [() => kernel.bind({ ...buffers, kCache: scratch.empty(19, 'short') }, ok), 'kCache holds 76 bytes, fewer than the 20 32-bit words of (maxS, NKV, HS)'],
      [() => kernel.bind({ ...buffers, vCache: scratch.empty(19, 'short') }, ok), 'vCache holds 76 bytes'],
      [() => kernel.bind(buffers, { ...ok, T: 3, pos0: 2 }), 'qkv holds 128 bytes'],
      [() => kernel.bind(buffers, { ...ok, pos0: -1 }), 'pos0 must be an integer >= 0, got -1'],
      [() => kernel.bind(buffers, { ...ok, pos0: 1.5 }), 'pos0 must be an integer >= 0, got 1.5'],
      [() => kernel.bind(buffers, { ...ok, pos0: 4 }), 'positions 4..5 exceed the cache of 5'],
    ];
    const refusals = new Refusals();
    for (const [call, mention] of bad) await refusals.expect(call, mention, RangeError);
    return refusals.result();
  }),
};

// Both tables on every adapter: one of them is the adapter's own.
export const cases: KernelCase[] = [
  ...profiles.flatMap((p) => [
    ...[...fixed, ...randomShapes(3)].map((s) => kvcacheCase(s, p)),
    ...[...ropeFixed, ...ropeRandomShapes(4)].map((r) => kvcacheCase(fromRope(r), p, ropeCheck)),
    ...backwardShapes.map((s) => backwardCase(s, p)),
  ]),
  forwardRejectsCase,
  backwardRejectsCase,
];
