// The GPU buffers a device makes and has not destroyed, for tests that a failed or aborted load
// frees everything it made.

/** Tracks every buffer `device` creates from now until release() (which restores createBuffer). */
export function trackBuffers(device: GPUDevice): { live: Set<GPUBuffer>; release(): void } {
  const live = new Set<GPUBuffer>();
  const create = device.createBuffer.bind(device);
  device.createBuffer = (d) => {
    const b = create(d);
    const destroy = b.destroy.bind(b);
    live.add(b);
    b.destroy = () => { live.delete(b); destroy(); };
    return b;
  };
  return { live, release: () => { device.createBuffer = create; } };
}
