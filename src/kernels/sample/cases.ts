// The GPU sampler against reference.ts: argmax with planted ties, greedy limits, and filter
// combinations over many seeded draws (cuts the radix select must resolve in its low digits
// among them), under both tuning tables (the GPU table's 256 threads also run on SwiftShader).
// Token ids must match exactly; the one allowance is a draw the reference itself flips under a
// 1e-5 nudge of u, topP or minP (see explainFlips). Rows with NaN, +Inf or -Inf logits check the
// guard: NON_FINITE_TOKEN for NaN, +Inf or an all -Inf row; -Inf alone masks.

import { compare, testSeed, withScratch, type CaseResult, type KernelCase, type Scratch, type Tolerance } from '../../../tests/kernels/harness.js';
import { mulberry32, randomArray } from '../../../tests/support/random.js';
import { readUint32 } from '../../gpu/buffers.js';
import type { Gpu } from '../../gpu/device.js';
import type { ProfileName } from '../../gpu/profile.js';
import { Sampler, type SampleShape } from './kernel.js';
import { argmax, samplable, sample, sampleProbabilities, uniformFromSeed, type SampleOptions } from './reference.js';

// Token ids are integers: any difference is a different token.
const EXACT: Tolerance = { atol: 0, rtol: 0, nmse: 0 };

// The GPU sums unnormalised masses in f32 and in another order than the reference's float64 sums,
// so a draw whose u lies within rounding of a bucket edge, or a kept set whose top-p or min-p
// cut lies within rounding of a token, may legitimately differ. Such a draw passes only if the
// reference draws the GPU's token for some u' within this much of u (a fraction of the kept mass),
// with topP and minP as given or nudged by this fraction; each such draw is named in the detail.
const FLIP = 1e-5;

/** A logit row: values uniform in [-spread, spread), optionally rounded to `step` (many ties). */
function logitRow(V: number, seed: number, spread: number, step = 0): Float32Array {
  const x = randomArray(V, seed, spread);
  return step > 0 ? x.map((v) => Math.round(v / step) * step) : x;
}

/** Puts the row maximum (one above the current one) at each of `at`: the first must win argmax. */
function plantTies(x: Float32Array, at: number[]): Float32Array {
  const top = x.reduce((a, b) => Math.max(a, b)) + 1;
  for (const i of at) x[i] = top;
  return x;
}

// Neither a token id (V < 2^24) nor NON_FINITE_TOKEN: a kernel that never writes fails every case.
const UNWRITTEN = 0xfffffffe;

function idBuffer(gpu: Gpu, scratch: Scratch, n: number): { out: GPUBuffer; read: () => Promise<Uint32Array> } {
  const out = scratch.upload(new Uint32Array(n).fill(UNWRITTEN), 'ids');
  return { out, read: () => readUint32(gpu.device, out, n) };
}

// ---- argmax: one dispatch per row, all rows in one submit

function argmaxCase(name: string, rows: Float32Array[], mode: 'argmax' | 'sample', profile: ProfileName): KernelCase {
  return {
    kernel: 'sample',
    name: `${mode} ${name} profile=${profile}`,
    run: (gpu) => withScratch(gpu, async (scratch) => {
      const kernel = await Sampler.create(gpu, { mode, profile });
      const { out, read } = idBuffer(gpu, scratch, rows.length);
      const rec = gpu.recorder();
      rows.forEach((x, i) => {
        kernel.bind({ logits: scratch.upload(x, `logits${i}`), out }, { V: x.length, temperature: 0, outIndex: i }).record(rec);
      });
      rec.submit();
      return compare(await read(), rows.map((x) => argmax(x)), EXACT);
    }),
  };
}

/** Rows of width V with the maximum planted at index sets that cross thread and chunk edges. */
function tieRows(V: number): Float32Array[] {
  const rnd = mulberry32(testSeed() ^ 0xa59a ^ V);
  const pick = () => Math.floor(rnd() * V);
  const sets = [[V - 1], [0, V - 1], [Math.floor(V / 2), Math.floor(V / 2) + 1], [pick(), pick(), pick()], [V - 1, Math.floor(V / 4), Math.floor(V / 4) + 3]];
  const rows = sets.map((at, k) => plantTies(logitRow(V, V * 31 + k, 5), at.filter((i) => i < V)));
  rows.push(new Float32Array(V).fill(-2.5)); // all tied: index 0
  rows.push(logitRow(V, V * 31 + 99, 5).map((v) => -Math.abs(v) - 1)); // no planted max, all negative
  return rows;
}

/**
 * Rows of width V holding NaN, +Inf or -Inf at places that cross thread and chunk edges (first
 * index, last index, the maximum's index): NON_FINITE_TOKEN for NaN, +Inf and an all -Inf row; a
 * token above -Inf for rows where -Inf only masks (some of them at the maximum's old place).
 */
function nonFiniteRows(V: number): Float32Array[] {
  const base = (k: number) => logitRow(V, V * 53 + k, 5);
  const at = (k: number, values: Array<[number, number]>) => {
    const x = base(k);
    for (const [i, v] of values) x[Math.min(i, V - 1)] = v;
    return x;
  };
  const top = argmax(base(3));
  return [
    at(0, [[0, NaN]]),
    at(1, [[V - 1, NaN]]),
    at(2, [[Math.floor(V / 2), Infinity]]),
    at(3, [[top, NaN]]), // where the maximum was
    at(4, [[V - 1, -Infinity], [0, NaN]]),
    at(5, [[0, Infinity], [V - 1, Infinity]]),
    new Float32Array(V).fill(NaN),
    new Float32Array(V).fill(-Infinity), // nothing can be drawn
    at(3, [[top, -Infinity]]), // the maximum masked: the runner-up wins
    at(6, [[0, -Infinity], [V - 1, -Infinity], [Math.floor(V / 3), -Infinity]]),
    base(7).map((v, i) => (i % 3 === 0 ? v : -Infinity)), // two thirds masked
  ];
}

// ---- sampling: one bind per row, update() and one submit per draw (the model's per-token pattern)

interface Combo extends SampleOptions {
  V: number;
  draws: number;
  spread: number;
  quantum?: number;
  seed: number;
  /** Sets topK so that the cut falls on the tie group at this logit value (see plantCut). */
  cut?: number;
  /** Sets every `every`-th logit (from index `from`) to `value`: NaN, +Inf, or -Inf (masked tokens). */
  plant?: { value: number; every: number; from: number };
  /** Sets topP `margin` past the mass of the tie groups up to the one that reaches `mass` (see topPPast). */
  topPPast?: { mass: number; margin: number };
}

/**
 * Plants the float just below `cut` (for cut > 0; below 0 it would be a denormal) at three
 * tokens and returns the topK whose cut is the tie group at `cut`: an exact search keeps that
 * whole group (+0 and -0 alike, for cut 0) and drops the planted tokens.
 */
function plantCut(x: Float32Array, cut: number, seed: number): number {
  if (cut > 0) {
    const below = new Float32Array(new Uint32Array([new Uint32Array(Float32Array.of(cut).buffer)[0] - 1]).buffer)[0];
    const rnd = mulberry32(seed);
    for (let j = 0; j < 3; j++) x[Math.floor(rnd() * x.length)] = below;
  }
  return x.filter((v) => v > cut).length + 1;
}

/**
 * The topP that ends `margin` past the tie groups (in order of probability) up to the first whose
 * cumulative mass reaches `mass`: an exact sampler keeps the next group too, and one whose total
 * mass is off by more than the margin drops it.
 */
function topPPast(x: Float32Array, c: Combo, { mass, margin }: { mass: number; margin: number }): number {
  const p = Array.from(sampleProbabilities(x, { temperature: c.temperature })).sort((a, b) => b - a);
  let cumulative = 0;
  for (let j = 0; j < p.length; j++) {
    cumulative += p[j];
    if (cumulative >= mass && p[j + 1] !== p[j]) return cumulative + margin;
  }
  throw new RangeError(`topPPast: no tie group reaches mass ${mass}`);
}

function plantValues(x: Float32Array, plant: Combo['plant']): Float32Array {
  if (plant) for (let i = plant.from; i < x.length; i += plant.every) x[i] = plant.value;
  return x;
}

function comboName(c: Combo): string {
  const f = [`T=${c.temperature}`, c.topK ? `k=${c.topK}` : '', c.topP !== undefined ? `p=${c.topP}` : '', c.minP ? `min=${c.minP}` : ''];
  const cut = c.cut === undefined ? '' : ` k=cut@${c.cut}`;
  const plant = c.plant ? ` ${c.plant.value}@${c.plant.from}+${c.plant.every}n` : '';
  const past = c.topPPast ? ` p=past@${c.topPPast.mass}+${c.topPPast.margin}` : '';
  return `V=${c.V} ${f.filter(Boolean).join(' ')}${cut}${past}${plant}${c.quantum ? ` ties/${c.quantum}` : ''} x${c.draws}`;
}

function sampleCase(c: Combo, profile: ProfileName): KernelCase {
  return {
    kernel: 'sample',
    name: `${comboName(c)} profile=${profile}`,
    run: (gpu) => withScratch(gpu, async (scratch) => {
      const x = plantValues(logitRow(c.V, c.V * 977 + c.seed, c.spread, c.quantum), c.plant);
      let o: Combo = c.cut === undefined ? c : { ...c, topK: plantCut(x, c.cut, c.seed) };
      if (c.topPPast) o = { ...o, topP: topPPast(x, o, c.topPPast) };
      const kernel = await Sampler.create(gpu, { mode: 'sample', profile });
      const { out, read } = idBuffer(gpu, scratch, c.draws);
      const shape: SampleShape = { V: o.V, temperature: o.temperature, topK: o.topK, topP: o.topP, minP: o.minP, seed: o.seed };
      const bound = kernel.bind({ logits: scratch.upload(x, 'logits'), out }, shape);
      for (let step = 0; step < c.draws; step++) {
        const rec = gpu.recorder();
        bound.update({ ...shape, step, outIndex: step }).record(rec);
        rec.submit();
      }
      const got = await read();
      const want = Array.from({ length: c.draws }, (_, step) => sample(x, { ...o, u: uniformFromSeed(c.seed, step) }));
      return explainFlips(compare(got, want, EXACT), got, want, x, o);
    }),
  };
}

/**
 * Passes a failed exact comparison only if every differing draw is a boundary flip: with the
 * filters as given, or with topP or minP nudged by FLIP, the GPU's token is kept and lies between
 * the reference's draws at u - FLIP and u + FLIP (the draw is monotone in u, so those are the
 * tokens some u' within FLIP of u draws).
 */
function explainFlips(r: CaseResult, got: Uint32Array, want: number[], x: Float32Array, c: Combo): CaseResult {
  if (r.pass || !samplable(x)) return r; // an unsamplable row has no boundary to flip at
  const filters: Combo[] = [c];
  if (c.topP !== undefined && c.topP > 0 && c.topP < 1) filters.push({ ...c, topP: c.topP * (1 - FLIP) }, { ...c, topP: Math.min(1 - 1e-9, c.topP * (1 + FLIP)) });
  if (c.minP) filters.push({ ...c, minP: c.minP * (1 - FLIP) }, { ...c, minP: Math.min(1, c.minP * (1 + FLIP)) });
  const flips: string[] = [];
  for (let step = 0; step < want.length; step++) {
    const token = got[step];
    if (token === want[step]) continue;
    const u = uniformFromSeed(c.seed, step);
    const near = filters.some((f) => {
      const lo = sample(x, { ...f, u: Math.max(0, u - FLIP) });
      const hi = sample(x, { ...f, u: Math.min(1 - 2 ** -24, u + FLIP) });
      return lo <= token && token <= hi && sampleProbabilities(x, f)[token] > 0;
    });
    if (!near) return r; // a real mismatch
    flips.push(`step ${step}: ${token} vs ${want[step]}`);
  }
  return { ...r, pass: true, detail: `boundary flips within ${FLIP}: ${flips.join(', ')}` };
}

// Spread 8 at T=1 spreads mass over thousands of tokens of a 50k row, so top-k, top-p and min-p
// each cut something; quantised rows put many ties exactly on the top-k and top-p cuts.
const combos: Combo[] = [
  { V: 17, temperature: 1, draws: 32, spread: 2, seed: 1 },
  { V: 17, temperature: 0.8, topK: 5, topP: 0.9, draws: 32, spread: 2, seed: 2 },
  { V: 257, temperature: 1, topK: 1, draws: 32, spread: 3, quantum: 1, seed: 3 }, // ties at the max: drawn among them
  // minP at its top, 1, with ties at the max: the max's own ratio is 1, so those ties are kept (a
  // strict comparison dropped even the top, and every draw gave NON_FINITE_TOKEN).
  { V: 257, temperature: 1, minP: 1, draws: 8, spread: 4, quantum: 1, seed: 77 },
  { V: 257, temperature: 1, quantum: 1, cut: 0, draws: 32, spread: 3, seed: 10 }, // +0 and -0 tie at the cut
  { V: 257, temperature: 2, quantum: 0.5, cut: 1, draws: 32, spread: 3, seed: 11 }, // a float 1 ulp below the cut
  { V: 257, temperature: 1.3, topP: 0.8, minP: 0.05, draws: 32, spread: 4, seed: 4 },
  { V: 257, temperature: 0.7, topK: 40, topP: 0.95, minP: 0.02, draws: 32, spread: 4, quantum: 0.25, seed: 0xdeadbeef },
  { V: 5000, temperature: 1, draws: 32, spread: 6, seed: 5 },
  { V: 5000, temperature: 0.9, topK: 50, topP: 0.9, draws: 32, spread: 6, quantum: 0.5, seed: 6 },
  { V: 5000, temperature: 1.1, topP: 0.7, minP: 0.1, draws: 32, spread: 6, seed: 7 },
  { V: 50257, temperature: 1, topK: 40, draws: 16, spread: 8, seed: 8 },
  { V: 50257, temperature: 0.8, topP: 0.9, minP: 0.05, draws: 16, spread: 8, seed: 9 },
  // The guard: NaN or +Inf anywhere gives NON_FINITE_TOKEN under every filter; -Inf masks tokens,
  // including at the top-k cut (k past the finite tokens keeps the -Inf tie group, of mass 0).
  { V: 257, temperature: 1, topK: 40, topP: 0.9, draws: 8, spread: 4, seed: 12, plant: { value: NaN, every: 97, from: 50 } },
  { V: 5000, temperature: 0.8, minP: 0.05, draws: 8, spread: 6, seed: 13, plant: { value: Infinity, every: 5000, from: 4999 } },
  { V: 257, temperature: 1.2, draws: 32, spread: 3, seed: 14, plant: { value: -Infinity, every: 2, from: 0 } },
  { V: 17, temperature: 1, topK: 12, draws: 32, spread: 2, seed: 15, plant: { value: -Infinity, every: 2, from: 1 } },
  { V: 5000, temperature: 0.9, topK: 50, topP: 0.9, draws: 16, spread: 6, seed: 16, plant: { value: -Infinity, every: 7, from: 3 } },
  // The radix select decides 4 bits of a cut per read: cuts whose values share their high digits
  // with many tokens (k near V; logits within 1e-3, differing in the low digits only), a row whose
  // masses mostly underflow to 0, V = 2, and -Inf masks under both cuts.
  { V: 4099, temperature: 1, topK: 4000, topP: 0.99, draws: 16, spread: 3, seed: 17 },
  { V: 3001, temperature: 1, topK: 100, topP: 0.8, draws: 16, spread: 1e-3, seed: 18 },
  { V: 1000, temperature: 0.5, topP: 0.95, minP: 0.001, draws: 16, spread: 60, seed: 19 },
  { V: 2, temperature: 1, topK: 1, topP: 0.5, draws: 16, spread: 1, seed: 20 },
  { V: 1031, temperature: 1, topK: 300, topP: 0.9, draws: 16, spread: 4, seed: 21, plant: { value: -Infinity, every: 3, from: 1 } },
  // One large mass, then a long flat tail in its chunk: a plain f32 running sum rounds each small
  // mass after it to whole ulps, drawing tokens up to 18 away from the reference's (1 in 5 draws).
  { V: 50257, temperature: 1, draws: 40, spread: 1e-9, seed: 22, plant: { value: 12, every: 50257, from: 7 } },
  // The same large mass over a tail of tie groups, and a top-p goal 3e-5 of the mass past a group:
  // plain f32 sums of the first radix stage put the goal 7.6e-5 low on the software table, which
  // dropped the next group (a few percent of the mass) from the kept set.
  { V: 50257, temperature: 1, draws: 40, spread: 1, quantum: 0.25, seed: 30, plant: { value: 12, every: 50257, from: 7 }, topPPast: { mass: 0.9, margin: 3e-5 } },
];

function randomCombos(count: number): Combo[] {
  const rnd = mulberry32(testSeed() ^ 0x5a3e);
  return Array.from({ length: count }, (_, i) => ({
    V: 1 + Math.floor(rnd() * 3000),
    temperature: Math.round((0.3 + rnd() * 1.5) * 10) / 10,
    topK: rnd() < 0.5 ? 1 + Math.floor(rnd() * 100) : 0,
    topP: rnd() < 0.5 ? Math.round((0.5 + rnd() * 0.5) * 100) / 100 : 1,
    minP: rnd() < 0.5 ? Math.round(rnd() * 20) / 100 : 0,
    draws: 16,
    spread: 1 + Math.floor(rnd() * 6),
    seed: 1000 + i,
  }));
}

const profiles: ProfileName[] = ['software', 'gpu'];

// Under the GPU table (256 threads, so each radix stage ends in four 256-wide reductions) a
// filtered draw costs several ms on SwiftShader: every combo still runs, with 8 draws instead of
// 16-32, which keeps the table's extra time under 3 s.
const GPU_DRAWS = 8;

function drawsFor(c: Combo, p: ProfileName): Combo {
  return p === 'gpu' ? { ...c, draws: Math.min(c.draws, GPU_DRAWS) } : c;
}

// Both tables on every adapter: one of them is the adapter's own.
export const cases: KernelCase[] = profiles.flatMap((p) => [
  // V=1 joins V=3 and V=17 so that the reference is not all zeros.
  argmaxCase('ties V=1,3,17', [...tieRows(1), ...tieRows(3), ...tieRows(17)], 'argmax', p),
  argmaxCase('ties V=257', tieRows(257), 'argmax', p),
  argmaxCase('ties V=50257', tieRows(50257), 'argmax', p),
  argmaxCase('T=0 ties V=3,257,5000', [...tieRows(3), ...tieRows(257), ...tieRows(5000)], 'sample', p),
  argmaxCase('non-finite V=1,3,17,257', [...nonFiniteRows(1), ...nonFiniteRows(3), ...nonFiniteRows(17), ...nonFiniteRows(257)], 'argmax', p),
  argmaxCase('T=0 non-finite V=50257', nonFiniteRows(50257), 'sample', p),
  ...[...combos, ...randomCombos(3)].map((c) => sampleCase(drawsFor(c, p), p)),
]);
