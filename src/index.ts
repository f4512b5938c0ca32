// The public API of shaderlm: the engine, models, generation and chat, their types, and every
// error class. The GPU runtime, the kernels and their CPU references are the subpaths
// `shaderlm/gpu`, `shaderlm/kernels` and `shaderlm/reference`.

export { createEngine, Engine, type LoadOptions, type LoadProgress, type ModelSource } from './engine.js';
export { Model, type ChatMessage, type ChatOptions, type ChatPrompt, type ChatTemplateOptions, type ModelInfo } from './model/model.js';
export { Generation, type GeneratedPiece, type GenerationStats, type StopReason, type TokenLogprob } from './model/generation.js';
export type { GenerateOptions, LogitsOptions, TokenIds } from './model/options.js';
export type { InspectOptions, InspectResult, TopTokens } from './model/inspect.js';
export type { ModelConfig } from './model/config.js';
export type { Tokenizer } from './tokenizer/types.js';
export type { GpuOptions } from './gpu/device.js';
export type { TrainData, TrainedModel, TrainRequest, TrainStep } from './train/api.js';
export type { DataFormat, DataSource, TokenizerChoice } from './train/data/index.js';
export type { ModelShape } from './train/init.js';
export type { ScheduleKind } from './train/schedule.js';
export type { TrainingMemory } from './train/gpu/index.js';
export type { WeightDType } from './quant/formats.js';
export type { WeightSummary } from './model/convert.js';
export * from './errors.js';
