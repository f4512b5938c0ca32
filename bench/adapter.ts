// `npx tsx bench/adapter.ts`: prints the adapter Dawn gives this Node process as one JSON line
// (vendor, architecture, description, profile, features, limits) and exits 1 if it is a software
// or CPU adapter (profile 'software'): bench/gpu.sh checks it before benchmarking.

import { createEngine } from '../src/index.js';

const engine = await createEngine();
const { adapter, profile, features, limits } = engine.gpu;
const summary = {
  ...adapter,
  profile,
  features,
  maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
  maxBufferSize: limits.maxBufferSize,
};
engine.destroy();
console.log(JSON.stringify(summary));
process.exitCode = profile === 'gpu' ? 0 : 1;
