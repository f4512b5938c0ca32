// RoPE inverse frequencies with and without scaling, against the band rules of Llama 3.1's
// published scheme worked out per pair here (not by calling the same formula).

import { describe, expect, it } from 'vitest';
import { ropeFrequencyTurns, ropeInverseFrequencies } from '../../src/model/rope-frequencies.js';

const base = { ropeTheta: 500000, rotaryDim: 128 };

describe('ropeInverseFrequencies', () => {
  it('unscaled: theta^(-2i/d), pair 0 turning one radian per position', () => {
    const f = ropeInverseFrequencies(base);
    expect(f.length).toBe(64);
    expect(f[0]).toBe(1);
    expect(f[1]).toBeCloseTo(500000 ** (-2 / 128), 15);
    expect(f[63]).toBeCloseTo(500000 ** (-126 / 128), 15);
  });

  it('linear: every frequency divided by the factor', () => {
    const plain = ropeInverseFrequencies(base);
    const scaled = ropeInverseFrequencies({ ...base, ropeScaling: { type: 'linear', factor: 4 } });
    scaled.forEach((v, i) => expect(v).toBeCloseTo(plain[i] / 4, 15));
  });

  it('llama3 (Llama 3.1 8B settings): short wavelengths kept, long ones slowed 8x, a smooth band between', () => {
    const plain = ropeInverseFrequencies(base);
    const scaled = ropeInverseFrequencies({ ...base, ropeScaling: { type: 'llama3', factor: 8, lowFreqFactor: 1, highFreqFactor: 4, originalContext: 8192 } });
    let kept = 0, slowed = 0, blended = 0;
    for (let i = 0; i < plain.length; i++) {
      const wavelength = (2 * Math.PI) / plain[i];
      if (wavelength < 8192 / 4) { // shorter than 2048 positions: untouched
        expect(scaled[i]).toBe(plain[i]);
        kept++;
      } else if (wavelength > 8192) { // longer than the original context: 8x slower
        expect(scaled[i]).toBeCloseTo(plain[i] / 8, 15);
        slowed++;
      } else { // in between: strictly between the two, blending towards plain as wavelength shortens
        expect(scaled[i]).toBeLessThan(plain[i]);
        expect(scaled[i]).toBeGreaterThan(plain[i] / 8);
        blended++;
      }
    }
    expect([kept > 0, slowed > 0, blended > 0]).toEqual([true, true, true]);
    // A pair of wavelength 4096 (twice the high edge): blend weight (8192/4096 - 1) / (4 - 1) = 1/3,
    // so the frequency is 2/3 of f/8 plus 1/3 of f. theta = (4096 / 2 pi)^2 puts pair 1 there.
    const f = (2 * Math.PI) / 4096;
    const one = ropeInverseFrequencies({ ropeTheta: (4096 / (2 * Math.PI)) ** 2, rotaryDim: 4, ropeScaling: { type: 'llama3', factor: 8, lowFreqFactor: 1, highFreqFactor: 4, originalContext: 8192 } });
    expect(one[0]).toBe(1); // wavelength 2 pi: kept
    expect(one[1]).toBeCloseTo((2 / 3) * (f / 8) + (1 / 3) * f, 12);
  });

  it('turns for the GPU are radians over 2 pi, as float32', () => {
    const turns = ropeFrequencyTurns(Float64Array.from([2 * Math.PI, Math.PI]));
    expect(Array.from(turns)).toEqual([1, 0.5]);
  });
});
