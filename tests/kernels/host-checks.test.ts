// What every kernel host refuses before WebGPU sees it, on Node's WebGPU: a variant option that is
// misspelt or out of its list (which used to compile another program silently), a binding WebGPU
// would reject (reported only as an uncaptured error while the dispatch is dropped), and a param
// its type cannot hold. Each family's own shape checks are in its cases.ts.

import { afterAll, describe, expect, it } from 'vitest';
import { createStorage, readFloat32, readUint32, uploadStorage } from '../../src/gpu/buffers.js';
import { bindKernel, sameShape } from '../../src/kernels/common.js';
import { createGpu } from '../../src/gpu/device.js';
import { Usage } from '../../src/gpu/flags.js';
import * as kernels from '../../src/kernels/index.js';
import {
  Adamw,
  Attention,
  AttentionBackward,
  AttentionProbabilities,
  CrossEntropy,
  defineContract,
  Elementwise,
  ElementwiseBackward,
  Embed,
  EmbedBackward,
  Gemv,
  GradNorm,
  KvCache,
  KvCacheBackward,
  Matmul,
  MatmulBiasGrad,
  MatmulInputGrad,
  MatmulWeightGrad,
  Norm,
  NormBackward,
  Penalty,
  PositionBackward,
  Sampler,
} from '../../src/kernels/index.js';

const gpu = await createGpu({ hostThreads: 2 });
afterAll(() => gpu.destroy());

type Create = (gpu: never, variant: never) => Promise<unknown>;

/** Every family's host class, its name in errors and a variant it takes. */
const families: Array<[Create & { name: string }, string, Record<string, unknown>]> = [
  [Adamw.create, 'adamw', {}],
  [Attention.create, 'attention', {}],
  [AttentionBackward.create, 'attention backward', {}],
  [AttentionProbabilities.create, 'attention probabilities', {}],
  [CrossEntropy.create, 'crossentropy', {}],
  [Elementwise.create, 'elementwise', { op: 'gelu' }],
  [ElementwiseBackward.create, 'elementwise backward', { op: 'gelu' }],
  [Embed.create, 'embed', { positions: false }],
  [EmbedBackward.create, 'embed backward', { accumulate: false }],
  [PositionBackward.create, 'position backward', { accumulate: false }],
  [Gemv.create, 'gemv', { layout: 'nk' }],
  [GradNorm.create, 'gradnorm', {}],
  [KvCache.create, 'kvcache', { rope: 'none' }],
  [KvCacheBackward.create, 'kvcache backward', { rope: 'none' }],
  [Matmul.create, 'matmul', { layout: 'nk' }],
  [MatmulInputGrad.create, 'matmul input gradient', { layout: 'nk' }],
  [MatmulWeightGrad.create, 'matmul weight gradient', { layout: 'nk' }],
  [MatmulBiasGrad.create, 'matmul bias gradient', {}],
  [Norm.create, 'norm', { kind: 'rms' }],
  [NormBackward.create, 'norm backward', { kind: 'rms' }],
  [Penalty.create, 'penalty', {}],
  [Sampler.create, 'sample', {}],
];

const norm = await Norm.create(gpu, { kind: 'rms' });

const create = (f: Create, variant: unknown) => (f as (gpu: unknown, variant: unknown) => Promise<unknown>).call(undefined, gpu, variant);

describe('variants', () => {
  it('the table holds every host class the kernels entry exports', () => {
    const exported = Object.entries(kernels)
      .filter(([name, value]) => typeof value === 'function' && 'create' in value && !['Kernel', 'Contract'].includes(name))
      .map(([, value]) => (value as { create: unknown }).create);
    expect(new Set(exported)).toEqual(new Set(families.map(([f]) => f)));
  });

  it.each(families.map(([f, name, ok]) => [name, f, ok] as const))('%s refuses an unknown profile, option or flag value, and a variant that is no object', async (name, f, ok) => {
    await expect(create(f, { ...ok, profile: 'cpu' })).rejects.toThrow(new RangeError(`${name}: variant option profile must be one of "gpu", "software" (or left out), got "cpu"`));
    await expect(create(f, { ...ok, flavour: 1 })).rejects.toThrow(new RegExp(`^${name}: unknown variant option "flavour"; it takes .*profile, subgroups$`));
    await expect(create(f, { ...ok, subgroups: 'no' })).rejects.toThrow(`${name}: variant option subgroups must be one of false, true (or left out), got "no"`);
    await expect(create(f, null)).rejects.toThrow(new TypeError(`${name}: the variant must be an object of options, got null`));
  });

  // Each of these used to compile another program (or fail in the WGSL compiler, for op and layout).
  const misspelt: Array<[Create, string, Record<string, unknown>, string]> = [
    [Norm.create, 'norm', { kind: 'RMS' }, 'kind must be one of "layer", "rms", got "RMS"'],
    [NormBackward.create, 'norm backward', { kind: 'rms', accumulate: 'false' }, 'accumulate must be one of false, true (or left out), got "false"'],
    [Elementwise.create, 'elementwise', { op: 'relu' }, 'op must be one of "gelu", "silu", "swiglu", "add", got "relu"'],
    [ElementwiseBackward.create, 'elementwise backward', { op: 'add' }, 'op must be one of "gelu", "silu", "swiglu", got "add"'],
    [KvCache.create, 'kvcache', { rope: 'neox' }, 'rope must be one of "none", "interleaved", "half", got "neox"'],
    [KvCache.create, 'kvcache', {}, 'rope must be one of "none", "interleaved", "half", got nothing'],
    [Sampler.create, 'sample', { mode: 'greedy' }, 'mode must be one of "argmax", "sample" (or left out), got "greedy"'],
    [Attention.create, 'attention', { mode: 'decoding' }, 'mode must be one of "prefill", "decode" (or left out), got "decoding"'],
    [Gemv.create, 'gemv', { layout: 'nk', norm: 'rmsnorm' }, 'norm must be one of "none", "rms", "layer" (or left out), got "rmsnorm"'],
    [Gemv.create, 'gemv', { layout: 'nk', gated: 'geglu' }, 'gated must be one of "swiglu" (or left out), got "geglu"'],
    [Matmul.create, 'matmul', { layout: 'NK' }, 'layout must be one of "nk", "kn", got "NK"'],
    [Matmul.create, 'matmul', { layout: 'nk', activation: 'relu' }, 'activation must be one of "none", "gelu", "silu" (or left out), got "relu"'],
    [Matmul.create, 'matmul', { layout: 'nk', bias: 1 }, 'bias must be one of false, true (or left out), got 1'],
    [MatmulWeightGrad.create, 'matmul weight gradient', { layout: 'kn', accumulate: 'yes' }, 'accumulate must be one of false, true (or left out), got "yes"'],
    [Embed.create, 'embed', { positions: 'false' }, 'positions must be one of false, true, got "false"'],
    [Embed.create, 'embed', { positions: false, weights: 'q3_K' }, 'weights must be one of "f32", "f16", "bf16", "q8_0", "q4_0", "q4_K", "q5_K", "q6_K" (or left out), got "q3_K"'],
    [CrossEntropy.create, 'crossentropy', { inPlace: 1 }, 'inPlace must be one of false, true (or left out), got 1'],
  ];
  it.each(misspelt.map(([f, name, variant, mention]) => [`${name} ${JSON.stringify(variant)}`, f, name, variant, mention] as const))('%s is refused', async (_, f, name, variant, mention) => {
    await expect(create(f, variant)).rejects.toThrow(new RangeError(`${name}: variant option ${mention}`));
  });
});

describe('bindings', () => {
  const align = gpu.limits.minStorageBufferOffsetAlignment;
  const shape = { rows: 2, C: 4, eps: 1e-5 };
  const storage = (bytes: number, label: string) => createStorage(gpu.device, bytes, label);
  const x = uploadStorage(gpu.device, new Float32Array([1, 2, 3, 4, -1, 0, 1, 2]), 'x');
  const gamma = uploadStorage(gpu.device, new Float32Array([1, 1, 2, 2]), 'gamma');

  it('a binding that is no storage buffer, or a range WebGPU would refuse, is named before a bind group is made', () => {
    const mappable = gpu.device.createBuffer({ label: 'readback', size: 32, usage: Usage.MAP_READ | Usage.COPY_DST });
    const cases: Array<[Record<string, unknown>, string, ErrorConstructor]> = [
      [{ y: mappable }, `norm: y's buffer "readback" was not created with GPUBufferUsage.STORAGE`, RangeError],
      [{ y: 'y' }, 'norm: y must be a GPUBuffer or { buffer, offset?, size? }, got "y"', TypeError],
      [{ x: { buffer: storage(2 * align, 'x2'), offset: 4 } }, `norm: x's offset must be a multiple of ${align} (minStorageBufferOffsetAlignment), got 4`, RangeError],
      [{ x: { buffer: storage(64, 'x3'), size: 34 } }, "norm: x's size must be a positive multiple of 4 bytes, got 34", RangeError],
      [{ x: { buffer: storage(32, 'x4'), size: 64 } }, "norm: x's bytes 0..64 run past its buffer of 32", RangeError],
    ];
    for (const [buffers, message, type] of cases) {
      const call = () => norm.bind({ x, gamma, y: storage(32, 'y'), ...buffers } as never, shape);
      expect(call).toThrow(message);
      expect(call).toThrow(type);
    }
    mappable.destroy();
  });

  it('a written binding may share no buffer with one read, even on other bytes', () => {
    const shared = storage(2 * align, 'shared');
    const call = () => norm.bind({ x: { buffer: shared, size: 32 }, gamma, y: { buffer: shared, offset: align, size: 32 } }, shape);
    expect(call).toThrow('norm: y shares a buffer with x, which it reads (WebGPU refuses a buffer written and read in one dispatch); y needs a buffer of its own');
  });

  it('written bindings may share a buffer on bytes of their own, and the dispatch runs', async () => {
    // kvcache writes q and both caches: k and v as two halves of one buffer, then overlapping.
    const kv = await KvCache.create(gpu, { rope: 'none' });
    const qkv = uploadStorage(gpu.device, new Float32Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), 'qkv'); // T 1, NH 1, NKV 1, HS 4
    const q = storage(16, 'q');
    const half = Math.max(align, 16);
    const cache = uploadStorage(gpu.device, new Float32Array((2 * half) / 4).fill(NaN), 'cache');
    const shapeKv = { T: 1, NH: 1, NKV: 1, HS: 4, pos0: 0, maxS: 1 };
    const bound = kv.bind({ qkv, q, kCache: { buffer: cache, size: 16 }, vCache: { buffer: cache, offset: half, size: 16 } }, shapeKv);
    const recorder = gpu.recorder();
    bound.record(recorder);
    recorder.submit();
    const written = await readFloat32(gpu.device, cache, (2 * half) / 4);
    expect([...written.subarray(0, 4), ...written.subarray(half / 4, half / 4 + 4)]).toEqual([5, 6, 7, 8, 9, 10, 11, 12]);
    gpu.assertHealthy();
    bound.destroy();
    expect(() => kv.bind({ qkv, q, kCache: { buffer: cache, size: 16 }, vCache: { buffer: cache, size: 16 } }, shapeKv))
      .toThrow('kvcache: kCache overlaps vCache, both written; each needs bytes of its own');
  });
});

describe('params', () => {
  const contract = defineContract({ name: 'probe', params: { n: 'u32', scale: 'f32' }, bindings: [], body: () => '' });

  it('a u32 its type cannot hold, or an f32 that is not finite in float32, is named', () => {
    expect(contract.pack({ n: 3, scale: 0.5 })).toEqual([3, { f: 0.5 }]);
    for (const n of [-1, 1.5, 2 ** 32, NaN]) {
      expect(() => contract.pack({ n, scale: 1 })).toThrow(new RangeError(`probe: param n must be a u32 (an integer in 0..4294967295), got ${n}`));
    }
    for (const scale of [NaN, Infinity, 1e39]) {
      expect(() => contract.pack({ n: 1, scale })).toThrow(new RangeError(`probe: param scale must be a finite float32, got ${scale}`));
    }
  });
});

describe('update', () => {
  const code = /* wgsl */ `
struct Params { n: u32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read_write> out: array<u32>;
@compute @workgroup_size(1) fn main() { out[0] = p.n; }
`;

  it('re-plans a shape only when one of its values changed, nested ones included; a refused shape is refused again, and the one after it planned', async () => {
    const pipeline = await gpu.pipelines.get({ key: 'test-update', code });
    const out = createStorage(gpu.device, 16, 'out');
    type Shape = { n: number; nested: { list: number[] } };
    const planned: Shape[] = [];
    const plan = (s: Shape) => {
      planned.push(s);
      if (s.n < 0) throw new RangeError('n must be >= 0');
      return { params: [s.n], workgroups: [1] as const };
    };
    const bound = bindKernel(gpu, 'test-update', pipeline, [out], plan, { n: 1, nested: { list: [1, 2] } });
    const atBind = planned.length; // checked before the slot is taken, then planned into it
    bound.update({ n: 1, nested: { list: [1, 2] } });
    expect(planned).toHaveLength(atBind);
    bound.update({ n: 2, nested: { list: [1, 2] } });
    bound.update({ n: 2, nested: { list: [1, 3] } });
    bound.update({ n: 2, nested: { list: [1, 3, 4] } });
    expect(planned).toHaveLength(atBind + 3);
    expect(() => bound.update({ n: -1, nested: { list: [] } })).toThrow('n must be >= 0');
    expect(() => bound.update({ n: -1, nested: { list: [] } })).toThrow('n must be >= 0');
    bound.update({ n: 2, nested: { list: [1, 3, 4] } }); // after a refusal the slot's shape is planned again
    expect(planned).toHaveLength(atBind + 6);
    const recorder = gpu.recorder();
    bound.record(recorder);
    recorder.submit();
    expect((await readUint32(gpu.device, out, 1))[0]).toBe(2);
    bound.destroy();
  });

  it('a shape changed in place after it was planned, or a write refused half way, is planned again', async () => {
    const twoFields = /* wgsl */ `
struct Params { n: u32, m: u32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read_write> out: array<u32>;
@compute @workgroup_size(1) fn main() { out[0] = p.n; out[1] = p.m; }
`;
    const pipeline = await gpu.pipelines.get({ key: 'test-update-two', code: twoFields });
    const out = createStorage(gpu.device, 16, 'out');
    type Shape = { n: number; m: number; nested: { list: number[] } };
    let plans = 0;
    const bound = bindKernel(gpu, 'test-update-two', pipeline, [out], (s: Shape) => {
      plans++;
      return { params: [s.n, s.m], workgroups: [1] as const };
    }, { n: 1, m: 1, nested: { list: [1] } });
    const run = async () => {
      const recorder = gpu.recorder();
      bound.record(recorder);
      recorder.submit();
      return [...(await readUint32(gpu.device, out, 2))];
    };
    const shape: Shape = { n: 2, m: 2, nested: { list: [1] } };
    bound.update(shape);
    shape.n = 3; // the same object, changed
    bound.update(shape);
    expect(await run()).toEqual([3, 2]);
    shape.nested.list.push(2);
    const before = plans;
    bound.update({ n: 3, m: 2, nested: { list: [1, 2] } }); // equal to the changed object: planned again
    expect(plans).toBe(before + 1);
    // The slot takes n = 5, then refuses m = -1: the shape before is planned (and written) again.
    expect(() => bound.update({ n: 5, m: -1, nested: { list: [] } })).toThrow('param 1 must be a u32');
    bound.update({ n: 3, m: 2, nested: { list: [1, 2] } });
    expect(await run()).toEqual([3, 2]);
    bound.destroy();
  });

  it('sameShape compares numbers as Object.is does, arrays and plain objects in depth, anything else by identity', () => {
    expect(sameShape({ a: 1, b: [1, { c: NaN }] }, { b: [1, { c: NaN }], a: 1 })).toBe(true);
    expect(sameShape({ a: 0 }, { a: -0 })).toBe(false);
    expect(sameShape({ a: undefined }, {})).toBe(false);
    expect(sameShape([1, 2], { 0: 1, 1: 2 })).toBe(false);
    const buffer = new Float32Array(1);
    expect(sameShape({ w: buffer }, { w: buffer })).toBe(true);
    expect(sameShape({ w: buffer }, { w: new Float32Array(1) })).toBe(false);
  });
});
