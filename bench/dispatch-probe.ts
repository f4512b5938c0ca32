// The fixed cost of a dispatch: a chain of dispatches of one tiny workgroup, each adding 1 to the
// same word (so each must see the one before: the barrier a decode step's dispatches pay), recorded
// in one pass and timed per dispatch. A decode step is a few dozen small dispatches: on a GPU this
// cost, not the bytes, can set its time (docs/BENCHMARKS.md, the first GPU run).

import { createStorage, readUint32 } from '../src/gpu/buffers.js';
import type { Gpu } from '../src/gpu/device.js';
import { bindKernel, grid } from '../src/kernels/common.js';
import { timeBounds } from './timestamps.js';
import type { TimingOptions } from './timing.js';

export interface DispatchProbeResult {
  /** Wall-clock microseconds a dispatch, submit and wait spread over the chain. */
  microseconds: number;
  /** From timestamp-query GPU time (null without the feature). */
  gpuMicroseconds: number | null;
  reps: number;
}

const SHADER = /* wgsl */ `
struct Params { zero: u32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read_write> counter: array<u32>;

@compute @workgroup_size(1)
fn main() {
  counter[0] = counter[0] + 1u + p.zero; // p read, so the auto layout keeps its binding
}
`;

export async function measureDispatchProbe(gpu: Gpu, timing: TimingOptions): Promise<DispatchProbeResult> {
  const pipeline = await gpu.pipelines.get({ key: 'bench-dispatch', code: SHADER });
  const counter = createStorage(gpu.device, 16, 'dispatch:counter');
  try {
    const bound = bindKernel(gpu, 'bench-dispatch', pipeline, [counter], () => ({ params: [0], workgroups: grid(gpu, 1) }), {});
    const { timing: result, gpuSeconds } = await timeBounds(gpu, [bound], 'bench-dispatch', timing);
    // Every dispatch ran and saw the one before: the count is at least the last timed chain's length.
    const count = (await readUint32(gpu.device, counter, 1))[0]!;
    if (count < result.reps) throw new Error(`dispatch probe: the counter reads ${count} after a chain of ${result.reps} dispatches: they did not all run in order`);
    gpu.assertHealthy();
    return { microseconds: result.seconds * 1e6, gpuMicroseconds: gpuSeconds === null ? null : gpuSeconds * 1e6, reps: result.reps };
  } finally {
    counter.destroy();
  }
}
