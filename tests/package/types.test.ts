// The published .d.ts files type-check in a fresh project that installed shaderlm and nothing
// else (installed.ts), compiled with strict settings and skipLibCheck off. No GPU; one build and a
// compile per check.

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installBuiltPackage, pkg, repo } from './installed.js';

const tsc = join(repo, 'node_modules/typescript/bin/tsc');
let app: string;
let remove: () => void;

beforeAll(() => ({ app, remove } = installBuiltPackage()));
afterAll(() => remove());

/** Compiles `source` as a fresh project's only file; returns tsc's complaints ('' when none). */
function typeCheck(name: string, source: string, options: object = {}): string {
  const dir = join(app, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'index.ts'), source);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { module: 'nodenext', target: 'es2022', strict: true, skipLibCheck: false, noEmit: true, ...options },
    files: ['index.ts'],
  }));
  try {
    execFileSync(process.execPath, [tsc, '-p', dir], { cwd: app, encoding: 'utf8' });
    return '';
  } catch (e) {
    // A crashed or missing tsc prints nothing on stdout; that must not read as "no complaints".
    const { stdout, stderr, status } = e as { stdout?: string; stderr?: string; status?: number | null };
    return stdout || stderr || `tsc exited with status ${status}`;
  }
}

describe('the published type declarations', () => {
  it('need @webgpu/types, which is a dependency (installed with shaderlm), not a devDependency', () => {
    expect(Object.keys(pkg.dependencies)).toContain('@webgpu/types');
  });

  it('type-check from the main entry, WebGPU types included, with nothing added by hand', () => {
    const errors = typeCheck('main', `
      import { createEngine, DeviceLostError, type LoadProgress, type TrainData, type TrainingMemory, type WeightDType, type WeightSummary } from 'shaderlm';
      // The types the public ones are made of can be named too (LoadOptions.dtype, TrainedModel.memory, ...).
      const dtype: WeightDType = 'q4_0';
      const data: TrainData = { train: { name: 'a.txt', text: 'abc', format: 'text' }, tokenizer: { kind: 'char' } };
      const sizes: Partial<TrainingMemory & WeightSummary> = {};
      console.log(dtype, data, sizes);
      const engine = await createEngine();
      const device: GPUDevice = engine.gpu.device;
      const model = await engine.load('model', { onProgress: (p: LoadProgress) => console.log(p.phase, p.fraction) });
      for await (const piece of model.generate('Once', { maxTokens: 4 })) console.log(piece.text, device.label);
      console.log(new DeviceLostError('unknown', 'gone').message);
    `);
    expect(errors).toBe('');
  });

  it('the README\'s examples type-check as a user copies them', () => {
    const [api, appWorker, appPage, ...more] = [...readFileSync(join(repo, 'README.md'), 'utf8').matchAll(/```ts\n([^]*?)```/g)].map((m) => m[1]!);
    expect(more).toEqual([]); // a new example joins this check
    // The API example writes to process.stdout: a Node app, with Node's types (the package itself needs none).
    expect(typeCheck('readme', api!, { typeRoots: [join(repo, 'node_modules/@types')], types: ['node'] })).toBe('');
    // The app's worker file and page: a browser app, with the DOM's types.
    expect(typeCheck('readme-worker', appWorker!)).toBe('');
    expect(typeCheck('readme-page', appPage!)).toBe('');
  });

  it('type-check from the subpath entries (gpu, kernels, reference, worker, worker/serve) alone', () => {
    const errors = typeCheck('subpaths', `
      import * as gpu from 'shaderlm/gpu';
      import * as kernels from 'shaderlm/kernels';
      import * as reference from 'shaderlm/reference';
      import { connectEngine, type ConnectSettings, type RemoteEngine, type RemoteModel } from 'shaderlm/worker';
      import { serveEngine } from 'shaderlm/worker/serve';
      console.log(Object.keys(gpu), Object.keys(kernels), Object.keys(reference));
      // every family's oracle, gemv's included
      console.log(reference.fusedGemv, reference.matmul, reference.attention);
      // the page side and the app's own worker file
      const settings: ConnectSettings = { modelsBase: '/models/', startTimeoutMs: 120_000 };
      const engine: RemoteEngine = await connectEngine(new Worker(new URL('./engine.worker.js', import.meta.url), { type: 'module' }), settings);
      const model: RemoteModel = await engine.load('default:shakespeare');
      console.log(await model.generate('ROMEO:').text(), serveEngine);
      // A worker reads through its own cache: the options it refuses at run time are no load options in its types.
      // @ts-expect-error fetch is not for a RemoteEngine
      await engine.load('default:shakespeare', { fetch });
      // @ts-expect-error nor modelsBase
      await engine.train({ data: { train: { name: 'a.txt', text: 'abc' } }, steps: 1, batchSize: 1, contextLength: 2, learningRate: 1e-3, modelsBase: '/models/' });
    `);
    expect(errors).toBe('');
  });

  // module commonjs resolves as node10, which reads no exports map: the subpaths' types were not found (TS2307).
  it('resolve the subpaths in a CommonJS project resolving as node10, through typesVersions', () => {
    const errors = typeCheck('node10', `
      import { createEngine } from 'shaderlm';
      import { connectEngine } from 'shaderlm/worker';
      import { serveEngine } from 'shaderlm/worker/serve';
      import { createGpu } from 'shaderlm/gpu';
      import { Matmul } from 'shaderlm/kernels';
      import { matmul } from 'shaderlm/reference';
      console.log(createEngine, connectEngine, serveEngine, createGpu, Matmul, matmul);
    `, { module: 'commonjs', moduleResolution: 'node10' });
    expect(errors).toBe('');
  });
});
