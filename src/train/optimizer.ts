// The optimizer's settings and which weights it decays: one definition for the GPU trainer
// (src/train/gpu/passes.ts) and the CPU reference trainer (src/reference/train.ts).

export interface OptimizerOptions {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** Clip the global gradient norm to this (0 = off). */
  gradClip: number;
}

/** Weights AdamW decays: matrices of the blocks and the head, never norms, biases or embeddings. */
export function decays(name: string): boolean {
  return name.endsWith('.weight') && !name.includes('norm') && !name.startsWith('embed.');
}
