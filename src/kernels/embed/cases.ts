// Embed against reference.ts: with and without learned positions, pos0 > 0, awkward T, C and V,
// ids at both ends of the vocabulary, out-of-range ids (zero rows), and random shapes; then the
// backward (dwte by id over groupRowsById's index, dwpe by position) on batches with repeated and
// absent ids, overwriting (NaN-filled gradients, so every row must be written) and accumulating
// (onto random gradients, so absent rows must stay). All under both tuning tables (the GPU table's
// layouts also run on SwiftShader).

import { halfDecode } from '../../../shaders/weights.js';
import { compare, testSeed, withScratch, type KernelCase, type Tolerance } from '../../../tests/kernels/harness.js';
import { gradedWeights, mulberry32, randomArray } from '../../../tests/support/random.js';
import type { ProfileName } from '../../gpu/profile.js';
import type { WeightDType } from '../../quant/formats.js';
import { f16Value, isF16Subnormal } from '../../quant/half.js';
import { toFloat32, toStored } from '../../quant/stored.js';
import { EmbedBackward, PositionBackward } from './backward.js';
import { Embed } from './kernel.js';
import { embed, embedBackward } from './reference.js';
import { groupRowsById } from './rows-by-id.js';

// A copy, or one float32 add of two values of similar size: the reference's float64 sum rounded
// to float32 is the same correctly rounded result, so nothing may differ.
const EXACT: Tolerance = { atol: 0, rtol: 0, nmse: 0 };

interface Shape {
  T: number; C: number; V: number; pos0: number; positions: boolean; badIds?: boolean; weights?: WeightDType;
  /** wte from gradedWeights (sub-blocks of many scales and means), times this magnitude. */
  graded?: number;
  /** The table split across bindings at these ids (ascending): one dispatch per slice, in order, with its first id. */
  slices?: number[];
}

function embedCase(s: Shape, profile: ProfileName): KernelCase {
  const name = `T=${s.T} C=${s.C} V=${s.V}${s.positions ? ` wpe pos0=${s.pos0}` : ''}${s.badIds ? ' out-of-range ids' : ''}${s.weights ? ` weights=${s.weights}` : ''}${s.graded === undefined ? '' : ` graded x ${s.graded}`}${
    s.slices ? ` sliced at ${s.slices.join(',')}` : ''} profile=${profile}`;
  return {
    kernel: 'embed',
    name,
    run: (gpu) => withScratch(gpu, async (scratch) => {
      const P = s.pos0 + s.T + 5; // wpe rows: a few past the last position used
      const rnd = mulberry32(s.T * 131 + s.C * 7 + s.V);
      // Every id, with the first and last rows of wte among them.
      const ids = Uint32Array.from({ length: s.T }, (_, t) => (t === 0 ? s.V - 1 : t === 1 ? 0 : Math.floor(rnd() * s.V)));
      const bad = s.badIds ? [1, s.T - 1] : []; // rows whose id is out of range: V and 2^32 - 1
      const gpuIds = Uint32Array.from(ids, (id, t) => (bad.includes(t) ? (t === 1 ? s.V : 0xffffffff) : id));
      // Rows in another format are read as the CPU dequantizes them: exactly those values.
      const data = s.graded === undefined ? randomArray(s.V * s.C, s.V * 3 + s.C, 1) : gradedWeights(s.V, s.C, s.V * 3 + s.C, s.graded);
      const stored = toStored({ shape: [s.V, s.C], data, layout: 'nk' }, s.weights ?? 'f32');
      const wte = toFloat32(stored).data;
      const wpe = randomArray(P * s.C, P * 5 + s.C, 0.25);
      const kernel = await Embed.create(gpu, { positions: s.positions, profile, weights: s.weights });
      const yb = scratch.upload(new Float32Array(s.T * s.C).fill(NaN), 'y'); // so zero rows must be written
      const idsb = scratch.upload(gpuIds, 'ids');
      const wpeb = s.positions ? scratch.upload(wpe, 'wpe') : undefined;
      const rec = gpu.recorder();
      const rowWords = stored.data.length / s.V;
      const starts = [0, ...(s.slices ?? [])];
      starts.forEach((first, i) => {
        const end = starts[i + 1] ?? s.V;
        const wte = scratch.upload(stored.data.slice(first * rowWords, end * rowWords), `wte rows ${first}..`);
        kernel.bind({ ids: idsb, wte, wpe: wpeb, y: yb }, { ...s, V: end - first, first }).record(rec);
      });
      rec.submit();
      const want = embed(ids, wte, { T: s.T, C: s.C, V: s.V, pos0: s.pos0, wpe: s.positions ? wpe : undefined });
      for (const t of bad) want.fill(0, t * s.C, (t + 1) * s.C);
      return compare(await scratch.read(yb, s.T * s.C), want, EXACT);
    }),
  };
}

const fixed: Shape[] = [
  { T: 1, C: 1, V: 1, pos0: 0, positions: false },
  { T: 3, C: 3, V: 7, pos0: 0, positions: false },
  { T: 17, C: 17, V: 1001, pos0: 0, positions: false },
  { T: 3, C: 63, V: 50257, pos0: 0, positions: false }, // GPT-2's vocabulary
  { T: 1, C: 65, V: 257, pos0: 9, positions: true }, // decode step: one token at position 9
  { T: 17, C: 257, V: 33, pos0: 0, positions: true },
  { T: 3, C: 768, V: 101, pos0: 1021, positions: true },
  { T: 17, C: 3, V: 13, pos0: 3, positions: true, badIds: true },
  { T: 3, C: 65, V: 13, pos0: 0, positions: false, badIds: true },
  // Token rows in each weight format (the tied head's rows): odd C puts f16 pairs across rows.
  { T: 3, C: 96, V: 37, pos0: 0, positions: false, weights: 'q8_0' },
  { T: 5, C: 64, V: 13, pos0: 2, positions: true, weights: 'q4_0', badIds: true },
  { T: 3, C: 65, V: 17, pos0: 0, positions: false, weights: 'f16' },
  { T: 2, C: 33, V: 9, pos0: 1, positions: true, weights: 'bf16' },
  { T: 4, C: 512, V: 11, pos0: 0, positions: false, weights: 'q4_K', badIds: true },
  { T: 3, C: 768, V: 7, pos0: 1, positions: true, weights: 'q6_K' },
  { T: 2, C: 256, V: 5, pos0: 0, positions: false, weights: 'q5_K', badIds: true },
  // Sub-blocks of many scales and means, small enough that d and dmin are f16 subnormals: each
  // 6-bit scale and min, and each chunk position, read back exactly.
  ...(['q4_K', 'q5_K', 'q6_K'] as const).map((weights): Shape => ({ T: 6, C: 512, V: 6, pos0: 0, positions: false, weights, graded: weights === 'q6_K' ? 0.0005 : 0.002 })),
  // A table split across bindings (a vocabulary over the binding limit): each slice writes the
  // rows at or past its first id, in order; out-of-range ids still end as zero rows.
  { T: 17, C: 65, V: 1001, pos0: 0, positions: false, slices: [64, 640], badIds: true },
  { T: 9, C: 64, V: 200, pos0: 3, positions: true, weights: 'q4_0', slices: [128] },
  { T: 9, C: 34, V: 130, pos0: 0, positions: false, weights: 'f16', slices: [1, 129] },
];

// Catalog gaps: the catalog's bf16 and q4_0 programs have no positions (the tied head's rows,
// models with RoPE); the cases above bind those formats with wpe only. Odd C splits bf16 pairs
// across rows; q4_0 over 3 blocks a row. Both profiles (below).
const catalogGaps: Shape[] = [
  { T: 3, C: 35, V: 9, pos0: 0, positions: false, weights: 'bf16', badIds: true },
  { T: 4, C: 96, V: 11, pos0: 0, positions: false, weights: 'q4_0' },
];

/**
 * Every finite f16 in both halves of a word (the 63488 in bit order, then again one place on: 124
 * rows of 1024), gathered whole: each profile's decoder of 16-bit weights (shaders/weights.ts's
 * halfDecode, which the linear kernels share) must give each value exactly, zeros' signs
 * included; with unpack2x16float a subnormal may read as zero of its sign (WGSL lets it flush
 * them), never with 'multiply'.
 */
function everyHalfCase(profile: ProfileName): KernelCase {
  const finite = Array.from({ length: 0xf800 }, (_, i) => (i < 0x7c00 ? i : i + 0x400)); // past +inf and NaN to -0
  const halves = Uint16Array.from([...finite, ...finite.slice(1), finite[0]!]);
  const [V, C] = [halves.length / 1024, 1024];
  const negative = (v: number) => (v < 0 || Object.is(v, -0) ? 1 : 0);
  return {
    kernel: 'embed',
    name: `every finite f16 T=${V} C=${C} V=${V} weights=f16 profile=${profile}`,
    run: (gpu) => withScratch(gpu, async (scratch) => {
      const kernel = await Embed.create(gpu, { positions: false, profile, weights: 'f16' });
      const y = scratch.empty(V * C, 'y');
      const ids = scratch.upload(Uint32Array.from({ length: V }, (_, t) => t), 'ids');
      const rec = gpu.recorder();
      kernel.bind({ ids, wte: scratch.upload(new Uint32Array(halves.buffer), 'wte'), y }, { T: V, C, V, pos0: 0 }).record(rec);
      rec.submit();
      const got = await scratch.read(y, V * C);
      const mayFlush = (h: number) => halfDecode[profile] === 'unpack' && isF16Subnormal(h);
      const want = Float32Array.from(halves, (h, i) => (mayFlush(h) && got[i] === 0 ? (h & 0x8000 ? -0 : 0) : f16Value(h)));
      // compare() takes -0 for 0: the signs are compared as values of their own.
      return compare([...got, ...Array.from(got, negative)], [...want, ...Array.from(want, negative)], EXACT);
    }),
  };
}

function randomShapes(count: number): Shape[] {
  const rnd = mulberry32(testSeed() ^ 0xe3bd);
  return Array.from({ length: count }, () => ({
    T: 1 + Math.floor(rnd() * 40),
    C: 1 + Math.floor(rnd() * 800),
    V: 1 + Math.floor(rnd() * 3000),
    pos0: Math.floor(rnd() * 1000),
    positions: rnd() < 0.5,
  }));
}

// Each gradient element is a float32 sum, in row order, of the k dy rows that reach it (|dy| <= 1,
// k up to 160 here), plus the old value when accumulating. Each add rounds by up to half an ULP of
// a partial sum of ~sqrt(k/3): the error's spread is ~1.4e-8 * k (2.3e-6 at k = 160; 7e-7 seen),
// so atol 2e-5 is ~8 of those; the rtol covers large accumulated values.
const BACKWARD: Tolerance = { atol: 2e-5, rtol: 1e-6, nmse: 1e-11 };

interface BackwardShape { B: number; T: number; C: number; V: number; maxPos: number; pos0: number; }

/** dwte (positions = false) or dwpe of one batch, overwritten or accumulated, against embedBackward. */
function backwardCase(s: BackwardShape, positions: boolean, accumulate: boolean, profile: ProfileName): KernelCase {
  const what = positions ? `dwpe B=${s.B} T=${s.T} C=${s.C} maxPos=${s.maxPos} pos0=${s.pos0}` : `dwte B=${s.B} T=${s.T} C=${s.C} V=${s.V}`;
  return {
    kernel: 'embed',
    name: `backward ${what}${accumulate ? ' accumulate' : ''} profile=${profile}`,
    run: (gpu) => withScratch(gpu, async (scratch) => {
      const rows = s.B * s.T;
      const rnd = mulberry32(rows * 977 + s.C * 31 + s.V);
      // The last id and 0 among them; with V > 2 the id 1 never occurs (an absent row to check).
      const ids = Uint32Array.from({ length: rows }, (_, r) => (r === 0 ? s.V - 1 : r === 1 ? 0 : Math.floor(rnd() * s.V)));
      if (s.V > 2) ids.forEach((id, r) => (ids[r] = id === 1 ? 2 : id));
      const dy = randomArray(rows * s.C, rows * 3 + s.C, 1);
      const gradRows = positions ? s.maxPos : s.V;
      const before = randomArray(gradRows * s.C, gradRows + s.C, 1);
      const grad = accumulate ? scratch.upload(before, 'grad') : scratch.empty(gradRows * s.C, 'grad');
      const dyb = scratch.upload(dy, 'dy');
      const rec = gpu.recorder();
      if (positions) {
        const kernel = await PositionBackward.create(gpu, { accumulate, profile });
        kernel.bind({ dy: dyb, dwpe: grad }, { B: s.B, T: s.T, C: s.C, maxPos: s.maxPos, pos0: s.pos0 }).record(rec);
      } else {
        const index = groupRowsById(ids, s.V);
        const kernel = await EmbedBackward.create(gpu, { accumulate, profile });
        const bufs = {
          tokens: scratch.upload(index.tokens, 'tokens'),
          offsets: scratch.upload(index.offsets, 'offsets'),
          order: scratch.upload(index.order, 'order'),
          dy: dyb,
          dwte: grad,
        };
        kernel.bind(bufs, { distinct: index.tokens.length, rows, C: s.C, V: s.V }).record(rec);
      }
      rec.submit();
      const ref = embedBackward(ids, dy, { T: s.T, C: s.C, V: s.V, B: s.B, wpe: { maxPos: s.maxPos }, pos0: s.pos0 });
      const sum = positions ? ref.dwpe! : ref.dwte;
      const want = accumulate ? Float32Array.from(sum, (v, i) => v + before[i]) : sum;
      return compare(await scratch.read(grad, gradRows * s.C), want, BACKWARD);
    }),
  };
}

const backwardFixed: BackwardShape[] = [
  { B: 1, T: 1, C: 1, V: 1, maxPos: 1, pos0: 0 },
  { B: 3, T: 17, C: 3, V: 3, maxPos: 20, pos0: 2 }, // every id about 17 times
  { B: 2, T: 33, C: 65, V: 65, maxPos: 40, pos0: 0 }, // a character model's batch
  { B: 4, T: 7, C: 257, V: 13, maxPos: 7, pos0: 0 },
  { B: 2, T: 5, C: 5, V: 50257, maxPos: 1024, pos0: 1000 }, // GPT-2's vocabulary and positions, mostly absent
];

function backwardRandomShapes(count: number): BackwardShape[] {
  const rnd = mulberry32(testSeed() ^ 0xeb4d);
  const pick = (n: number) => 1 + Math.floor(rnd() * n);
  return Array.from({ length: count }, () => {
    const T = pick(40);
    const pos0 = Math.floor(rnd() * 50);
    return { B: pick(4), T, C: pick(300), V: pick(500), maxPos: pos0 + T + Math.floor(rnd() * 20), pos0 };
  });
}

const profiles: ProfileName[] = ['software', 'gpu'];

// Both tables on every adapter: one of them is the adapter's own.
export const cases: KernelCase[] = profiles.flatMap((p) => [
  ...[...fixed, ...catalogGaps, ...randomShapes(4)].map((s) => embedCase(s, p)),
  everyHalfCase(p),
  ...[...backwardFixed, ...backwardRandomShapes(3)].flatMap((s) =>
    [false, true].flatMap((positions) => [false, true].map((accumulate) => backwardCase(s, positions, accumulate, p)))),
]);
