// The GPU buffers a forward pass reads and writes besides the weights: activations named by
// their role, the KV cache with its length, and the sampling tail's small buffers (the staging
// buffers that read tokens back belong to each decode stream: decode-stream.ts). Allocated once
// per model, sized for one prefill pass of `rows` tokens; nothing here runs a kernel.

import { ModelTooLargeError } from '../errors.js';
import { createStorage, uploadStorage } from '../gpu/buffers.js';
import type { Gpu } from '../gpu/device.js';
import { seenWords } from '../kernels/penalty/kernel.js';
import { qkvWidth, type ModelConfig } from './config.js';
import { ropeFrequencyTurns, ropeInverseFrequencies } from './rope-frequencies.js';

/** Rows of every position's logits computed per pass when all are wanted: bounds the (rows, V) buffer. */
export const ALL_LOGITS_ROWS = 32;

export interface Activations {
  /** Rows per pass this set was sized for. */
  rows: number;
  ids: GPUBuffer; // (rows) u32 token ids of the pass; the sampler writes the next token to ids[0], the next decode step's input
  x: GPUBuffer; // (rows, C) residual stream between blocks
  xMid: GPUBuffer; // (rows, C) residual stream after attention (a matmul output may not alias its residual)
  h: GPUBuffer; // (rows, C) normed input of a sub-block
  qkv: GPUBuffer; // (rows, (NH + 2 NKV) HS) stacked projections
  q: GPUBuffer; // (rows, NH, HS) queries after RoPE
  att: GPUBuffer; // (rows, NH, HS) attention output
  gate: GPUBuffer; // (rows, F) SwiGLU gate projection
  up: GPUBuffer; // (rows, F) MLP up projection
  act: GPUBuffer; // (rows, F) MLP activation, input of the down projection
  xLast: GPUBuffer; // (C) the last row of a prefill pass's x: the only one whose next token is sampled
  hLast: GPUBuffer; // (C) xLast after the final norm
  logits: GPUBuffer; // (V) next-token logits of the last row
  allLogits: GPUBuffer; // (min(rows, ALL_LOGITS_ROWS), V) every row's logits, for inspection
  seen: GPUBuffer; // (ceil(V / 32)) u32 bit i set: id i is in the context (the repetition penalty's)
  bias: GPUBuffer; // (V) the logit bias a generation adds, uploaded once per generation
  ropeFreqs?: GPUBuffer; // (rotaryDim / 2) turns per position of each rotated pair [rope only]
}

export interface KvCache {
  /** Positions each layer's cache holds. */
  length: number;
  k: GPUBuffer[]; // L x (length, NKV, HS)
  v: GPUBuffer[]; // L x (length, NKV, HS)
}

/** Allocates activations for `rows` rows and a KV cache of `length` positions; freed with freeAll(). */
export function allocate(gpu: Gpu, c: ModelConfig, rows: number, length: number): { activations: Activations; cache: KvCache } {
  const made: GPUBuffer[] = [];
  const track = (b: GPUBuffer) => (made.push(b), b);
  const storage = (label: string, words: number) => {
    if (words * 4 > gpu.limits.maxStorageBufferBindingSize) {
      throw new ModelTooLargeError(
        `buffer ${label} needs ${words * 4} bytes, over this device's maxStorageBufferBindingSize of ${gpu.limits.maxStorageBufferBindingSize}: load with a shorter context (maxSeqLen, --context)`,
      );
    }
    return track(createStorage(gpu.device, words * 4, label));
  };
  try {
    const { dim: C, nHeads: NH, nKvHeads: NKV, headSize: HS, hiddenDim: F, vocabSize: V } = c;
    const activations: Activations = {
      rows,
      ids: storage('ids', rows),
      x: storage('x', rows * C),
      xMid: storage('xMid', rows * C),
      h: storage('h', rows * C),
      qkv: storage('qkv', rows * qkvWidth(c)),
      q: storage('q', rows * NH * HS),
      att: storage('att', rows * NH * HS),
      gate: storage('gate', c.mlp === 'swiglu' ? rows * F : 1),
      up: storage('up', rows * F),
      act: storage('act', rows * F),
      xLast: storage('xLast', C),
      hLast: storage('hLast', C),
      logits: storage('logits', V),
      allLogits: storage('allLogits', Math.min(rows, ALL_LOGITS_ROWS) * V),
      seen: storage('seen', seenWords(V)),
      bias: storage('bias', V),
      ropeFreqs: c.positions === 'rope'
        ? track(uploadStorage(gpu.device, ropeFrequencyTurns(ropeInverseFrequencies(c)), 'ropeFreqs'))
        : undefined,
    };
    const layers = Array.from({ length: c.nLayers }, (_, l) => l);
    const cache: KvCache = {
      length,
      k: layers.map((l) => storage(`k${l}`, length * NKV * HS)),
      v: layers.map((l) => storage(`v${l}`, length * NKV * HS)),
    };
    return { activations, cache };
  } catch (e) {
    for (const b of made) b.destroy();
    throw e;
  }
}

/** Destroys every buffer of the activations and the cache. */
export function freeAll(a: Activations, cache: KvCache): void {
  for (const value of Object.values(a)) if (typeof value === 'object') (value as GPUBuffer).destroy();
  for (const b of [...cache.k, ...cache.v]) b.destroy();
}
