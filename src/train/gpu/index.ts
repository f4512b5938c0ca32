// GPU training: GpuTrainer (steps, held-out loss, weights and optimizer state for checkpoints) and
// the memory estimate it checks before allocating. The schedule, data and files are the train()
// API's; the CPU oracle is src/reference/train.ts.

export { GpuTrainer, type GpuTrainerOptions, type OptimizerState, type StepResult } from './trainer.js';
export type { AdamwOptions } from './passes.js';
export type { TrainBatch } from './batch.js';
export type { TrainShape } from './layout.js';
export { trainingMemory, type TrainingMemory } from './memory.js';
