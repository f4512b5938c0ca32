// Checks of the sampling reference: argmax ties, the PCG stream against a BigInt derivation,
// greedy limits of each filter, tie rules, the draw against sampleProbabilities, and rows with
// NaN / +Inf (NON_FINITE_TOKEN) or -Inf (masked) logits.
// CPU only; the GPU sampler tests compare against this reference.

import { describe, expect, it } from 'vitest';
import { argmax, NON_FINITE_TOKEN, pcgHash, samplable, sample, sampleProbabilities, uniformFromSeed } from './reference.js';
import { randomArray } from '../../../tests/support/random.js';

// An independent u32 derivation of docs/KERNELS.md's hash with BigInt masking.
function pcgBig(v: number): number {
  const M = 0xffffffffn;
  const s = (BigInt(v) * 747796405n + 2891336453n) & M;
  const w = (((s >> ((s >> 28n) + 4n)) ^ s) * 277803737n) & M;
  return Number((w >> 22n) ^ w);
}

const logits = randomArray(50, 11, 3);
const uSweep = Array.from({ length: 64 }, (_, i) => (i + 0.5) / 64);
const lnArray = (ps: number[]) => Float32Array.from(ps, Math.log);

describe('argmax and the PCG stream', () => {
  it('argmax returns the first index of the maximum', () => {
    expect(argmax([1, 3, 3, 2])).toBe(1);
    expect(argmax([-5, -2, -2])).toBe(1);
    expect(() => argmax([])).toThrow(RangeError);
  });

  it('pcgHash matches the BigInt derivation', () => {
    for (const v of [0, 1, 2, 12345, 747796405, 0x7fffffff, 0x80000000, 0xffffffff]) {
      expect(pcgHash(v)).toBe(pcgBig(v));
    }
  });

  it('uniformFromSeed is the top 24 bits of pcg(seed ^ pcg(step)) over 2^24', () => {
    let sum = 0;
    for (let step = 0; step < 2000; step++) {
      const u = uniformFromSeed(1234, step);
      expect(u).toBe(Math.floor(pcgBig((1234 ^ pcgBig(step)) >>> 0) / 256) / 2 ** 24);
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
    }
    expect(Math.abs(sum / 2000 - 0.5)).toBeLessThan(0.03);
  });
});

describe('sample reference', () => {
  const best = argmax(logits);

  it('is greedy at temperature 0, with topK=1, with tiny topP and with minP=1', () => {
    for (const u of uSweep) {
      expect(sample(logits, { temperature: 0, u })).toBe(best);
      expect(sample(logits, { temperature: 1, topK: 1, u })).toBe(best);
      expect(sample(logits, { temperature: 1, topP: 1e-6, u })).toBe(best);
      expect(sample(logits, { temperature: 1, minP: 1, u })).toBe(best);
    }
    const oneHot = sampleProbabilities(logits, { temperature: 0 });
    expect(oneHot[best]).toBe(1);
  });

  it('keeps every tie at the top-k boundary', () => {
    const p = sampleProbabilities(Float32Array.of(3, 2, 2, 1), { temperature: 1, topK: 2 });
    const kept = Array.from(p, (v) => v > 0);
    expect(kept).toEqual([true, true, true, false]);
  });

  it('keeps the smallest prefix reaching topP, among the top-k survivors renormalised', () => {
    const x = lnArray([0.4, 0.3, 0.2, 0.1]);
    const keptBy = (o: { topK?: number; topP?: number }) => Array.from(sampleProbabilities(x, { temperature: 1, ...o }), (v) => v > 0);
    expect(keptBy({ topP: 0.5 })).toEqual([true, true, false, false]);
    expect(keptBy({ topP: 0.75 })).toEqual([true, true, true, false]);
    // Top-2 renormalised is [4/7, 3/7]: 4/7 alone already reaches 0.5.
    expect(keptBy({ topK: 2, topP: 0.5 })).toEqual([true, false, false, false]);
    const q = sampleProbabilities(x, { temperature: 1, topP: 0.5 });
    expect(Array.from(q)).toEqual([expect.closeTo(4 / 7, 6), expect.closeTo(3 / 7, 6), 0, 0]);
  });

  // transformers' TopPLogitsWarper keeps a token while the mass before it is under topP: [0.5, 0.25, 0.25]
  // at topP 0.5 keeps only the first. topP is set to the first token's share as the reference sums it, so the
  // mass reaches it exactly (the values are not exact binary fractions).
  it('a prefix whose mass equals topP exactly ends the kept set', () => {
    const x = lnArray([0.5, 0.25, 0.25]);
    const p = sampleProbabilities(x, { temperature: 1 });
    const topP = p[0]! / (p[0]! + p[1]! + p[2]!);
    expect(Array.from(sampleProbabilities(x, { temperature: 1, topP }), (v) => v > 0)).toEqual([true, false, false]);
    expect(Array.from(sampleProbabilities(x, { temperature: 1, topP: topP * (1 + 1e-12) }), (v) => v > 0)).toEqual([true, true, true]);
  });

  it('keeps ties with the top-p boundary probability', () => {
    const p = sampleProbabilities(lnArray([0.4, 0.3, 0.3]), { temperature: 1, topP: 0.5 });
    expect(Array.from(p, (v) => v > 0)).toEqual([true, true, true]);
  });

  it('keeps tokens with p >= minP * max(p)', () => {
    const x = lnArray([0.2, 0.5, 0.1, 0.2]);
    const keptBy = (minP: number) => Array.from(sampleProbabilities(x, { temperature: 1, minP }), (v) => v > 0);
    expect(keptBy(0.3)).toEqual([true, true, false, true]);
    expect(keptBy(0.5)).toEqual([false, true, false, false]);
    expect(keptBy(0.1)).toEqual([true, true, true, true]);
  });

  it('divides logits by the temperature', () => {
    // Logits [0, ln 2] at temperature 2 give odds 1 : sqrt(2).
    const p = sampleProbabilities(Float32Array.of(0, Math.LN2), { temperature: 2 });
    expect(p[1] / p[0]).toBeCloseTo(Math.SQRT2, 6);
  });

  it('sampleProbabilities sums to 1 under every filter combination', () => {
    for (const o of [{}, { topK: 5 }, { topP: 0.9 }, { minP: 0.05 }, { topK: 20, topP: 0.8, minP: 0.02 }]) {
      const p = sampleProbabilities(logits, { temperature: 0.8, ...o });
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
  });

  it('draws by walking kept tokens in index order', () => {
    const x = lnArray([0.2, 0.5, 0.3]);
    expect([0.1, 0.5, 0.75].map((u) => sample(x, { temperature: 1, u }))).toEqual([0, 1, 2]);
  });

  it('maps u into the cumulative sampleProbabilities intervals', () => {
    const o = { temperature: 0.7, topK: 30, topP: 0.9, minP: 0.01 };
    const p = sampleProbabilities(logits, o);
    let lo = 0;
    for (let i = 0; i < p.length; i++) {
      if (p[i] === 0) continue;
      expect(sample(logits, { ...o, u: lo + p[i] / 2 })).toBe(i);
      lo += p[i];
    }
    // A fine sweep lands on each token about p[i] of the time.
    const n = 4096;
    const counts = new Float64Array(p.length);
    for (let j = 0; j < n; j++) counts[sample(logits, { ...o, u: (j + 0.5) / n })]++;
    for (let i = 0; i < p.length; i++) expect(Math.abs(counts[i] / n - p[i])).toBeLessThanOrEqual(1 / n + 1e-12);
  });

  it('rejects u outside [0, 1)', () => {
    expect(() => sample(logits, { temperature: 1, u: 1 })).toThrow(/u = 1/);
    expect(() => sample(logits, { temperature: 1, u: -0.1 })).toThrow(RangeError);
  });
});

describe('rows that are not all finite', () => {
  const filters = [{ temperature: 0 }, { temperature: 1 }, { temperature: 0.7, topK: 5, topP: 0.9, minP: 0.05 }];
  const at = (i: number, v: number) => {
    const x = Float32Array.from(logits);
    x[i] = v;
    return x;
  };

  it('gives NON_FINITE_TOKEN for a NaN or +Infinity anywhere, under every filter', () => {
    for (const x of [at(0, NaN), at(49, NaN), at(argmax(logits), NaN), at(7, Infinity), new Float32Array(50).fill(NaN)]) {
      expect(samplable(x)).toBe(false);
      expect(argmax(x)).toBe(NON_FINITE_TOKEN);
      for (const o of filters) for (const u of [0, 0.5, 0.999]) expect(sample(x, { ...o, u })).toBe(NON_FINITE_TOKEN);
      expect(() => sampleProbabilities(x, { temperature: 1 })).toThrow(RangeError);
    }
  });

  it('gives NON_FINITE_TOKEN for a row with nothing above -Infinity', () => {
    const x = new Float32Array(5).fill(-Infinity);
    expect(argmax(x)).toBe(NON_FINITE_TOKEN);
    for (const o of filters) expect(sample(x, { ...o, u: 0.5 })).toBe(NON_FINITE_TOKEN);
  });

  it('treats -Infinity alone as a masked token: probability 0, never drawn', () => {
    const best = argmax(logits);
    const masked = at(best, -Infinity);
    expect(samplable(masked)).toBe(true);
    expect(argmax(masked)).not.toBe(best);
    for (const o of filters) {
      expect(sampleProbabilities(masked, o)[best]).toBe(0);
      for (const u of uSweep) expect(sample(masked, { ...o, u })).not.toBe(best);
    }
    // The last token masked: u just below 1 draws the last finite one.
    const tail = Float32Array.of(0, 0, -Infinity);
    expect(sample(tail, { temperature: 1, u: 1 - 2 ** -24 })).toBe(1);
    // Top-k past the finite tokens keeps the -Infinity tie group, still at probability 0.
    expect(Array.from(sampleProbabilities(Float32Array.of(1, -Infinity, 0, -Infinity), { temperature: 1, topK: 3 }), (p) => p > 0)).toEqual([true, false, true, false]);
  });
});
