// The GPU runtime on its own: shader errors show numbered WGSL, the pipeline cache shares one
// build per key, the param arena uploads what was written, dispatch limits are checked, and the
// Chromium launcher names the fix when no browser is installed.

import { afterAll, describe, expect, it } from 'vitest';
import { readFloat32, uploadStorage } from '../../src/gpu/buffers.js';
import { createGpu } from '../../src/gpu/device.js';
import { ShaderError } from '../../src/errors.js';
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

  it('a dispatch over the per-dimension limit is refused with the numbers', async () => {
    const pipeline = await gpu.pipelines.get({ key: 'copy-param/test', code: copyParam });
    const rec = gpu.recorder();
    const big = gpu.limits.maxComputeWorkgroupsPerDimension + 1;
    expect(() => rec.dispatch({ label: 'too-big', pipeline, bindGroup: null as unknown as GPUBindGroup, workgroups: [big] })).toThrow(/too-big: dispatch \(\d+, 1, 1\) exceeds maxComputeWorkgroupsPerDimension/);
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
