// The bench's measuring surface over one Engine's GPU: adapter info, the read and compute
// probes, our kernels and the models (model-api.ts), plus TF.js where the caller passes it in
// (the page does; Node does not load TF.js). The drivers (kernels.ts, run.ts) call these one at
// a time, directly or through page.evaluate.

import type { Engine } from '../src/index.js';
import { benchCases, type BenchCase } from './cases.js';
import { measureOurs, type BenchOptions, type OursResult } from './measure.js';
import { createModelApi, type ModelApi } from './model-api.js';
import { measureAluProbe, type AluProbeName, type AluProbeResult } from './alu-probe.js';
import { measureDispatchProbe, type DispatchProbeResult } from './dispatch-probe.js';
import { createProbeSource, measureProbe, probeLayouts, type ProbeResult } from './probe.js';
import type { TfjsResult } from './tfjs.js';

export interface BenchInfo {
  adapter: string;
  runtime: 'browser' | 'node';
  profile: string;
  /** The host's logical CPUs, which size a software adapter's grids. */
  hostThreads: number;
  features: Engine['gpu']['features'];
  limits: { maxStorageBufferBindingSize: number; maxBufferSize: number };
  userAgent: string;
}

export interface BenchApi extends ModelApi {
  info(): BenchInfo;
  probe(layout: string, o: BenchOptions, bytes: number): Promise<ProbeResult>;
  alu(name: AluProbeName, o: BenchOptions): Promise<AluProbeResult>;
  /** What one small dispatch costs in a chain (dispatch-probe.ts). */
  dispatch(o: BenchOptions): Promise<DispatchProbeResult>;
  ours(name: string, o: BenchOptions): Promise<OursResult>;
  /** null where TF.js is not loaded or has no equivalent op. */
  tfjs(name: string, o: BenchOptions): Promise<TfjsResult | null>;
}

function findCase(name: string): BenchCase {
  const c = benchCases.find((k) => k.name === name);
  if (!c) throw new Error(`bench: unknown case "${name}"`);
  return c;
}

export function createBenchApi(engine: Engine, tfjs?: (c: BenchCase, o: BenchOptions) => Promise<TfjsResult | null>): BenchApi {
  const gpu = engine.gpu;
  let source: { buffer: GPUBuffer; sum: number } | null = null;
  return {
    ...createModelApi(engine),
    info: () => ({
      adapter: [gpu.adapter.vendor, gpu.adapter.architecture, gpu.adapter.device, gpu.adapter.description].filter(Boolean).join(' / '),
      runtime: gpu.adapter.runtime,
      profile: gpu.profile,
      hostThreads: gpu.hostThreads,
      features: gpu.features,
      limits: { maxStorageBufferBindingSize: gpu.limits.maxStorageBufferBindingSize, maxBufferSize: gpu.limits.maxBufferSize },
      userAgent: typeof navigator !== 'undefined' ? navigator.userAgent : `node ${process.version}`,
    }),
    async probe(name, o, bytes) {
      const layout = probeLayouts.find((l) => l.name === name);
      if (!layout) throw new Error(`bench: unknown probe layout "${name}"`);
      if (source?.buffer.size !== bytes) {
        source?.buffer.destroy();
        source = createProbeSource(gpu, bytes);
      }
      return measureProbe(gpu, source, layout, o.timing);
    },
    alu: (name, o) => measureAluProbe(gpu, name, o.timing),
    dispatch: (o) => measureDispatchProbe(gpu, o.timing),
    ours: (name, o) => measureOurs(gpu, findCase(name), o),
    tfjs: async (name, o) => (tfjs ? tfjs(findCase(name), o) : null),
  };
}
