// Read-bandwidth probe: sums a large f32 buffer into one partial sum per workgroup, in several
// layouts, to measure what the adapter can stream. A benchmark yardstick, not a library kernel;
// it checks its own result against the exact sum (the buffer holds zeros and ones).

import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';
import { rowReduce } from '../shaders/reduce.js';
import { createStorage, readFloat32, uploadStorage } from '../src/gpu/buffers.js';
import type { Gpu } from '../src/gpu/device.js';
import type { Tuning } from '../src/gpu/profile.js';
import { bindKernel, grid } from '../src/kernels/common.js';
import { timeBounds } from './timestamps.js';
import type { Timing, TimingOptions } from './timing.js';

export interface ProbeLayout {
  name: string;
  threads: number;
  /** Each invocation sums one contiguous run (else: 256-style grid stride over the buffer). */
  contiguous: boolean;
  vec4: boolean;
  /** Four independent loads per loop iteration. */
  unroll: boolean;
}

export interface ProbeResult {
  layout: ProbeLayout;
  invocations: number;
  bytes: number;
  timing: Timing;
  gbs: number;
  /** Bandwidth from timestamp-query GPU time (null without the feature). */
  gpuGBs: number | null;
}

export const probeLayouts: ProbeLayout[] = [
  ...[4, 8, 16, 64].map((threads) => ({ name: `read contiguous wg=${threads}`, threads, contiguous: true, vec4: false, unroll: false })),
  { name: 'read grid-stride wg=256', threads: 256, contiguous: false, vec4: false, unroll: false },
  { name: 'read contiguous vec4 wg=4', threads: 4, contiguous: true, vec4: true, unroll: false },
  { name: 'read contiguous vec4 x4 wg=4', threads: 4, contiguous: true, vec4: true, unroll: true },
  { name: 'read grid-stride vec4 wg=256', threads: 256, contiguous: false, vec4: true, unroll: false },
  { name: 'read grid-stride vec4 x4 wg=256', threads: 256, contiguous: false, vec4: true, unroll: true },
];

// Total invocations: enough to fill a big GPU; a few per SIMD lane and core on SwiftShader.
const invocations: Tuning<number> = { gpu: 262144, software: 1024 };

function probeShader(o: { contiguous: boolean; vec4: boolean; unroll: boolean }): string {
  return wgsl`
struct Params { n: u32, invocations: u32, workgroups: u32 }

@group(0) @binding(0) var<uniform> p: Params;
#if ${o.vec4}
alias Elem = vec4<f32>;
#else
alias Elem = f32;
#endif
@group(0) @binding(1) var<storage, read> src: array<Elem>;     // (n,)
@group(0) @binding(2) var<storage, read_write> out: array<f32>; // (workgroups,) partial sums

${rowReduce({ contiguous: true })}

@compute @workgroup_size(THREADS)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let group = wg.x + wg.y * nwg.x;
  if (group >= p.workgroups) { return; }
  let inv = group * THREADS + tid;
#if ${o.contiguous}
  let run = (p.n + p.invocations - 1u) / p.invocations;
  let begin = inv * run;
  let end = min(begin + run, p.n);
  let step = 1u;
#else
  let begin = inv;
  let end = p.n;
  let step = p.invocations;
#endif
  var acc = Elem(0.0);
  var i = begin;
#if ${o.unroll}
  // Four independent loads per iteration: loop overhead and add latency stop hiding the memory.
  var acc1 = Elem(0.0);
  var acc2 = Elem(0.0);
  var acc3 = Elem(0.0);
  for (; i + 3u * step < end; i += 4u * step) {
    acc += src[i];
    acc1 += src[i + step];
    acc2 += src[i + 2u * step];
    acc3 += src[i + 3u * step];
  }
  acc += acc1 + acc2 + acc3;
#endif
  for (; i < end; i += step) { acc += src[i]; }
#if ${o.vec4}
  let s = acc.x + acc.y + acc.z + acc.w;
#else
  let s = acc;
#endif
  let total = reduceSum(tid, s);
  if (tid == 0u) { out[group] = total; }
}
`;
}

/**
 * A source buffer of `bytes` bytes holding a 1 in every float, so that a probe that skipped any
 * load sums less (with 1s at every fourth float only, three of four lanes could skip theirs
 * unseen). A workgroup's partial sum is exact in f32 below 2^24: its share of the buffer under 64 MiB.
 */
export function createProbeSource(gpu: Gpu, bytes: number): { buffer: GPUBuffer; sum: number } {
  const data = new Float32Array(bytes / 4).fill(1);
  return { buffer: uploadStorage(gpu.device, data, 'probe:src'), sum: data.length };
}

export async function measureProbe(
  gpu: Gpu,
  source: { buffer: GPUBuffer; sum: number },
  layout: ProbeLayout,
  timing: TimingOptions,
): Promise<ProbeResult> {
  const width = layout.vec4 ? 4 : 1;
  const n = source.buffer.size / 4 / width;
  const workgroups = Math.ceil(invocations[gpu.profile] / layout.threads);
  const total = workgroups * layout.threads;
  const pipeline = await gpu.pipelines.get({
    key: `bench-probe/contiguous=${+layout.contiguous}/vec4=${+layout.vec4}/unroll=${+layout.unroll}/threads=${layout.threads}`,
    code: probeShader(layout),
    constants: { THREADS: layout.threads },
  });
  const out = createStorage(gpu.device, workgroups * 4, 'probe:out');
  try {
    const bound = bindKernel(gpu, 'bench-probe', pipeline, [source.buffer, out], () => ({
      params: [n, total, workgroups],
      workgroups: grid(gpu, workgroups),
    }), {});
    const { timing: result, gpuSeconds } = await timeBounds(gpu, [bound], 'bench-probe', timing);
    const partials = await readFloat32(gpu.device, out, workgroups);
    const got = partials.reduce((a, b) => a + b, 0);
    if (got !== source.sum) throw new Error(`${layout.name}: probe summed ${got}, expected ${source.sum}: it did not read the whole buffer`);
    gpu.assertHealthy();
    const gbs = (seconds: number) => source.buffer.size / seconds / 1e9;
    return { layout, invocations: total, bytes: source.buffer.size, timing: result, gbs: gbs(result.seconds), gpuGBs: gpuSeconds ? gbs(gpuSeconds) : null };
  } finally {
    out.destroy();
  }
}
