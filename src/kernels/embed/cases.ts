// Embed against reference.ts: with and without learned positions, pos0 > 0, awkward T, C and V,
// ids at both ends of the vocabulary, out-of-range ids (zero rows), and random shapes, each under
// both tuning tables (the GPU table's 256-thread strided layout also runs on SwiftShader).

import { compare, testSeed, withScratch, type KernelCase, type Tolerance } from '../../../tests/kernels/harness.js';
import { mulberry32, randomArray } from '../../../tests/support/random.js';
import type { ProfileName } from '../../gpu/profile.js';
import { Embed } from './kernel.js';
import { embed } from './reference.js';

// A copy, or one float32 add of two values of similar size: the reference's float64 sum rounded
// to float32 is the same correctly rounded result, so nothing may differ.
const EXACT: Tolerance = { atol: 0, rtol: 0, nmse: 0 };

interface Shape { T: number; C: number; V: number; pos0: number; positions: boolean; badIds?: boolean; }

function embedCase(s: Shape, profile: ProfileName): KernelCase {
  const name = `T=${s.T} C=${s.C} V=${s.V}${s.positions ? ` wpe pos0=${s.pos0}` : ''}${s.badIds ? ' out-of-range ids' : ''} profile=${profile}`;
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
      const wte = randomArray(s.V * s.C, s.V * 3 + s.C, 1);
      const wpe = randomArray(P * s.C, P * 5 + s.C, 0.25);
      const kernel = await Embed.create(gpu, { positions: s.positions, profile });
      const yb = scratch.upload(new Float32Array(s.T * s.C).fill(NaN), 'y'); // so zero rows must be written
      const bufs = { ids: scratch.upload(gpuIds, 'ids'), wte: scratch.upload(wte, 'wte'), y: yb };
      const rec = gpu.recorder();
      kernel.bind(s.positions ? { ...bufs, wpe: scratch.upload(wpe, 'wpe') } : bufs, s).record(rec);
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
];

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

const profiles: ProfileName[] = ['software', 'gpu'];

// Both tables on every adapter: one of them is the adapter's own.
export const cases: KernelCase[] = profiles.flatMap((p) => [...fixed, ...randomShapes(4)].map((s) => embedCase(s, p)));
