// The fixed cost of a dispatch, two ways. 'chained': each dispatch of one tiny workgroup adds 1 to
// the same word, so each must see the one before (the barrier a decode step's dispatches pay).
// 'unchained': the same tiny dispatch reading its buffer only, so nothing orders them and no
// barrier is needed: what launching alone costs. A decode step is a few dozen small dependent
// dispatches: on a GPU this cost, not the bytes, can set its time (docs/BENCHMARKS.md, the first
// GPU run); the gap between the two says whether fusing dispatches or something else would help.

import { createStorage, readUint32 } from '../src/gpu/buffers.js';
import type { Gpu } from '../src/gpu/device.js';
import { bindKernel, grid } from '../src/kernels/common.js';
import { MapMode, Usage } from '../src/gpu/flags.js';
import { timeBounds } from './timestamps.js';
import { nowSeconds, type TimingOptions } from './timing.js';

export interface DispatchCost {
  /** Wall-clock microseconds a dispatch, submit and wait spread over the chain. */
  microseconds: number;
  /** From timestamp-query GPU time (null without the feature). */
  gpuMicroseconds: number | null;
  reps: number;
}

export interface DispatchProbeResult extends DispatchCost {
  /** The same dispatches with nothing between them to wait on (null where it failed). */
  unchained: DispatchCost | null;
  /**
   * Microseconds from submitting a 4-byte copy to its mapAsync resolving (median): the round trip
   * each decoded token's readback pays, which decode's queued steps hide when the window covers it
   * (null where it failed).
   */
  roundTripMicroseconds: number | null;
}

/** One workgroup of one lane over `counter`, bound with `access`; p is read so the auto layout keeps its binding. */
const probeShader = (access: 'read_write' | 'read', body: string) => /* wgsl */ `
struct Params { zero: u32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, ${access}> counter: array<u32>;

@compute @workgroup_size(1)
fn main() {
  ${body}
}
`;

const CHAINED = probeShader('read_write', 'counter[0] = counter[0] + 1u + p.zero;');
// Reads only: a read-only storage binding needs no barrier between dispatches.
const UNCHAINED = probeShader('read', '_ = counter[p.zero];');

async function timeChain(gpu: Gpu, key: string, code: string, counter: GPUBuffer, timing: TimingOptions): Promise<DispatchCost> {
  const pipeline = await gpu.pipelines.get({ key, code });
  const bound = bindKernel(gpu, key, pipeline, [counter], () => ({ params: [0], workgroups: grid(gpu, 1) }), {});
  try {
    const { timing: result, gpuSeconds } = await timeBounds(gpu, [bound], key, timing);
    return { microseconds: result.seconds * 1e6, gpuMicroseconds: gpuSeconds === null ? null : gpuSeconds * 1e6, reps: result.reps };
  } finally {
    bound.destroy(); // its param slot
  }
}

/**
 * Throws unless one more chain of `reps` dispatches, on a zeroed counter, counts exactly `reps`:
 * every dispatch ran and saw the one before (the timed chains' runs all add to the counter, so
 * their total could not tell a lost dispatch).
 */
async function checkChain(gpu: Gpu, key: string, counter: GPUBuffer, reps: number): Promise<void> {
  const pipeline = await gpu.pipelines.get({ key, code: CHAINED });
  const bound = bindKernel(gpu, key, pipeline, [counter], () => ({ params: [0], workgroups: grid(gpu, 1) }), {});
  try {
    gpu.device.queue.writeBuffer(counter, 0, new Uint32Array(4));
    const rec = gpu.recorder(`${key}:check`);
    for (let i = 0; i < reps; i++) bound.record(rec);
    rec.submit();
    const count = (await readUint32(gpu.device, counter, 1))[0]!;
    if (count !== reps) throw new Error(`dispatch probe: the counter reads ${count} after a chain of ${reps} dispatches: they did not all run in order`);
  } finally {
    bound.destroy();
  }
}

/** Median microseconds of `reps` round trips: a 4-byte copy submitted alone, then mapped for reading. */
async function roundTrip(device: GPUDevice, source: GPUBuffer, reps: number): Promise<number> {
  const read = device.createBuffer({ label: 'dispatch:round-trip', size: 4, usage: Usage.MAP_READ | Usage.COPY_DST });
  try {
    const times: number[] = [];
    for (let i = 0; i < reps; i++) {
      const t0 = nowSeconds();
      const encoder = device.createCommandEncoder({ label: 'dispatch:round-trip' });
      encoder.copyBufferToBuffer(source, 0, read, 0, 4);
      device.queue.submit([encoder.finish()]);
      await read.mapAsync(MapMode.READ);
      read.unmap();
      times.push(nowSeconds() - t0);
    }
    return 1e6 * times.sort((a, b) => a - b)[reps >> 1]!;
  } finally {
    read.destroy();
  }
}

export async function measureDispatchProbe(gpu: Gpu, timing: TimingOptions): Promise<DispatchProbeResult> {
  const counter = createStorage(gpu.device, 16, 'dispatch:counter');
  try {
    const chained = await timeChain(gpu, 'bench-dispatch', CHAINED, counter, timing);
    await checkChain(gpu, 'bench-dispatch', counter, chained.reps);
    // The chain's numbers stand even where these fail.
    const unchained = await timeChain(gpu, 'bench-dispatch-unchained', UNCHAINED, counter, timing).catch(() => null);
    const roundTripMicroseconds = await roundTrip(gpu.device, counter, 51).catch(() => null);
    gpu.assertHealthy();
    return { ...chained, unchained, roundTripMicroseconds };
  } finally {
    counter.destroy();
  }
}
