// The sampler's params for settings a GPU may flush (src/kernels/sample/kernel.ts): a positive
// temperature or topP below float32's smallest normal is a subnormal in the uniform, which a GPU
// may read as 0 in one place and not in another (temperature: the shader's `> 0` sees it, the
// divide does not, 0 / 0 for the top token). The plan raises each to the smallest normal, which
// draws as the subnormal does (checked on the CPU reference).

import { describe, expect, it } from 'vitest';
import { planSample } from '../../src/kernels/sample/kernel.js';
import { sample } from '../../src/kernels/sample/reference.js';
import { randomArray } from '../support/random.js';

const SMALLEST_NORMAL = 2 ** -126;

describe('the sampler\'s plan', () => {
  it('raises a subnormal temperature or topP to the smallest normal, and leaves 0 and normal ones alone', () => {
    const params = (o: { temperature: number; topP?: number }) => planSample({ V: 10, ...o }).params;
    expect(params({ temperature: 1e-40, topP: 1e-39 })).toMatchObject({ temperature: SMALLEST_NORMAL, topP: SMALLEST_NORMAL });
    expect(params({ temperature: 5e-324 }).temperature).toBe(SMALLEST_NORMAL);
    expect(params({ temperature: 0, topP: 0 })).toMatchObject({ temperature: 0, topP: 0 });
    expect(params({ temperature: 0.7, topP: 0.9 })).toMatchObject({ temperature: 0.7, topP: 0.9 });
    expect(params({ temperature: SMALLEST_NORMAL }).temperature).toBe(SMALLEST_NORMAL);
  });

  it('the smallest normal draws what the subnormal draws', () => {
    for (let row = 0; row < 20; row++) {
      const logits = randomArray(64, row + 1, 4);
      logits[row % 64] = logits[(row + 7) % 64]!; // a tie somewhere
      for (const u of [0.01, 0.5, 0.99]) {
        for (const topP of [1, 1e-39]) {
          expect(sample(logits, { temperature: SMALLEST_NORMAL, topP: Math.max(topP, SMALLEST_NORMAL), u })).toBe(sample(logits, { temperature: 1e-40, topP, u }));
        }
      }
    }
  });
});
