// The recorder: kernels append dispatches to one compute pass of one command encoder, and
// submit() sends the whole step to the queue at once (after flushing the param arena).
// Kernels never submit by themselves.

import type { ParamArena } from './params.js';

/** One prepared dispatch: pipeline and bind group built once, workgroup count per call. */
export interface Dispatch {
  label: string;
  pipeline: GPUComputePipeline;
  bindGroup: GPUBindGroup;
  workgroups: readonly [number, number?, number?];
}

/** Whether a dispatch has work: one of no workgroups (a merge with nothing to merge) is never recorded. */
export function hasWorkgroups(d: Dispatch): boolean {
  const [x, y = 1, z = 1] = d.workgroups;
  return x > 0 && y > 0 && z > 0;
}

export class Recorder {
  private readonly encoder: GPUCommandEncoder;
  private pass: GPUComputePassEncoder | null = null;
  private dispatches = 0;
  /** Read once a step: every dispatch is checked against it. */
  private readonly maxWorkgroups: number;

  constructor(
    private readonly device: GPUDevice,
    private readonly params: ParamArena,
    label = 'step',
  ) {
    this.encoder = device.createCommandEncoder({ label });
    this.maxWorkgroups = device.limits.maxComputeWorkgroupsPerDimension;
  }

  get dispatchCount(): number {
    return this.dispatches;
  }

  dispatch(d: Dispatch): void {
    const [x, y = 1, z = 1] = d.workgroups;
    const max = this.maxWorkgroups;
    if (x > max || y > max || z > max) {
      throw new RangeError(`${d.label}: dispatch (${x}, ${y}, ${z}) exceeds maxComputeWorkgroupsPerDimension ${max}`);
    }
    if (!hasWorkgroups(d)) return;
    this.pass ??= this.encoder.beginComputePass({ label: 'kernels' });
    this.pass.setPipeline(d.pipeline);
    this.pass.setBindGroup(0, d.bindGroup);
    this.pass.dispatchWorkgroups(x, y, z);
    this.dispatches++;
  }

  /** Ends the pass for copies (e.g. reading a token id back); the next dispatch opens a new pass. */
  copy(src: GPUBuffer, srcOffset: number, dst: GPUBuffer, dstOffset: number, size: number): void {
    this.endPass();
    this.encoder.copyBufferToBuffer(src, srcOffset, dst, dstOffset, size);
  }

  submit(): void {
    this.endPass();
    this.params.flush();
    this.device.queue.submit([this.encoder.finish()]);
  }

  private endPass(): void {
    this.pass?.end();
    this.pass = null;
  }
}
