// The bench's measuring surface over one Gpu: adapter info, the read probe and our kernels,
// plus TF.js where the caller passes it in (the page does; Node does not load TF.js).
// The driver (kernels.ts) calls these one at a time, directly or through page.evaluate.

import type { Gpu } from '../src/gpu/device.js';
import { benchCases, type BenchCase } from './cases.js';
import { measureOurs, type BenchOptions, type OursResult } from './measure.js';
import { createProbeSource, measureProbe, probeLayouts, type ProbeResult } from './probe.js';
import type { TfjsResult } from './tfjs.js';

export interface BenchInfo {
  adapter: string;
  runtime: 'browser' | 'node';
  profile: string;
  features: Gpu['features'];
  userAgent: string;
}

export interface BenchApi {
  info(): BenchInfo;
  probe(layout: string, o: BenchOptions, bytes: number): Promise<ProbeResult>;
  ours(name: string, o: BenchOptions): Promise<OursResult>;
  /** null where TF.js is not loaded or has no equivalent op. */
  tfjs(name: string, o: BenchOptions): Promise<TfjsResult | null>;
}

function findCase(name: string): BenchCase {
  const c = benchCases.find((k) => k.name === name);
  if (!c) throw new Error(`bench: unknown case "${name}"`);
  return c;
}

export function createBenchApi(gpu: Gpu, tfjs?: (c: BenchCase, o: BenchOptions) => Promise<TfjsResult | null>): BenchApi {
  let source: { buffer: GPUBuffer; sum: number } | null = null;
  return {
    info: () => ({
      adapter: [gpu.adapter.vendor, gpu.adapter.architecture, gpu.adapter.device, gpu.adapter.description].filter(Boolean).join(' / '),
      runtime: gpu.adapter.runtime,
      profile: gpu.profile,
      features: gpu.features,
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
    ours: (name, o) => measureOurs(gpu, findCase(name), o),
    tfjs: async (name, o) => (tfjs ? tfjs(findCase(name), o) : null),
  };
}
