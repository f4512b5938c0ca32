// Checkpoints: save and load in the Hugging Face layout with the optimizer state beside it, and the
// --resume guard. Browser-safe: a folder is touched (node:fs) only when a path is given.

export { type Checkpoint, checkpointFiles, type CheckpointSink, loadCheckpoint, type LoadedCheckpoint, readCheckpoint, saveCheckpoint } from './checkpoint.js';
export { exportedModelType, huggingFaceConfig, huggingFaceTensors } from './hf-export.js';
export { fingerprint, OPTIMIZER_FILE, type OptimizerState, TRAINER_FILE } from './optimizer-state.js';
export { checkResume } from './resume.js';
