// The published .d.ts files type-check in a fresh project that installed shaderlm and nothing
// else: the package is built into a temporary node_modules/shaderlm (tsconfig.build.json), its
// "dependencies" linked beside it as npm would install them, and a consumer is compiled with
// strict settings and skipLibCheck off. No GPU; one build and two compiles.

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const tsc = join(repo, 'node_modules/typescript/bin/tsc');
const tmp = mkdtempSync(join(tmpdir(), 'shaderlm-types-'));

beforeAll(() => {
  const installed = join(tmp, 'node_modules/shaderlm');
  mkdirSync(installed, { recursive: true });
  writeFileSync(join(installed, 'package.json'), JSON.stringify(pkg));
  execFileSync(process.execPath, [tsc, '-p', join(repo, 'tsconfig.build.json'), '--outDir', join(installed, 'dist')], { cwd: repo });
  for (const name of Object.keys(pkg.dependencies)) {
    mkdirSync(dirname(join(tmp, 'node_modules', name)), { recursive: true });
    symlinkSync(join(repo, 'node_modules', name), join(tmp, 'node_modules', name), 'dir');
  }
  writeFileSync(join(tmp, 'package.json'), JSON.stringify({ type: 'module' }));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Compiles `source` as a fresh project's only file; returns tsc's complaints ('' when none). */
function typeCheck(name: string, source: string, options: object = {}): string {
  const dir = join(tmp, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'index.ts'), source);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { module: 'nodenext', target: 'es2022', strict: true, skipLibCheck: false, noEmit: true, ...options },
    files: ['index.ts'],
  }));
  try {
    execFileSync(process.execPath, [tsc, '-p', dir], { cwd: tmp, encoding: 'utf8' });
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

  it('the README\'s API example type-checks as a user copies it', () => {
    const [example, ...more] = [...readFileSync(join(repo, 'README.md'), 'utf8').matchAll(/```ts\n([^]*?)```/g)].map((m) => m[1]!);
    expect(more).toEqual([]); // one example; a new one joins this check
    // It writes to process.stdout: a Node app, with Node's types (the package itself needs none).
    expect(typeCheck('readme', example!, { typeRoots: [join(repo, 'node_modules/@types')], types: ['node'] })).toBe('');
  });

  it('type-check from the subpath entries (gpu, kernels, reference) alone', () => {
    const errors = typeCheck('subpaths', `
      import * as gpu from 'shaderlm/gpu';
      import * as kernels from 'shaderlm/kernels';
      import * as reference from 'shaderlm/reference';
      console.log(Object.keys(gpu), Object.keys(kernels), Object.keys(reference));
      // every family's oracle, gemv's included
      console.log(reference.fusedGemv, reference.matmul, reference.attention);
    `);
    expect(errors).toBe('');
  });
});
