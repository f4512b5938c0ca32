// The GPU sampler's distribution: on a fixed logit vector, 20k seeded draws per setting match the
// reference probabilities (src/kernels/sample/reference.ts) by a chi-square test; same seed, same tokens.

import { afterAll, describe, expect, it } from 'vitest';
import { createGpu } from '../../src/gpu/device.js';
import { readUint32, createStorage, uploadStorage } from '../../src/gpu/buffers.js';
import { Sampler, type SampleShape } from '../../src/kernels/sample/kernel.js';
import { sampleProbabilities } from '../../src/kernels/sample/reference.js';

const gpu = await createGpu();
afterAll(() => gpu.destroy());

const DRAWS = 20_000;
const PER_SUBMIT = 500;
const logits = Float32Array.from([2.0, 1.5, 1.5, 0.2, -0.3, 1.0, -2.0, 0.7, 0.0, -1.0, 0.4, 3.0]);

/** `count` draws at steps first.. (each its own param slot), recorded into few submits. */
async function draw(shape: Omit<SampleShape, 'V' | 'step' | 'outIndex'>, count: number, firstStep = 0): Promise<Uint32Array> {
  const sampler = await Sampler.create(gpu, { mode: 'sample' });
  const lb = uploadStorage(gpu.device, logits, 'logits');
  const out = createStorage(gpu.device, PER_SUBMIT * 4, 'ids');
  const bounds = Array.from({ length: PER_SUBMIT }, (_, i) => sampler.bind({ logits: lb, out }, { ...shape, V: logits.length, step: 0, outIndex: i }));
  const ids = new Uint32Array(count);
  for (let at = 0; at < count; at += PER_SUBMIT) {
    const rec = gpu.recorder();
    bounds.forEach((b, i) => b.update({ ...shape, V: logits.length, step: firstStep + at + i, outIndex: i }).record(rec));
    rec.submit();
    ids.set((await readUint32(gpu.device, out, PER_SUBMIT)).subarray(0, Math.min(PER_SUBMIT, count - at)), at);
  }
  lb.destroy();
  out.destroy();
  return ids;
}

/** Wilson-Hilferty approximation of the chi-square quantile at p = 0.999 (z = 3.09). */
function chiSquareCritical(df: number): number {
  const z = 3.09;
  return df * (1 - 2 / (9 * df) + z * Math.sqrt(2 / (9 * df))) ** 3;
}

const settings: Array<[string, Omit<SampleShape, 'V' | 'step' | 'outIndex'>]> = [
  ['temperature 0.7', { temperature: 0.7, seed: 1 }],
  ['temperature 1.3', { temperature: 1.3, seed: 2 }],
  ['top-k 4', { temperature: 1, topK: 4, seed: 3 }],
  ['top-p 0.8', { temperature: 1, topP: 0.8, seed: 4 }],
  ['min-p 0.2', { temperature: 1, minP: 0.2, seed: 5 }],
  ['all filters', { temperature: 0.9, topK: 6, topP: 0.9, minP: 0.05, seed: 6 }],
];

describe('GPU sampler distribution (chi-square, 20k draws)', () => {
  for (const [name, shape] of settings) {
    it(name, async () => {
      const probs = sampleProbabilities(logits, shape);
      const ids = await draw(shape, DRAWS);
      const counts = new Float64Array(logits.length);
      for (const id of ids) counts[id]++;
      let chi2 = 0;
      let df = -1;
      for (let i = 0; i < logits.length; i++) {
        if (probs[i] === 0) {
          expect(counts[i], `token ${i} was filtered out but drawn`).toBe(0);
          continue;
        }
        const expected = probs[i] * DRAWS;
        chi2 += (counts[i] - expected) ** 2 / expected;
        df++;
      }
      expect(chi2).toBeLessThan(chiSquareCritical(Math.max(df, 1)));
    }, 120_000);
  }

  it('same seed gives the same tokens, another seed others', async () => {
    const a = await draw({ temperature: 1, seed: 42 }, 200);
    const b = await draw({ temperature: 1, seed: 42 }, 200);
    const c = await draw({ temperature: 1, seed: 43 }, 200);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });
});
