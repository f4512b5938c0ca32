// CPU reference implementations ("oracles") of every GPU kernel family, re-exported in one place.
// The definitions the kernels are tested against; not used on the inference path.
// Contract: docs/KERNELS.md; tests: tests/reference/.

export * from './attention.js';
export * from './elementwise.js';
export * from './embed.js';
export * from './matmul.js';
export * from '../kernels/norm/reference.js';
export * from './rope.js';
export * from './sample.js';
export * from './softmax.js';
export * from './kvcache.js';
export * from './penalty.js';
export * from './transformer.js';
