// Every kernel case on Node's WebGPU (Dawn; SwiftShader on machines without a GPU), then the
// subgroup-using families again on a device created without the subgroups feature: their
// fallbacks run, and subgroup-only cases are reported as skipped; and a sample of every family's
// cases with dispatches folded into y.

import { afterAll, describe, expect, it } from 'vitest';
import { createGpu, type Gpu, type GpuOptions } from '../../src/gpu/device.js';
import { allCases } from './all-cases.js';
import type { KernelCase } from './harness.js';
import { accuracyTable, skipReason, type Outcome } from './report.js';

async function suite(title: string, options: GpuOptions, cases: KernelCase[], foldPast?: number): Promise<void> {
  // Two host threads on any machine: the software profile's capped grids (8 gemv workgroups, the
  // cases' striding) do not depend on where the tests run.
  const gpu: Gpu = await createGpu({ hostThreads: 2, ...options });
  if (foldPast !== undefined) capWorkgroupsPerDimension(gpu, foldPast);
  const adapter = `node/dawn ${gpu.adapter.vendor} ${gpu.adapter.architecture} (profile ${gpu.profile}${options.disableFeatures ? `, without ${options.disableFeatures.join(', ')}` : ''}${foldPast ? `, grids folded past ${foldPast}` : ''})`;
  const outcomes: Outcome[] = [];
  describe(`${title} on ${adapter}`, () => {
    for (const c of cases) {
      const skipped = skipReason(c.requires, gpu.features);
      if (skipped) {
        outcomes.push({ c, skipped });
        // Deliberate and visible: the case needs a feature this device lacks. In the 'subgroup fallbacks'
        // suite below (subgroups disabled) these are the subgroup-only gemv cases; they run in the first
        // suite, and the fallback programs they would compare against run here.
        it.skip(`${c.kernel} ${c.name} (skipped: ${skipped})`, () => {});
        continue;
      }
      it(`${c.kernel} ${c.name}`, async () => {
        const result = await c.run(gpu);
        outcomes.push({ c, result });
        expect(result.pass, result.detail).toBe(true);
      });
    }
    afterAll(() => {
      console.log(accuracyTable(adapter, outcomes));
      gpu.destroy();
    });
  });
}

/**
 * `gpu` as if its device took at most `max` workgroups a dimension: grid() (src/kernels/common.ts)
 * folds every larger dispatch into y, as real shapes need only past 65,535 workgroups (an
 * 8K-token prefill's attention), which no case reaches.
 */
function capWorkgroupsPerDimension(gpu: Gpu, max: number): void {
  const limits = gpu.device.limits;
  const capped = new Proxy(limits, { get: (target, key) => (key === 'maxComputeWorkgroupsPerDimension' ? max : target[key as keyof GPUSupportedLimits]) });
  Object.defineProperty(gpu, 'limits', { value: capped });
}

await suite('kernels', {}, allCases);
await suite('subgroup fallbacks', { disableFeatures: ['subgroups'] }, allCases.filter((c) => c.kernel === 'gemv' || c.kernel === 'matmul'));
// Every fifth case (odd against the families' alternating profiles): each family and both
// profiles' programs. A workgroup index that ignored y computed a fraction of the output unseen:
// only elementwise's cases fold at the real limit.
await suite('folded dispatches', {}, allCases.filter((_, i) => i % 5 === 0), 2);
