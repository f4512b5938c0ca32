// The decode step's table by kernel (bench/model-table.ts stepProfileTables): its last line sets the
// stamped kernels beside the measured ms a token, and says when the two cannot both hold (review I
// saw 258 ms of stamped kernels against 65.6 ms a token on a loaded VM, and nothing flagged it).

import { describe, expect, it } from 'vitest';
import type { StepProfile } from '../../bench/model-api.js';
import type { ModelReportRow } from '../../bench/model-runs.js';
import { stepProfileTables } from '../../bench/model-table.js';

const row = (tokensPerSecond: number, kernelMs: number[]): ModelReportRow => {
  const stepProfile: StepProfile = {
    gpuMs: kernelMs.reduce((a, b) => a + b, 0), onePassGpuMs: null, recordMs: 0.1, hostStepMs: null, replays: 20,
    kernels: kernelMs.map((gpuMs, i) => ({ kernel: `k${i}`, calls: 1, gpuMs })),
  };
  return { model: 'm', description: '', dtype: 'f32', status: 'ok', decode: { promptTokens: 16, newTokens: 32, tokensPerSecond, trials: [tokensPerSecond] }, stepProfile };
};

describe('stepProfileTables', () => {
  it('says when the stamped kernels sum to more than a measured token, and only then', () => {
    const loaded = stepProfileTables([row(1000 / 65.6, [200, 58])]);
    expect(loaded).toMatch(/\| step \(20 replays\) \/ measured ms a token +\| +2 \| +258 \/ 65\.6 \| +100% \|/);
    expect(loaded).toMatch(/Note: the kernels, each stamped in a pass of its own, sum to 258 ms, more than the 65\.6 ms a token measured: .* Read the kernels' shares, not the difference\.$/);
    expect(stepProfileTables([row(1000 / 65.6, [40, 20])])).not.toContain('Note:');
    expect(stepProfileTables([row(1000 / 1.2341, [1.2345])])).not.toContain('Note:'); // "1.23 ms, more than 1.23 ms" (review R)
  });
});
