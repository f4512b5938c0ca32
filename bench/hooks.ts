// What the model benchmark reads from the engine, in one place: the parts of the API that are
// still being built (LoadOptions.dtype, ModelInfo.bytesPerToken, a dispatch count per token) are
// read through these small functions, so wiring the final names is a change here only. Where
// the engine does not offer a figure, the bench measures it itself (dispatches: counted on the
// device's recorders; GPU memory: buffers created and destroyed on the device) or counts it
// from the config (bytes per token), and says which in the report.

import type { Engine, GenerationStats, Model, ModelConfig } from '../src/index.js';

export type WeightDType = 'f32' | 'f16' | 'bf16' | 'q8_0' | 'q4_0';
export const WEIGHT_DTYPES: readonly WeightDType[] = ['f32', 'f16', 'bf16', 'q8_0', 'q4_0'];

/** The load option that asks for `dtype` (LoadOptions.dtype). */
export function dtypeLoadOptions(dtype: WeightDType): Record<string, unknown> {
  return { dtype };
}

/**
 * Whether the loaded model holds weights in `dtype`, or the engine ignored the option: by
 * ModelInfo.weightDTypes (tensors per dtype) where the engine reports it, else by weight bytes per
 * parameter (f32 is 4; every other dtype is at most about 2).
 */
export function dtypeHonoured(model: Model, dtype: WeightDType): boolean {
  const info = model.info() as ReturnType<Model['info']> & { weightDTypes?: Partial<Record<string, number>> };
  if (info.weightDTypes) return (info.weightDTypes[dtype] ?? 0) > 0;
  const perParameter = info.weightBytes / info.parameters;
  return dtype === 'f32' ? perParameter > 3.5 : perParameter < 3.5;
}

/** What the engine says about the dtypes it chose (ModelInfo.dtypeNotes: matrices kept in another dtype, and why). */
export function dtypeNotes(model: Model): string[] {
  const notes = (model.info() as ReturnType<Model['info']> & { dtypeNotes?: string[] }).dtypeNotes;
  return Array.isArray(notes) ? notes : [];
}

/** Bytes on the GPU per weight of a matrix stored in `dtype` (block formats: a 32-weight block and its scale word). */
export const BYTES_PER_WEIGHT: Record<WeightDType, number> = { f32: 4, f16: 2, bf16: 2, q8_0: 36 / 32, q4_0: 20 / 32 };

/**
 * Weight bytes one decode step reads: ModelInfo.bytesPerToken where the engine reports it, else
 * the bench's own count from the config: every matrix of every layer and the vocabulary head in
 * `dtype`, one embedding row, and the norms' and biases' f32 vectors.
 */
export function bytesPerToken(model: Model, dtype: WeightDType): { bytes: number; source: 'ModelInfo.bytesPerToken' | 'bench count' } {
  const info = model.info() as ReturnType<Model['info']> & { bytesPerToken?: number };
  if (typeof info.bytesPerToken === 'number') return { bytes: info.bytesPerToken, source: 'ModelInfo.bytesPerToken' };
  return { bytes: countBytesPerToken(model.config, dtype), source: 'bench count' };
}

export function countBytesPerToken(c: ModelConfig, dtype: WeightDType): number {
  const { dim: C, hiddenDim: F, vocabSize: V, headSize: HS } = c;
  const q = c.nHeads * HS;
  const kv = c.nKvHeads * HS;
  const perLayer = C * (q + 2 * kv) + q * C + (c.mlp === 'swiglu' ? 3 : 2) * C * F;
  const matrices = c.nLayers * perLayer + V * C;
  const b = c.bias;
  const vectors = c.nLayers * ((c.norm === 'layer' ? 4 : 2) * C + (b.qkv ? q + 2 * kv : 0) + (b.attnOut ? C : 0) + (b.mlp ? F + C : 0))
    + (c.norm === 'layer' ? 2 : 1) * C + (c.positions === 'learned' ? C : 0);
  return matrices * BYTES_PER_WEIGHT[dtype] + C * BYTES_PER_WEIGHT[dtype] + 4 * vectors;
}

/** Dispatches the engine itself reports per decode token, if it does (GenerationStats). */
export function reportedDispatchesPerToken(stats: GenerationStats): number | null {
  const value = (stats as GenerationStats & { dispatchesPerToken?: number }).dispatchesPerToken;
  return typeof value === 'number' ? value : null;
}

/** Counts dispatches recorded on the engine's device between start() and take(): every recorder opened meanwhile is tallied. */
export class DispatchCounter {
  private recorders: Array<{ dispatchCount: number }> | null = null;

  constructor(engine: Engine) {
    const gpu = engine.gpu;
    const open = gpu.recorder.bind(gpu);
    gpu.recorder = (label?: string) => {
      const r = open(label);
      this.recorders?.push(r);
      return r;
    };
  }

  start(): void {
    this.recorders = [];
  }

  /** Dispatches recorded since start(); counting stops until the next start(). */
  take(): number {
    const n = (this.recorders ?? []).reduce((sum, r) => sum + r.dispatchCount, 0);
    this.recorders = null;
    return n;
  }
}

export interface MemorySnapshot {
  /** Bytes of every live buffer created since the last reset(). */
  total: number;
  /** Buffers named like weights (dotted tensor names). */
  weights: number;
  /** The KV cache (buffers k0.., v0..). */
  kv: number;
  /** The rest: activations, logits, the param arena, read-back buffers. */
  other: number;
  buffers: number;
}

/** Tracks the bytes of live buffers on the engine's device by wrapping createBuffer and destroy. */
export class MemoryTracker {
  private readonly live = new Map<GPUBuffer, { size: number; label: string }>();

  constructor(engine: Engine) {
    const device = engine.gpu.device;
    const create = device.createBuffer.bind(device);
    device.createBuffer = (descriptor: GPUBufferDescriptor) => {
      const buffer = create(descriptor);
      this.live.set(buffer, { size: descriptor.size, label: descriptor.label ?? '' });
      const destroy = buffer.destroy.bind(buffer);
      buffer.destroy = () => {
        this.live.delete(buffer);
        destroy();
      };
      return buffer;
    };
  }

  /** Forgets the buffers created so far: later snapshots count only buffers created after this. */
  reset(): void {
    this.live.clear();
  }

  snapshot(): MemorySnapshot {
    const s: MemorySnapshot = { total: 0, weights: 0, kv: 0, other: 0, buffers: this.live.size };
    for (const { size, label } of this.live.values()) {
      s.total += size;
      if (/^[kv]\d+$/.test(label)) s.kv += size;
      else if (/\./.test(label)) s.weights += size;
      else s.other += size;
    }
    return s;
  }
}
