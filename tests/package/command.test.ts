// The shaderlm command and createEngine() in an app that installed the package (installed.ts):
// the CLI runs as the build compiled it (the package has no src/ for tsx to run, and no tsx),
// and an app without webgpu, the optional peer dependency that Node needs, is told what to run.
// The last check links webgpu as `npm install webgpu` would and generates on the GPU (SwiftShader
// without one), with the embedded default model found from dist/.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installBuiltPackage, linkDependency, pkg } from './installed.js';

let app: string;
let remove: () => void;
beforeAll(() => ({ app, remove } = installBuiltPackage()));
afterAll(() => remove());

/** The installed command, run in the app as `npx shaderlm` runs it. */
function shaderlm(...args: string[]) {
  const r = spawnSync(process.execPath, ['node_modules/shaderlm/bin/shaderlm.js', ...args], { cwd: app, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const INSTALL_WEBGPU = 'an optional peer dependency of shaderlm that is not installed: run `npm install webgpu`';

describe('the installed package', () => {
  it('depends on neither tsx nor webgpu; webgpu is an optional peer, for Node', () => {
    expect(Object.keys(pkg.dependencies)).not.toContain('tsx');
    expect(Object.keys(pkg.dependencies)).not.toContain('webgpu');
    const manifest = JSON.parse(readFileSync(join(app, 'node_modules/shaderlm/package.json'), 'utf8')) as typeof pkg & { peerDependenciesMeta: Record<string, { optional?: boolean }> };
    expect(Object.keys(manifest.peerDependencies)).toEqual(['webgpu']);
    expect(manifest.peerDependenciesMeta.webgpu?.optional).toBe(true);
  });

  it('runs the compiled CLI', () => {
    expect(existsSync(join(app, 'node_modules/shaderlm/src'))).toBe(false);
    const r = shaderlm('--help');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^usage:\n {2}shaderlm generate/);
  });

  it('without webgpu, the CLI says what to install', () => {
    const r = shaderlm('generate', '--prompt', 'ROMEO:');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`shaderlm: WebGPUUnavailableError: WebGPU in Node comes from the "webgpu" package, ${INSTALL_WEBGPU}\n`);
  });

  it('without webgpu, createEngine() rejects with the same words', () => {
    const script = `import { createEngine, WebGPUUnavailableError } from 'shaderlm';
      try { await createEngine(); console.log('created'); } catch (e) { console.log(e instanceof WebGPUUnavailableError, e.message); }`;
    const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: app, encoding: 'utf8' }).stdout;
    expect(out).toContain(`true WebGPU in Node comes from the "webgpu" package, ${INSTALL_WEBGPU}`);
  });

  it('with webgpu installed, the CLI generates from the embedded default model', () => {
    linkDependency(app, 'webgpu');
    const r = shaderlm('generate', '--prompt', 'ROMEO:', '--max-tokens', '16', '--temperature', '0', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { text: string }).text.length).toBeGreaterThan(0);
  });
});
