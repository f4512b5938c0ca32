// The GPU runtime on its own: shader errors show numbered WGSL, the pipeline cache shares one
// build per key, the param arena uploads what was written, dispatch limits are checked, and the
// Chromium launcher names the fix when no browser is installed; software grids scale with the host.

import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { createStorage, readFloat32, uploadStorage } from '../../src/gpu/buffers.js';
import { createGpu, type GpuOptions } from '../../src/gpu/device.js';
import { ShaderError } from '../../src/errors.js';
import { Attention } from '../../src/kernels/attention/kernel.js';
import { Gemv } from '../../src/kernels/gemv/kernel.js';
import { Norm } from '../../src/kernels/norm/kernel.js';
import { refusesSwiftShader } from '../../src/gpu/node.js';
import { findChrome } from '../support/chromium.js';

const gpu = await createGpu();
afterAll(() => gpu.destroy());

const copyParam = /* wgsl */ `
struct Params { a: u32, b: f32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@compute @workgroup_size(1) fn main() { y[0] = f32(p.a) + p.b; }
`;

describe('GPU runtime', () => {
  it('a WGSL error becomes a ShaderError with the kernel key and numbered source', async () => {
    const error = await gpu.pipelines.get({ key: 'broken/test', code: '@compute @workgroup_size(1)\nfn main() { let x: f32 = undefinedThing; }' }).catch((e) => e);
    expect(error).toBeInstanceOf(ShaderError);
    expect(error.message).toMatch(/shader "broken\/test" failed: line 2/);
    expect(error.message).toContain('   2| fn main() { let x: f32 = undefinedThing; }');
  });

  it('the pipeline cache builds each key once', async () => {
    const spec = { key: 'copy-param/test', code: copyParam };
    const [a, b] = await Promise.all([gpu.pipelines.get(spec), gpu.pipelines.get(spec)]);
    expect(a).toBe(b);
  });

  it('param slots reach the shader after one flush per submit', async () => {
    const pipeline = await gpu.pipelines.get({ key: 'copy-param/test', code: copyParam });
    const y = uploadStorage(gpu.device, new Float32Array([NaN]), 'y');
    const slot = gpu.params.alloc();
    slot.write([40, { f: 2.5 }]);
    const bindGroup = gpu.device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: slot.binding }, { binding: 1, resource: { buffer: y } }] });
    const rec = gpu.recorder();
    rec.dispatch({ label: 'copy', pipeline, bindGroup, workgroups: [1] });
    rec.submit();
    expect(Array.from(await readFloat32(gpu.device, y, 1))).toEqual([42.5]);
    expect(() => slot.write([-1])).toThrow(/param 0 must be a u32/);
  });

  it('a freed slot is never handed to two owners, and its old handle cannot write into the new one', () => {
    const first = gpu.params.alloc();
    first.free();
    const second = gpu.params.alloc(); // the same slot, a new handle
    expect(second.index).toBe(first.index);
    expect(() => first.write([1])).toThrow(`param slot ${first.index} written after it was freed`);
    first.free(); // a second free used to put the slot back while second still owned it
    const third = gpu.params.alloc();
    expect(third.index).not.toBe(second.index);
    second.free();
    third.free();
  });

  it('a kernel call destroyed and then recorded or updated throws instead of using a slot another call may own', async () => {
    const norm = await Norm.create(gpu, { kind: 'rms' });
    const x = uploadStorage(gpu.device, new Float32Array(4).fill(1), 'x');
    const y = createStorage(gpu.device, 16, 'y');
    const bound = norm.bind({ x, gamma: x, y }, { rows: 1, C: 4, eps: 1e-5 });
    bound.destroy();
    expect(() => bound.record(gpu.recorder())).toThrow(/^norm\/.*: recorded after destroy\(\); its param slot may belong to another call now$/);
    expect(() => bound.update({ rows: 1, C: 4, eps: 1e-5 })).toThrow('written after it was freed');
    bound.destroy(); // twice is harmless
    x.destroy();
    y.destroy();
  });

  it('a dispatch over the per-dimension limit is refused with the numbers', async () => {
    const pipeline = await gpu.pipelines.get({ key: 'copy-param/test', code: copyParam });
    const rec = gpu.recorder();
    const big = gpu.limits.maxComputeWorkgroupsPerDimension + 1;
    expect(() => rec.dispatch({ label: 'too-big', pipeline, bindGroup: null as unknown as GPUBindGroup, workgroups: [big] })).toThrow(/too-big: dispatch \(\d+, 1, 1\) exceeds maxComputeWorkgroupsPerDimension/);
  });

  // createEngine() set VK_ICD_FILENAMES for good: every Vulkan program the app spawned after it ran on SwiftShader.
  it('in Node, falling back to SwiftShader leaves the environment as it was, for the app and its child processes', () => {
    const script = "import { createGpu } from './src/gpu/device.ts'; const gpu = await createGpu(); "
      + "console.log(JSON.stringify([gpu.profile, process.env.VK_ICD_FILENAMES ?? null, process.env.XDG_RUNTIME_DIR ?? null])); gpu.destroy();";
    const env = { ...process.env };
    delete env.VK_ICD_FILENAMES;
    delete env.XDG_RUNTIME_DIR;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env, encoding: 'utf8' });
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual([expect.any(String), null, null]);
  });

  it('without a browser, the launcher says how to install one', () => {
    const saved = process.env.CHROME_PATH;
    process.env.CHROME_PATH = '/nonexistent/chromium';
    try {
      expect(() => findChrome()).toThrow(/CHROME_PATH=\/nonexistent\/chromium does not exist/);
      delete process.env.CHROME_PATH;
      expect(() => findChrome(['/nonexistent/chromium'])).toThrow(/No Chromium found .* apt-get install -y chromium\) or set CHROME_PATH/);
    } finally {
      if (saved === undefined) delete process.env.CHROME_PATH;
      else process.env.CHROME_PATH = saved;
    }
  });
});

describe('pipeline errors under concurrency', () => {
  it('each of several concurrent broken builds reports its own kernel', async () => {
    const broken = (n: number) => gpu.pipelines.get({ key: `broken/${n}`, code: `@compute @workgroup_size(1)\nfn main() { let x${n}: f32 = missing${n}; }` });
    const good = gpu.pipelines.get({ key: 'copy-param/test', code: copyParam });
    const results = await Promise.allSettled([broken(1), good, broken(2), broken(3)]);
    expect(results[1].status).toBe('fulfilled');
    for (const [i, n] of [[0, 1], [2, 2], [3, 3]]) {
      const r = results[i] as PromiseRejectedResult;
      expect(r.reason.message).toMatch(new RegExp(`shader "broken/${n}" failed: .*missing${n}`));
    }
  });
});

// SwiftShader runs each workgroup on one thread of a pool with a thread a logical CPU: the
// software profile's capped grids (gemv) and decode's key ranges (attention) scale with the host.
describe('grids sized by the host', () => {
  it('createGpu refuses a hostThreads that is not a positive integer, before making a device', async () => {
    for (const bad of [0, -2, 1.5, Number.NaN]) {
      await expect(createGpu({ hostThreads: bad })).rejects.toThrow(new RangeError(`hostThreads must be an integer >= 1, got ${bad}`));
    }
  });

  it('createGpu refuses an option it does not know, or a value outside its list, naming it', async () => {
    const refused: Array<[object, string]> = [
      [{ profile: 'GPU' }, 'profile must be one of "gpu", "software", got "GPU"'],
      [{ powerPreference: 'fast' }, 'powerPreference must be one of "high-performance", "low-power", got "fast"'],
      [{ disableFeatures: ['nope'] }, 'each of disableFeatures must be one of "shader-f16", "subgroups", "timestamp-query", got "nope"'],
      [{ disableFeatures: 'subgroups' }, 'disableFeatures must be a list of feature names, got "subgroups"'],
      [{ profiles: 'gpu' }, 'an engine option must be one of "profile", "powerPreference", "disableFeatures", "hostThreads", got "profiles"'],
    ];
    for (const [options, message] of refused) await expect(createGpu(options as GpuOptions)).rejects.toThrow(new RangeError(message));
    // It failed inside, on Object.keys(null).
    await expect(createGpu(null as never)).rejects.toThrow(new TypeError('engine options must be an object, got null'));
    await expect(createGpu([] as never)).rejects.toThrow(new TypeError('engine options must be an object, got an array'));
  });

  it("Node's default is os.availableParallelism()", () => {
    expect(gpu.hostThreads).toBe(availableParallelism());
  });

  it("a software gemv's capped grid and attention's decode ranges take 4 workgroups a host thread", async () => {
    const workgroups: Record<number, { gemv: number; attention: number }> = {};
    for (const hostThreads of [1, 3]) {
      const host = await createGpu({ hostThreads });
      try {
        const shape = { T: 1, K: 64, N: 16384 };
        const gemv = await Gemv.create(host, { layout: 'nk', profile: 'software' }, shape);
        const [x, w, y] = [shape.K, shape.K * shape.N, shape.N].map((n) => createStorage(host.device, 4 * n, 'test'));
        const attention = await Attention.create(host, { mode: 'decode', profile: 'software' });
        // One row of 4 heads over 4096 cached keys: up to 8 ranges of >= 256 keys, 4 rows a workgroup.
        const a = { T: 1, S: 4096, NH: 4, NKV: 4, HS: 4 };
        const [q, k, v, o] = [4 * 4, 4096 * 16, 4096 * 16, 4 * 4].map((n) => createStorage(host.device, 4 * n, 'test'));
        workgroups[hostThreads] = {
          gemv: gemv.bind({ x, w, y }, shape).workgroups[0],
          attention: attention.bind({ q, k, v, y: o }, a).workgroups[0],
        };
      } finally {
        host.destroy();
      }
    }
    expect(workgroups).toEqual({ 1: { gemv: 4, attention: 4 }, 3: { gemv: 12, attention: 8 } });
  });
});

describe('the SwiftShader fallback in Node', () => {
  // Set to 0 it used to refuse the fallback too (review AQ), as any value did.
  it('SHADERLM_NO_SWIFTSHADER refuses it for any value but none, empty, 0, false, no or off', () => {
    for (const value of ['1', 'true', 'TRUE', 'yes', 'on', ' 1 ']) expect(refusesSwiftShader(value), value).toBe(true);
    for (const value of [undefined, '', '0', 'false', 'False', ' 0 ', 'no', 'OFF']) expect(refusesSwiftShader(value), String(value)).toBe(false);
  });
});
