// RoPE inverse frequencies (radians per position) for each rotated pair, scaling included:
// computed once in float64 on the CPU, shared by the GPU forward pass (uploaded as turns) and
// the CPU reference. Tests: tests/model/rope-frequencies.test.ts.

import type { ModelConfig } from './config.js';

export function ropeInverseFrequencies(c: Pick<ModelConfig, 'ropeTheta' | 'rotaryDim' | 'ropeScaling'>): Float64Array {
  const half = c.rotaryDim / 2;
  const freqs = new Float64Array(half);
  for (let i = 0; i < half; i++) freqs[i] = Math.pow(c.ropeTheta, (-2 * i) / c.rotaryDim);
  const s = c.ropeScaling;
  if (s?.type === 'linear') {
    for (let i = 0; i < half; i++) freqs[i] /= s.factor;
  } else if (s?.type === 'llama3') {
    // Llama 3.1: long wavelengths slow down by `factor`, short ones stay, the band between blends.
    const lowWavelength = s.originalContext / s.lowFreqFactor;
    const highWavelength = s.originalContext / s.highFreqFactor;
    for (let i = 0; i < half; i++) {
      const wavelength = (2 * Math.PI) / freqs[i];
      if (wavelength > lowWavelength) {
        freqs[i] /= s.factor;
      } else if (wavelength >= highWavelength) {
        const smooth = (s.originalContext / wavelength - s.lowFreqFactor) / (s.highFreqFactor - s.lowFreqFactor);
        freqs[i] = (1 - smooth) * (freqs[i] / s.factor) + smooth * freqs[i];
      }
    }
  } else if (s?.type === 'factors') {
    // ggml's rope divides each pair's angle by its factor.
    for (let i = 0; i < half; i++) freqs[i] /= s.factors[i]!;
  }
  return freqs;
}

/** The GPU's form: turns (fractions of a full rotation) per position, as float32. */
export function ropeFrequencyTurns(invFreq: Float64Array): Float32Array {
  return Float32Array.from(invFreq, (f) => f / (2 * Math.PI));
}
