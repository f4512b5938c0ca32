// GPU training: GpuTrainer (steps, held-out loss, weights and optimizer state for checkpoints) and
// the memory estimate it checks before allocating. The schedule, data and files are the train()
// API's; the CPU oracle is src/reference/train.ts.

export { GpuTrainer } from './trainer.js';
export type { TrainingMemory } from './memory.js';
