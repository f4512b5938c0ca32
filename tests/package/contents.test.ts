// What `npm pack` would publish: the embedded default models (so `default:<name>` and the CLI's
// default work from an installed package) and their README, the docs README names, the bin, the LICENSE, and no
// TypeScript sources or tests: an installed package runs what the build compiled into dist/.
// Lists files with --dry-run --ignore-scripts: no build, no tarball.

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODELS } from '../../src/model/defaults.js';
import { pkg } from './installed.js';

/** The paths `npm pack` would put in the package made from the folder `dir`. */
function packedFiles(dir: string): Set<string> {
  const listing = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--ignore-scripts', '--json'], { cwd: dir, encoding: 'utf8' })) as Array<{ files: Array<{ path: string }> }>;
  return new Set(listing[0]!.files.map((f) => f.path));
}

describe('the npm package', () => {
  const files = packedFiles('.');

  it('ships every default model with its README', () => {
    expect(files.has('models/README.md')).toBe(true);
    for (const folder of Object.values(DEFAULT_MODELS)) {
      for (const file of ['config.json', 'model.safetensors', 'tokenizer.json']) expect(files.has(`models/${folder}/${file}`), `models/${folder}/${file}`).toBe(true);
    }
  });

  // README sends readers to docs/ by path: an installed package must have what it names.
  it('ships every docs/ file README names', () => {
    const readme = readFileSync('README.md', 'utf8');
    const named = new Set(readme.match(/docs\/[\w.-]+\.md/g) ?? []);
    expect(named.size).toBeGreaterThan(0);
    for (const doc of named) expect(files.has(doc), doc).toBe(true);
  });

  it('ships the MIT LICENSE that package.json names', () => {
    expect(files.has('LICENSE')).toBe(true);
  });

  it('ships the bin, and no TypeScript sources (src/, shaders/) or tests', () => {
    expect(files.has('bin/shaderlm.js')).toBe(true);
    expect([...files].filter((f) => (f.endsWith('.ts') && !f.endsWith('.d.ts')) || f.startsWith('tests/'))).toEqual([]);
  });

  // A checkout has no dist/ until it is built, so which build outputs "files" takes is checked on
  // a folder made for it: this package.json over one file of each kind.
  it('ships the compiled library and CLI from dist/, not the demo site, its worker or compiled tests', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shaderlm-files-'));
    try {
      const tree = ['dist/src/cli.js', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/shaders/rope.js', 'dist/site/index.html',
        'dist/src/kernels/norm/cases.js', 'dist/src/engine.test.js', 'dist/src/worker/serve.js', 'dist/src/worker/worker.js', 'dist/src/worker/worker.d.ts', 'src/cli.ts', 'shaders/rope.ts', 'bench/run.ts'];
      for (const path of tree) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), '');
      }
      writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg));
      const dist = [...packedFiles(dir)].filter((f) => f !== 'package.json').sort();
      expect(dist).toEqual(['dist/shaders/rope.js', 'dist/src/cli.js', 'dist/src/index.d.ts', 'dist/src/index.js', 'dist/src/worker/serve.js']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
