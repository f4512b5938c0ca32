// The modules only Node's code paths load: Node's built-ins (paths, folders) and Dawn's webgpu
// package (WebGPU in Node, an optional peer dependency). Imported by a name held in a variable, so that a browser bundler neither follows them nor warns, in every app
// that bundles shaderlm, that they were "externalized for browser compatibility". Each bundler is
// told to leave the import as it is: Vite (@vite-ignore) and webpack (webpackIgnore), which
// otherwise warns "Critical dependency: the request of a dependency is an expression" and, in a
// bundle for Node (a server, Electron), replaces it with a lookup that fails: "Cannot find module
// 'node:os'". Tests: tests/package/dynamic-imports.test.ts.

interface NodeModules {
  'node:fs': typeof import('node:fs');
  'node:fs/promises': typeof import('node:fs/promises');
  'node:os': typeof import('node:os');
  'node:path': typeof import('node:path');
  'node:url': typeof import('node:url');
  /** Dawn: typed where it is used (src/gpu/node.ts), so that the published types need no webgpu, which an app may leave out. */
  webgpu: unknown;
}

export function nodeModule<Name extends keyof NodeModules>(name: Name): Promise<NodeModules[Name]> {
  const specifier: string = name;
  return import(/* @vite-ignore */ /* webpackIgnore: true */ specifier) as Promise<NodeModules[Name]>;
}
