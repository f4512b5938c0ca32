// The `shaderlm/reference` subpath: the CPU reference ("oracle") of every shipped kernel family,
// gathered from src/kernels/<family>/reference.ts, the CPU forward pass and its inspection. The
// definitions the kernels are tested against; not used on the inference path. Contracts: docs/KERNELS.md.

export * from '../kernels/adamw/reference.js';
export * from '../kernels/attention/reference.js';
export * from '../kernels/crossentropy/reference.js';
export * from '../kernels/elementwise/reference.js';
export * from '../kernels/embed/reference.js';
export * from '../kernels/gemv/reference.js';
export * from '../kernels/gradnorm/reference.js';
export * from '../kernels/kvcache/reference.js';
export * from '../kernels/matmul/reference.js';
export * from '../kernels/norm/reference.js';
export * from '../kernels/penalty/reference.js';
export * from '../kernels/sample/reference.js';
export * from './inspect.js';
export * from './train.js';
export * from './transformer.js';
