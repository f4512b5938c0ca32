// Every "exports" entry of package.json loads in Node from an installed package (installed.ts),
// by import and by require (Node 20.19+ requires ES modules without top-level await, and
// `engines` asks for 20.19): a subpath missing from "exports", or one reachable by one condition
// only, fails here. No GPU: loading a module starts nothing.

import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installBuiltPackage, pkg } from './installed.js';

/** A name each entry must export: the entry's reason to exist. */
const ENTRIES: Record<string, string> = {
  'shaderlm': 'createEngine',
  'shaderlm/gpu': 'createGpu',
  'shaderlm/kernels': 'Matmul',
  'shaderlm/reference': 'matmul',
  'shaderlm/worker': 'connectEngine',
  'shaderlm/worker/serve': 'serveEngine',
};

let app: string;
let remove: () => void;
beforeAll(() => ({ app, remove } = installBuiltPackage()));
afterAll(() => remove());

/** The names each entry exports, loaded in a Node child process inside the app, by `how`. */
function exportedNames(how: 'import' | 'require'): Record<string, string[]> {
  const specifiers = JSON.stringify(Object.keys(ENTRIES));
  const load = how === 'import' ? 'await import(s)' : 'require(s)';
  const script = `const names = {}; for (const s of ${specifiers}) names[s] = Object.keys(${load}); console.log(JSON.stringify(names));`;
  const args = how === 'import' ? ['--input-type=module', '-e', script] : ['--input-type=commonjs', '-e', script];
  return JSON.parse(execFileSync(process.execPath, ['--no-warnings', ...args], { cwd: app, encoding: 'utf8' })) as Record<string, string[]>;
}

/** The code entries of "exports": all but package.json itself, which tools read (require('shaderlm/package.json')). */
const codeEntries = () => Object.entries(pkg.exports).filter(([entry]) => entry !== './package.json') as [string, Record<string, string>][];

describe('the package entry points', () => {
  it('are the ones this test loads: a new entry joins it', () => {
    expect(codeEntries().map(([e]) => `shaderlm${e.slice(1)}`).sort()).toEqual(Object.keys(ENTRIES).sort());
    expect(pkg.exports['./package.json']).toBe('./package.json');
  });

  it('each give "types" first, then a "default" that every loader takes', () => {
    for (const [entry, conditions] of codeEntries()) expect(Object.keys(conditions), entry).toEqual(['types', 'default']);
  });

  // For TypeScript resolving as node10 (module commonjs), which reads no "exports".
  it('each subpath\'s types are in typesVersions too, the same file', () => {
    const subpaths = codeEntries().filter(([entry]) => entry !== '.').map(([entry, conditions]) => [entry.slice(2), [conditions.types!.slice(2)]]);
    expect(pkg.typesVersions).toEqual({ '*': Object.fromEntries(subpaths) });
  });

  it('package.json itself loads from the installed package', () => {
    const version = execFileSync(process.execPath, ['-e', "console.log(require('shaderlm/package.json').version)"], { cwd: app, encoding: 'utf8' });
    expect(version.trim()).toBe(pkg.version);
  });

  it.each(['import', 'require'] as const)('load by %s in Node, each with its own exports', (how) => {
    const names = exportedNames(how);
    for (const [entry, name] of Object.entries(ENTRIES)) expect(names[entry], entry).toContain(name);
  });
});
