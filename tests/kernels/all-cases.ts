// Every kernel case, gathered from tests/kernels/cases/*.ts (each exports `cases`). Vite's glob
// works both under vitest (Node) and in the browser page, so both runs see the same list.

import type { KernelCase } from './harness.js';

const modules = import.meta.glob<{ cases: KernelCase[] }>('./cases/*.ts', { eager: true });

export const allCases: KernelCase[] = Object.keys(modules)
  .sort()
  .flatMap((path) => modules[path].cases);
