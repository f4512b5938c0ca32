// kvcache (qkv split + RoPE + cache write) against src/reference/kvcache.ts: decode and prefill
// rows, GQA, both pair layouts and partial rotary dims, pos0 > 0, seeded random shapes, each under
// both tuning tables (the GPU table's 64-thread workgroups also run on SwiftShader).

import type { ProfileName } from '../../../src/gpu/profile.js';
import { KvCache, type KvCacheVariant } from '../../../src/kernels/kvcache.js';
import type { RopeScaling } from '../../../src/model/config.js';
import { ropeFrequencyTurns, ropeInverseFrequencies } from '../../../src/model/rope-frequencies.js';
import { splitQkv } from '../../../src/reference/kvcache.js';
import { mulberry32, randomArray } from '../../support/random.js';
import { compare, testSeed, withScratch, type KernelCase, type Tolerance } from '../harness.js';

// Copies are exact. Rotations share the rope kernel's float32 angle (in turns, exactly reduced)
// and polynomial sin/cos: error grows with position as the f32 angle does, ~1e-7 per unit of
// position at most, so 2e-6 + 3e-7 * maxPosition, as in the rope cases. A wrong pair layout,
// position or head mapping errs by O(1).

interface Shape { T: number; NH: number; NKV: number; HS: number; pos0: number; maxS: number; rope: KvCacheVariant['rope']; rotaryDim?: number; scaling?: RopeScaling }

// Llama 3.1's published scaling, on a short original context so all three bands show up at HS 64.
const llama3: RopeScaling = { type: 'llama3', factor: 8, lowFreqFactor: 1, highFreqFactor: 4, originalContext: 64 };

function kvcacheCase(s: Shape, profile: ProfileName): KernelCase {
  return {
    kernel: 'kvcache',
    name: `T=${s.T} NH=${s.NH} NKV=${s.NKV} HS=${s.HS} pos0=${s.pos0} rope=${s.rope}${s.rotaryDim ? ` rot=${s.rotaryDim}` : ''}${s.scaling ? ` ${s.scaling.type}` : ''} profile=${profile}`,
    run: (gpu) => withScratch(gpu, async (scratch) => {
      const width = (s.NH + 2 * s.NKV) * s.HS;
      const cacheLen = s.maxS * s.NKV * s.HS;
      const qkv = randomArray(s.T * width, s.T * 31 + s.HS + s.pos0);
      // Caches start with sentinel values so a write to the wrong row shows up.
      const kInit = randomArray(cacheLen, 7, 0.5);
      const vInit = randomArray(cacheLen, 8, 0.5);
      const invFreq = ropeInverseFrequencies({ ropeTheta: 10000, rotaryDim: s.rotaryDim ?? s.HS, ropeScaling: s.scaling });
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
      const rope = s.rope === 'none' ? undefined : { theta: 10000, layout: s.rope, rotaryDim: s.rotaryDim, invFreq: s.scaling ? invFreq : undefined };
      const qWant = splitQkv(qkv, kWant, vWant, { ...s, rope });
      const got = [await scratch.read(bufs.q, qWant.length), await scratch.read(bufs.kCache, cacheLen), await scratch.read(bufs.vCache, cacheLen)];
      const want = [qWant, kWant, vWant];
      const tol: Tolerance = { atol: 2e-6 + 3e-7 * (s.pos0 + s.T), rtol: 0, nmse: 1e-9 };
      return compare(concat(got), concat(want), tol);
    }),
  };
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
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

const profiles: ProfileName[] = ['software', 'gpu'];

// Both tables on every adapter: one of them is the adapter's own.
export const cases: KernelCase[] = profiles.flatMap((p) => [...fixed, ...randomShapes(3)].map((s) => kvcacheCase(s, p)));
