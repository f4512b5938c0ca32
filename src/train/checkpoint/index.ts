// Checkpoints: save and load in the Hugging Face layout with the optimizer state beside it, and the
// --resume guard. Browser-safe: a folder is touched (node:fs) only when a path is given.

export { checkpointFiles, loadCheckpoint, type LoadedCheckpoint, readCheckpoint, saveCheckpoint } from './checkpoint.js';
export { fingerprint, OPTIMIZER_FILE, type OptimizerState, TRAINER_FILE } from './optimizer-state.js';
export { checkResume } from './resume.js';
