// The library's imports of a module named at run time (Node's built-ins, Dawn's webgpu) are left
// alone by every bundler an app may use: Vite (/* @vite-ignore */) and webpack
// (/* webpackIgnore: true */). Without webpack's, an app's webpack build warned "Critical
// dependency: the request of a dependency is an expression", and a webpack bundle for Node
// failed at run time with "Cannot find module 'node:os'". tsc keeps the comments in dist/.

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = join(import.meta.dirname, '../../src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? sources(path) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('dynamic imports of a specifier in a variable', () => {
  it('tell both Vite and webpack to leave them alone', () => {
    const found: string[] = [];
    const unmarked: string[] = [];
    for (const file of sources(src)) {
      // import( followed by anything but a string literal: a name held in a variable.
      for (const m of readFileSync(file, 'utf8').matchAll(/\bimport\(((?:\s*\/\*[^*]*\*\/)*)\s*(?!['"`])[\w.]+\s*\)/g)) {
        const where = `${relative(src, file)}: ${m[0]}`;
        found.push(where);
        if (!m[1]!.includes('@vite-ignore') || !m[1]!.includes('webpackIgnore: true')) unmarked.push(where);
      }
    }
    expect(found.map((where) => where.split(':')[0])).toContain('node-modules.ts'); // nodeModule(), which Dawn's import goes through too
    expect(unmarked).toEqual([]);
  });
});
