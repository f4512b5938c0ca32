// Uploads stored weights (any dtype of src/quant/formats.ts) to GPU buffers, one buffer per
// tensor, checking each against the device's binding limit first so an oversized tensor fails with
// its name instead of a validation error; remembers each tensor's shape, layout and dtype, which
// pick the kernels' variants. Not a loader (src/model/weights/) and not a converter (convert.ts).

import { ModelTooLargeError } from '../errors.js';
import type { Gpu } from '../gpu/device.js';
import { uploadStorage } from '../gpu/buffers.js';
import type { StoredTensor, WeightDType } from '../quant/formats.js';
import type { StoredWeights } from './convert.js';

type TensorInfo = Pick<StoredTensor, 'shape' | 'layout' | 'dtype'>;

/** Bytes uploaded over all tensors; `file` names the tensor just uploaded. */
export interface UploadProgress {
  loaded: number;
  total: number;
  file: string;
}

export class GpuWeights {
  private constructor(
    private readonly buffers: Map<string, GPUBuffer>,
    readonly host: Map<string, TensorInfo>,
    readonly bytes: number,
  ) {}

  static upload(gpu: Gpu, weights: StoredWeights, onProgress?: (p: UploadProgress) => void): GpuWeights {
    const limit = gpu.limits.maxStorageBufferBindingSize;
    const total = [...weights.values()].reduce((n, t) => n + t.data.byteLength, 0);
    for (const [name, t] of weights) {
      if (t.data.byteLength > limit) {
        throw new ModelTooLargeError(
          `tensor ${name} ${JSON.stringify(t.shape)} needs ${t.data.byteLength} bytes, over this device's maxStorageBufferBindingSize of ${limit}; a smaller model or a weight dtype with fewer bytes (LoadOptions.dtype) is needed`,
        );
      }
    }
    const buffers = new Map<string, GPUBuffer>();
    const host = new Map<string, TensorInfo>();
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

  /** The tensor's storage format, which its kernel's variant must name. */
  dtype(name: string): WeightDType {
    const t = this.host.get(name);
    if (!t) throw new Error(`model weights: missing tensor ${name}`);
    return t.dtype;
  }

  destroy(): void {
    for (const b of this.buffers.values()) b.destroy();
    this.buffers.clear();
  }
}
