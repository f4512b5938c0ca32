// The public API of shaderlm. Everything a user needs is exported here; deeper modules
// (kernels, reference) are importable by path for engineers who build on them.

export { createEngine, Engine, type LoadOptions, type LoadProgress, type ModelSource } from './engine.js';
export { Model, type ModelInfo } from './model/model.js';
export type { GenerateOptions, GeneratedPiece, GenerationStats, TokenLogprob } from './generate.js';
export type { ModelConfig } from './model/config.js';
export type { Tokenizer } from './tokenizer/types.js';
export { createGpu, Gpu, type GpuOptions } from './gpu/device.js';
export { DeviceLostError, NoAdapterError, ShaderError, WebGPUUnavailableError, GPUValidationError } from './gpu/errors.js';
export { ModelSourceError, WeightFormatError } from './model/weights/errors.js';
export { ModelTooLargeError } from './model/gpu-weights.js';
export { TokenizerFormatError } from './tokenizer/types.js';
