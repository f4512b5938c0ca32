// The --resume guard: a run resumes (or fine-tunes) only the model its checkpoint holds. Compares
// the model shapes (a ModelConfig or the trainer's ModelShape options) and names every field that
// differs. Not the optimizer options (a resumed run may change its learning rate or step count on
// purpose).
// Tests: tests/train/checkpoint.test.ts.

import type { ModelConfig } from '../../model/config.js';
import { shapeOf, type ModelShape } from '../init.js';

const FIELDS = ['architecture', 'layers', 'width', 'heads', 'kvHeads', 'context', 'vocabSize', 'mlpWidth'] as const;

/**
 * Throws a RangeError unless `requested` describes the model `saved` holds: every field `requested`
 * gives (architecture, layers, width, heads, kvHeads, context, vocabSize, mlpWidth) must match.
 * `where` names the checkpoint in the message; `purpose` says whether the run resumes it or
 * fine-tunes it (a fine-tune keeps the checkpoint's model, so a differing setting is a mistake too).
 */
export function checkResume(saved: ModelConfig | ModelShape, requested: ModelConfig | Partial<ModelShape>, where = 'the checkpoint', purpose: 'resume' | 'fine-tune' = 'resume'): void {
  const [a, b] = [asShape(saved), asShape(requested)];
  const differ = FIELDS.filter((k) => b[k] !== undefined && a[k] !== undefined && a[k] !== b[k]);
  if (!differ.length) return;
  const differences = `it holds a different model (${differ.map((k) => `${k}: ${a[k]} in the checkpoint, ${b[k]} asked for`).join('; ')})`;
  throw new RangeError(
    purpose === 'resume'
      ? `cannot resume from ${where}: ${differences}: resume with the same model settings, or train into another folder`
      : `cannot fine-tune ${where}: ${differences}: a fine-tune keeps the checkpoint's model, so give its settings or none, or train a fresh model instead`,
  );
}

function asShape(x: ModelConfig | Partial<ModelShape>): Partial<ModelShape> {
  return 'nLayers' in x ? shapeOf(x) : x;
}
