// Uploads a WeightMap to GPU buffers, one buffer per tensor, checking each against the device's
// binding limit first so an oversized tensor fails with its name instead of a validation error.
// Not a loader (src/model/weights/ parses files) and not a converter (dtype conversion happens there).

import { ModelTooLargeError } from '../errors.js';
import type { Gpu } from '../gpu/device.js';
import { uploadStorage } from '../gpu/buffers.js';
import type { HostTensor, WeightMap } from './config.js';

/** Bytes uploaded over all tensors; `file` names the tensor just uploaded. */
export interface UploadProgress {
  loaded: number;
  total: number;
  file: string;
}

export class GpuWeights {
  private constructor(
    private readonly buffers: Map<string, GPUBuffer>,
    readonly host: Map<string, Pick<HostTensor, 'shape' | 'layout' | 'dtype'>>,
    readonly bytes: number,
  ) {}

  static upload(gpu: Gpu, weights: WeightMap, onProgress?: (p: UploadProgress) => void): GpuWeights {
    const limit = gpu.limits.maxStorageBufferBindingSize;
    const total = [...weights.values()].reduce((n, t) => n + t.data.byteLength, 0);
    for (const [name, t] of weights) {
      if (t.data.byteLength > limit) {
        throw new ModelTooLargeError(
          `tensor ${name} ${JSON.stringify(t.shape)} needs ${t.data.byteLength} bytes, over this device's maxStorageBufferBindingSize of ${limit}; a smaller model or a weight dtype with fewer bytes is needed`,
        );
      }
    }
    const buffers = new Map<string, GPUBuffer>();
    const host = new Map<string, Pick<HostTensor, 'shape' | 'layout' | 'dtype'>>();
    let loaded = 0;
    for (const [name, t] of weights) {
      buffers.set(name, uploadStorage(gpu.device, t.data, name));
      host.set(name, { shape: t.shape, layout: t.layout, dtype: t.dtype });
      loaded += t.data.byteLength;
      onProgress?.({ loaded, total, file: name });
    }
    return new GpuWeights(buffers, host, total);
  }

  has(name: string): boolean {
    return this.buffers.has(name);
  }

  get(name: string): GPUBuffer {
    const b = this.buffers.get(name);
    if (!b) throw new Error(`model weights: missing tensor ${name}`);
    return b;
  }

  shape(name: string): number[] {
    const t = this.host.get(name);
    if (!t) throw new Error(`model weights: missing tensor ${name}`);
    return t.shape;
  }

  layout(name: string): 'nk' | 'kn' {
    return this.host.get(name)?.layout ?? 'nk';
  }

  destroy(): void {
    for (const b of this.buffers.values()) b.destroy();
    this.buffers.clear();
  }
}
