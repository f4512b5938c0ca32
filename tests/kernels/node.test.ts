// Every kernel case on Node's WebGPU (Dawn; SwiftShader on machines without a GPU), then the
// subgroup-using families again on a device created without the subgroups feature: their
// fallbacks run, and subgroup-only cases are reported as skipped; and a sample of every family's
// cases with dispatches folded into y. Last, every program a family's catalog can pick must have
// been run by some case here, and every one with its epilogue flags must be valid WGSL.

import { afterAll, describe, expect, it } from 'vitest';
import { createGpu, type Gpu, type GpuOptions } from '../../src/gpu/device.js';
import { type Dispatch, hasWorkgroups, Recorder } from '../../src/gpu/recorder.js';
import { allTraits, type ProgramCatalog } from '../../src/kernels/traits.js';
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

/**
 * Pipeline keys the cases ran, on every suite's device: dispatched with work, so compared with the
 * reference. Compiled is not enough: a refusal case's create() compiles programs it never runs (review K).
 */
const dispatched = new Set<string>();
const dispatch = Recorder.prototype.dispatch;
Recorder.prototype.dispatch = function (this: Recorder, d: Dispatch) {
  if (hasWorkgroups(d)) dispatched.add(d.pipeline.label);
  dispatch.call(this, d);
};

/**
 * A key as far as a case must cover it: without the epilogue flags (bias, activation, residual:
 * one add or function at the store, each run in its family by other programs) and with gemv's
 * staged x sized alike (the size is the plan's K).
 */
function coverageKey(key: string): string {
  const [family, ...parts] = key.split('/');
  return [family, ...parts.filter((p) => !/^(activation|bias|residual)=/.test(p)).map((p) => (family === 'gemv' && /^staged=[1-9]/.test(p) ? 'staged=N' : p))].join('/');
}

await suite('kernels', {}, allCases);
await suite('subgroup fallbacks', { disableFeatures: ['subgroups'] }, allCases.filter((c) => c.kernel === 'gemv' || c.kernel === 'matmul'));
// Every fifth case (odd against the families' alternating profiles): each family and both
// profiles' programs. A workgroup index that ignored y computed a fraction of the output unseen:
// only elementwise's cases fold at the real limit.
await suite('folded dispatches', {}, allCases.filter((_, i) => i % 5 === 0), 2);

// A program no case runs is a program nothing checks against the reference: 77 were found so
// (most of them the 'gpu' profile's, which real GPUs run). SwiftShader's subgroups are 4 lanes, so
// a software profile with subgroups of another width is no device these suites have.
const catalogs = import.meta.glob<{ programs: ProgramCatalog }>(['../../src/kernels/*/kernel.ts', '../../bench/lab/*/kernel.ts'], { eager: true });
describe('kernel catalogs', () => {
  it('every program a family can pick is run by some case (epilogue flags aside)', () => {
    const covered = new Set([...dispatched].map(coverageKey));
    const traits = allTraits.filter((t) => t.profile === 'gpu' || t.subgroupsOfFour || !t.subgroups);
    const missed = new Set<string>();
    for (const module of Object.values(catalogs)) {
      for (const t of traits) {
        for (const program of module.programs(t)) {
          const key = coverageKey(program.contract.key(program.options, program.constants));
          if (!covered.has(key)) missed.add(key);
        }
      }
    }
    expect(dispatched.size).toBeGreaterThan(100);
    expect([...missed].sort()).toEqual([]);
  });

  // The epilogue flags aside above nearly double the programs (320 without them, about 580 in all): Tint checks
  // every one's WGSL, under every combination of traits, in about a second (no pipeline is built).
  it('every program of every catalog, epilogue flags included, is valid WGSL', async () => {
    const gpu = await createGpu({ hostThreads: 2 });
    try {
      const codes = new Map<string, string>();
      for (const module of Object.values(catalogs)) {
        for (const t of allTraits) {
          for (const program of module.programs(t)) {
            const spec = program.contract.pipelineSpec(program.options, program.constants);
            codes.set(spec.key, spec.code);
          }
        }
      }
      const invalid: string[] = [];
      for (const [key, code] of codes) {
        const { messages } = await gpu.device.createShaderModule({ code, label: key }).getCompilationInfo();
        const errors = messages.filter((m) => m.type === 'error');
        if (errors.length) invalid.push(`${key}: ${errors[0]!.message}`);
      }
      expect(codes.size).toBeGreaterThan(100);
      expect(invalid).toEqual([]);
    } finally {
      gpu.destroy();
    }
  });
});
