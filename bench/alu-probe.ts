// Compute probes: arithmetic from registers, no memory reads, to put a second ceiling beside the
// read probe's. A dequantizing GEMV runs at the lower of the two: on a GPU the bytes bind it, on a
// CPU adapter (SwiftShader) the operations spent per weight can. Two loops, each checking its own
// result against the CPU: f32 FMAs (the adapter's peak, 2 FLOP each), and the engine's own q4_0
// decode (shaders/weights.ts's q4InPlace: 8 weights a word, masked in place, converted and
// multiplied-added against x, as the GEMV does; 2 FLOP a weight, as the GEMV case counts them).

import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';
import { createStorage, readFloat32 } from '../src/gpu/buffers.js';
import type { Gpu } from '../src/gpu/device.js';
import type { Tuning } from '../src/gpu/profile.js';
import { bindKernel, grid } from '../src/kernels/common.js';
import { unroll } from '../shaders/unroll.js';
import { HIGH_NIBBLE_UNPLACE, NIBBLE_UNPLACE, q4InPlace } from '../shaders/weights.js';
import { timeBounds } from './timestamps.js';
import type { Timing, TimingOptions } from './timing.js';

export type AluProbeName = 'alu f32 fma' | 'alu q4_0 decode';

export interface AluProbeResult {
  name: AluProbeName;
  invocations: number;
  timing: Timing;
  gflops: number;
  /** From timestamp-query GPU time (null without the feature). */
  gpuGflops: number | null;
}

export const aluProbeNames: AluProbeName[] = ['alu f32 fma', 'alu q4_0 decode'];

const THREADS = 64;
// Enough invocations to fill a big GPU; a few per SIMD lane and core on SwiftShader.
const invocations: Tuning<number> = { gpu: 262144, software: 1024 };
const ITERATIONS = 2048;
// Iterations a loop turn (the GEMV unrolls its block's words too): the loop's own cost stays out.
const UNROLL = 4;
// Each invocation's FMA chains: a = a * M + C from a0 = (invocation % 64) + j, converging on 1.
const [M, C] = [0.9990234375, 0.0009765625];
// FLOP an iteration: 4 vec4 FMAs; 8 weights of a q4_0 word.
const flopsPerIteration: Record<AluProbeName, number> = { 'alu f32 fma': 32, 'alu q4_0 decode': 16 };

function aluShader(name: AluProbeName): string {
  const fma = name === 'alu f32 fma';
  return wgsl`
struct Params { iterations: u32, invocations: u32 }

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read_write> out: array<vec4<f32>>; // (invocations, 2)

@compute @workgroup_size(${THREADS})
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let inv = (wg.x + wg.y * nwg.x) * ${THREADS}u + tid;
  if (inv >= p.invocations) { return; }
#if ${fma}
  // Four independent chains, so the adds' latency does not hide the throughput.
  var a0 = vec4<f32>(f32(inv % 64u)) + vec4<f32>(0.0, 1.0, 2.0, 3.0);
  var a1 = a0 + 4.0;
  var a2 = a0 + 8.0;
  var a3 = a0 + 12.0;
  let m = vec4<f32>(${M});
  let c = vec4<f32>(${C});
  for (var i = 0u; i < p.iterations; i += ${UNROLL}u) {
    ${unroll(UNROLL, () => 'a0 = fma(a0, m, c); a1 = fma(a1, m, c); a2 = fma(a2, m, c); a3 = fma(a3, m, c);', '\n    ')}
  }
  out[2u * inv] = a0 + a1;
  out[2u * inv + 1u] = a2 + a3;
#else
  // A word per iteration from an LCG (2 integer operations for 8 weights); x = 0.5 everywhere, so
  // each sum is exact: half the nibbles at its byte positions (the top one less 8: q4InPlace).
  let x = vec4<f32>(0.5) * ${NIBBLE_UNPLACE};
  let xHigh = vec4<f32>(0.5) * ${HIGH_NIBBLE_UNPLACE};
  var q = inv;
  var low = vec4<f32>(0.0);
  var high = vec4<f32>(0.0);
  for (var i = 0u; i < p.iterations; i += ${UNROLL}u) {
    ${unroll(UNROLL, (j) => `q = q * 1664525u + 1013904223u;
    let n${j} = ${q4InPlace('q')};
    low += x * n${j}[0];
    high += xHigh * n${j}[1];`, '\n    ')}
  }
  out[2u * inv] = low;
  out[2u * inv + 1u] = high;
#endif
}
`;
}

/** What invocation `inv` writes (8 floats), computed on the CPU. */
function aluExpected(name: AluProbeName, inv: number, iterations: number): Float32Array {
  const out = new Float32Array(8);
  if (name === 'alu f32 fma') {
    const chains = Array.from({ length: 16 }, (_, j) => Math.fround((inv % 64) + j));
    for (let i = 0; i < iterations; i++) for (let j = 0; j < 16; j++) chains[j] = Math.fround(chains[j] * M + C);
    for (let j = 0; j < 4; j++) [out[j], out[4 + j]] = [chains[j] + chains[4 + j], chains[8 + j] + chains[12 + j]];
    return out;
  }
  let q = inv >>> 0;
  for (let i = 0; i < iterations; i++) {
    q = (Math.imul(q, 1664525) + 1013904223) >>> 0;
    for (let j = 0; j < 4; j++) {
      out[j] += 0.5 * ((q >>> (8 * j)) & 15);
      out[4 + j] += 0.5 * (((q >>> (8 * j + 4)) & 15) - (j === 3 ? 8 : 0));
    }
  }
  return out;
}

export async function measureAluProbe(gpu: Gpu, name: AluProbeName, timing: TimingOptions): Promise<AluProbeResult> {
  if (!aluProbeNames.includes(name)) throw new Error(`bench: unknown compute probe "${name}"`);
  const total = invocations[gpu.profile];
  const workgroups = Math.ceil(total / THREADS);
  const pipeline = await gpu.pipelines.get({ key: `bench-alu/${name}`, code: aluShader(name) });
  const out = createStorage(gpu.device, total * 32, 'alu:out');
  try {
    const bound = bindKernel(gpu, 'bench-alu', pipeline, [out], () => ({ params: [ITERATIONS, total], workgroups: grid(gpu, workgroups) }), {});
    const { timing: result, gpuSeconds } = await timeBounds(gpu, [bound], 'bench-alu', timing);
    const last = total - 1;
    const got = (await readFloat32(gpu.device, out, total * 8)).subarray(8 * last, 8 * last + 8);
    const want = aluExpected(name, last, ITERATIONS);
    // The FMA chains round differently from the CPU's separate multiply and add; the q4_0 sums are exact.
    const tolerance = name === 'alu f32 fma' ? 1e-4 : 0;
    const bad = got.findIndex((g, j) => !(Math.abs(g - want[j]) <= tolerance * Math.abs(want[j])));
    if (bad >= 0) throw new Error(`${name}: invocation ${last} wrote ${got[bad]} at ${bad}, expected ${want[bad]}: the loop did not run as written`);
    gpu.assertHealthy();
    const flops = total * ITERATIONS * flopsPerIteration[name];
    return { name, invocations: total, timing: result, gflops: flops / result.seconds / 1e9, gpuGflops: gpuSeconds ? flops / gpuSeconds / 1e9 : null };
  } finally {
    out.destroy();
  }
}
