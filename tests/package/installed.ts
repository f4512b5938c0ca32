// shaderlm as an app's `npm install` leaves it, without packing: the library and CLI built with
// tsconfig.build.json into a temporary node_modules/shaderlm beside this package.json, with the
// bin and the embedded models, and its "dependencies" linked next to it. Its optional peer
// webgpu is not: the app is one that has not installed it. For the tests of what an installed
// package offers.

import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const repo = resolve(import.meta.dirname, '../..');
export const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  exports: Record<string, Record<string, string> | string>;
  typesVersions: Record<string, Record<string, string[]>>;
  version: string;
};

/** Builds the package into a fresh app folder (an ES module package, as a Vite app is); returns the folder and its removal. */
export function installBuiltPackage(): { app: string; remove: () => void } {
  const app = mkdtempSync(join(tmpdir(), 'shaderlm-app-'));
  const installed = join(app, 'node_modules/shaderlm');
  mkdirSync(installed, { recursive: true });
  writeFileSync(join(installed, 'package.json'), JSON.stringify(pkg));
  execFileSync(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', join(repo, 'tsconfig.build.json'), '--outDir', join(installed, 'dist')], { cwd: repo });
  for (const folder of ['bin', 'models']) cpSync(join(repo, folder), join(installed, folder), { recursive: true });
  for (const name of Object.keys(pkg.dependencies)) linkDependency(app, name);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ type: 'module' }));
  return { app, remove: () => rmSync(app, { recursive: true, force: true }) };
}

/** Links this repository's installed package `name` into the app's node_modules, as `npm install name` puts it there. */
export function linkDependency(app: string, name: string): void {
  mkdirSync(dirname(join(app, 'node_modules', name)), { recursive: true });
  symlinkSync(join(repo, 'node_modules', name), join(app, 'node_modules', name), 'dir');
}
