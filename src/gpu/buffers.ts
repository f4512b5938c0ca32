// Buffer helpers: storage buffers from data or size, and read-back to the CPU.
// Not an allocator: the model allocates everything once at load and keeps the handles.

import { Usage } from './flags.js';
import { mapForReading } from './map.js';

export type StorageData = Float32Array | Uint32Array | Int32Array | Uint16Array;

const STORAGE = Usage.STORAGE | Usage.COPY_SRC | Usage.COPY_DST;

/** A storage buffer of `byteLength` bytes (rounded up to 4), zero-filled. */
export function createStorage(device: GPUDevice, byteLength: number, label: string): GPUBuffer {
  const size = Math.max(4, Math.ceil(byteLength / 4) * 4);
  if (size > device.limits.maxBufferSize) {
    throw new RangeError(`buffer "${label}" needs ${size} bytes, over this device's maxBufferSize of ${device.limits.maxBufferSize}`);
  }
  return device.createBuffer({ label, size, usage: STORAGE });
}

/** A storage buffer holding a copy of `data`. */
export function uploadStorage(device: GPUDevice, data: StorageData, label: string): GPUBuffer {
  const buffer = createStorage(device, data.byteLength, label);
  device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
  return buffer;
}

/**
 * The first `byteLength` bytes of a MAP_READ buffer once the work submitted before has landed:
 * mapped, copied, unmapped. `destroyed` (mapForReading): whether its owner destroyed it meanwhile.
 */
export async function readMapped(buffer: GPUBuffer, byteLength: number, destroyed: () => boolean): Promise<ArrayBuffer> {
  await mapForReading(buffer, destroyed, 0, byteLength);
  try {
    return buffer.getMappedRange(0, byteLength).slice(0);
  } finally {
    buffer.unmap();
  }
}

/** Copies `byteLength` bytes of `buffer` from `offset` back to the CPU (waits for the queue). */
export async function readBytes(device: GPUDevice, buffer: GPUBuffer, byteLength = buffer.size, offset = 0): Promise<ArrayBuffer> {
  const size = Math.ceil(byteLength / 4) * 4;
  const staging = device.createBuffer({ label: `${buffer.label}:readback`, size, usage: Usage.MAP_READ | Usage.COPY_DST });
  const encoder = device.createCommandEncoder({ label: 'readback' });
  encoder.copyBufferToBuffer(buffer, offset, staging, 0, size);
  device.queue.submit([encoder.finish()]);
  try {
    await mapForReading(staging, () => false); // its own: destroyed only below
    return staging.getMappedRange().slice(0, byteLength);
  } finally {
    staging.destroy();
  }
}

export async function readFloat32(device: GPUDevice, buffer: GPUBuffer, length?: number): Promise<Float32Array> {
  const bytes = length === undefined ? buffer.size : length * 4;
  return new Float32Array(await readBytes(device, buffer, bytes));
}

export async function readUint32(device: GPUDevice, buffer: GPUBuffer, length?: number): Promise<Uint32Array> {
  const bytes = length === undefined ? buffer.size : length * 4;
  return new Uint32Array(await readBytes(device, buffer, bytes));
}
