// Kernel test harness shared by the Node (Dawn) and Chromium runs: a case uploads inputs, runs
// one kernel, reads back and compares with its CPU reference. Reports max absolute error and
// normalised MSE; a case passes when every element is within atol + rtol*|ref| and NMSE is small.

import type { Gpu } from '../../src/gpu/device.js';
import { readFloat32, uploadStorage, type StorageData } from '../../src/gpu/buffers.js';

export interface Tolerance {
  atol: number;
  rtol: number;
  /** Upper bound on sum((gpu-ref)^2) / sum(ref^2). */
  nmse: number;
}

export interface CaseResult {
  maxAbs: number;
  nmse: number;
  pass: boolean;
  detail: string;
}

export interface KernelCase {
  kernel: string;
  name: string;
  /** Optional feature the case needs; the runner skips it visibly where the adapter lacks it. */
  requires?: 'f16' | 'subgroups';
  run(gpu: Gpu): Promise<CaseResult>;
}

/** Several outputs as one array, to compare together (a kernel's q and caches, its gradients). */
export function joined(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}

export function compare(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance): CaseResult {
  if (actual.length !== expected.length) {
    return { maxAbs: Infinity, nmse: Infinity, pass: false, detail: `length ${actual.length} != expected ${expected.length}` };
  }
  let maxAbs = 0;
  let errSq = 0;
  let refSq = 0;
  const bad: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    const diff = Math.abs(a - e);
    if (!(diff <= maxAbs) || Number.isNaN(diff)) maxAbs = Number.isNaN(diff) ? Infinity : Math.max(maxAbs, diff);
    errSq += (a - e) ** 2;
    refSq += e * e;
    if (!(diff <= tol.atol + tol.rtol * Math.abs(e)) && bad.length < 5) bad.push(`[${i}] got ${a} want ${e}`);
  }
  // A reference of all zeros would let a zeroed kernel pass: cases must be built so it never is.
  if (refSq === 0) return { maxAbs, nmse: Infinity, pass: false, detail: 'reference is all zeros: the case cannot detect a broken kernel' };
  const nmse = errSq / refSq;
  const pass = bad.length === 0 && nmse <= tol.nmse;
  const detail = pass ? '' : bad.length ? `mismatches: ${bad.join(', ')}` : `nmse ${nmse.toExponential(2)} > ${tol.nmse}`;
  return { maxAbs, nmse, pass, detail };
}

/** Buffers for one case; destroy() frees them all. */
export class Scratch {
  private readonly buffers: GPUBuffer[] = [];
  constructor(private readonly gpu: Gpu) {}

  upload(data: StorageData, label: string): GPUBuffer {
    const b = uploadStorage(this.gpu.device, data, label);
    this.buffers.push(b);
    return b;
  }

  /** An output buffer filled with NaN, so an element the kernel fails to write cannot pass. */
  empty(floats: number, label: string): GPUBuffer {
    return this.upload(new Float32Array(floats).fill(NaN), label);
  }

  read(buffer: GPUBuffer, floats: number): Promise<Float32Array> {
    return readFloat32(this.gpu.device, buffer, floats);
  }

  destroy(): void {
    for (const b of this.buffers) b.destroy();
  }
}

/** Runs `body` with a Scratch, checks GPU health afterwards and frees the buffers. */
export async function withScratch(gpu: Gpu, body: (s: Scratch) => Promise<CaseResult>): Promise<CaseResult> {
  const scratch = new Scratch(gpu);
  try {
    const result = await body(scratch);
    gpu.assertHealthy();
    return result;
  } finally {
    scratch.destroy();
  }
}

/** Seed for the randomly drawn shapes: fixed by default, SHADERLM_TEST_SEED to explore. */
export function testSeed(): number {
  const g = globalThis as { process?: { env?: Record<string, string | undefined> }; SHADERLM_TEST_SEED?: number };
  const fromEnv = g.process?.env?.SHADERLM_TEST_SEED;
  return g.SHADERLM_TEST_SEED ?? (fromEnv ? Number(fromEnv) : 20261127);
}

/**
 * The refusals a case expects: each call must throw an error of `type` whose message mentions
 * `mention` (what it returns instead is destroyed); result() is the case's outcome.
 */
export class Refusals {
  private readonly failures: string[] = [];

  async expect(call: () => unknown, mention: string, type: abstract new (...args: never[]) => Error = Error): Promise<void> {
    try {
      const r = await call();
      (r as { destroy?: () => void } | undefined)?.destroy?.();
      this.failures.push(`accepted (${mention})`);
    } catch (e) {
      if (!(e instanceof type) || !String(e).includes(mention)) this.failures.push(`${mention}: ${e}`);
    }
  }

  result(): CaseResult {
    return { maxAbs: 0, nmse: 0, pass: this.failures.length === 0, detail: this.failures.join('; ') };
  }
}
