// The shaderlm command in an app that installed the package (installed.ts): the CLI runs as the
// build compiled it (the package has no src/ for tsx to run, and no tsx). No GPU.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installBuiltPackage, pkg } from './installed.js';

let app: string;
let remove: () => void;
beforeAll(() => ({ app, remove } = installBuiltPackage()));
afterAll(() => remove());

/** The installed command, run in the app as `npx shaderlm` runs it. */
function shaderlm(...args: string[]) {
  const r = spawnSync(process.execPath, ['node_modules/shaderlm/bin/shaderlm.js', ...args], { cwd: app, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the installed package', () => {
  it('does not depend on tsx', () => {
    expect(Object.keys(pkg.dependencies)).not.toContain('tsx');
  });

  it('runs the compiled CLI', () => {
    expect(existsSync(join(app, 'node_modules/shaderlm/src'))).toBe(false);
    const r = shaderlm('--help');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^usage:\n {2}shaderlm generate/);
  });
});
