// Every kernel case on Node's WebGPU (Dawn; SwiftShader on machines without a GPU).

import { afterAll, describe, expect, it } from 'vitest';
import { createGpu } from '../../src/gpu/device.js';
import { allCases } from './all-cases.js';
import { accuracyTable, skipReason, type Outcome } from './report.js';

const gpu = await createGpu();
const adapter = `node/dawn ${gpu.adapter.vendor} ${gpu.adapter.architecture} (profile ${gpu.profile})`;
const outcomes: Outcome[] = [];

describe(`kernels on ${adapter}`, () => {
  for (const c of allCases) {
    const skipped = skipReason(c.requires, gpu.features);
    if (skipped) {
      outcomes.push({ c, skipped });
      it.skip(`${c.kernel} ${c.name} (skipped: ${skipped})`, () => {});
      continue;
    }
    it(`${c.kernel} ${c.name}`, async () => {
      const result = await c.run(gpu);
      outcomes.push({ c, result });
      expect(result.pass, result.detail).toBe(true);
    });
  }
});

afterAll(() => {
  console.log(accuracyTable(adapter, outcomes));
  gpu.destroy();
});
