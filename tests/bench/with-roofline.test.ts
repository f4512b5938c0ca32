// The bench's derived columns (bench/model-runs.ts withRoofline): the roofline share, and the ratio
// to f32 that alternation exists for, taken round by round.

import { describe, expect, it } from 'vitest';
import { withRoofline, type ModelMeasurement } from '../../bench/model-runs.js';
import type { ModelLoadResult } from '../../bench/model-api.js';

const row = (dtype: 'f32' | 'q8_0', bytesPerToken: number, decode: number, alternated?: number[]): ModelMeasurement => ({
  model: 'm', description: '', dtype, status: 'ok',
  load: { bytesPerToken } as ModelLoadResult,
  decode: { promptTokens: 16, newTokens: 32, tokensPerSecond: decode, trials: [decode] },
  ...(alternated ? { alternatedDecode: { tokensPerSecond: NaN, trials: alternated } } : {}),
});

describe('withRoofline', () => {
  it('divides decode tokens/s by read bandwidth over bytes per token', () => {
    const [f32] = withRoofline([row('f32', 2e6, 250)], 1);
    expect(f32!.rooflineTokensPerSecond).toBe(500);
    expect(f32!.fractionOfRoofline).toBe(0.5);
  });

  // Review I's case in kind: the two medians (112 and 462) give 0.24x, where each round's two runs,
  // minutes apart at most, give 0.89, 0.16 and 1.12.
  it('takes the ratio to f32 as the median of each round\'s ratio, not the ratio of the medians', () => {
    const f32 = row('f32', 4e6, 100, [500, 462, 100]);
    const q8 = row('q8_0', 1e6, 100, [445, 74, 112]);
    const [, out] = withRoofline([f32, q8], 1);
    expect(out!.speedupMeasured).toBe('in alternation');
    expect(out!.speedupOverF32).toBeCloseTo(0.89, 12); // rounds: 0.89, 0.16, 1.12
  });

  it('falls back to the runs one after another where a row has no alternation', () => {
    const [, out] = withRoofline([row('f32', 4e6, 100), row('q8_0', 1e6, 170)], 1);
    expect(out!.speedupMeasured).toBe('one after another');
    expect(out!.speedupOverF32).toBeCloseTo(1.7, 12);
  });
});
