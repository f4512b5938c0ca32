// Every kernel case, gathered from each family's cases.ts (src/kernels/<family>/, and the lab
// kernels under bench/lab/<family>/). Vite's glob works both under vitest (Node) and in the
// browser page, so both runs see the same list.

import type { KernelCase } from './harness.js';

const modules = import.meta.glob<{ cases: KernelCase[] }>(['../../src/kernels/*/cases.ts', '../../bench/lab/*/cases.ts'], { eager: true });

export const allCases: KernelCase[] = Object.keys(modules)
  .sort()
  .flatMap((path) => modules[path].cases);
