// What `npm pack` would publish: the embedded default models (so `default:<name>` and the CLI's
// default work from an installed package) and their README, the sources the bin runs, the
// LICENSE, and no tests. Lists files with --dry-run --ignore-scripts: no build, no tarball.

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODELS } from '../../src/model/defaults.js';

describe('the npm package', () => {
  const listing = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--ignore-scripts', '--json'], { encoding: 'utf8' })) as Array<{ files: Array<{ path: string }> }>;
  const files = new Set(listing[0]!.files.map((f) => f.path));

  it('ships every default model with its README', () => {
    expect(files.has('models/README.md')).toBe(true);
    for (const folder of Object.values(DEFAULT_MODELS)) {
      for (const file of ['config.json', 'model.safetensors', 'tokenizer.json']) expect(files.has(`models/${folder}/${file}`), `models/${folder}/${file}`).toBe(true);
    }
  });

  it('ships the MIT LICENSE that package.json names', () => {
    expect(files.has('LICENSE')).toBe(true);
  });

  it('ships the CLI and its sources, not the tests', () => {
    expect(files.has('bin/shaderlm.js')).toBe(true);
    expect(files.has('src/cli.ts')).toBe(true);
    expect([...files].filter((f) => f.startsWith('tests/') || f.endsWith('.test.ts'))).toEqual([]);
  });
});
