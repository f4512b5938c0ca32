// The random GPT-2 checkpoint whose logits tests/model/gpt2-golden.json holds, as numpy computed
// them (gpt2-golden.py): the test builds it here, and `npx tsx tests/model/gpt2-golden-checkpoint.ts DIR`
// writes it (config.json, model.safetensors, ids.json) for the script to read.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomHfCheckpoint, type RandomCheckpoint } from './fixtures.js';

/** Off every tile: 2 layers, 3 heads of 12 (a multiple of 4, as the kernels need), an MLP of 52, a vocabulary of 47. */
export const GOLDEN_DIMS = { vocabSize: 47, dim: 36, nLayers: 2, nHeads: 3, hiddenDim: 52, maxSeqLen: 12 };
export const GOLDEN_IDS = [5, 17, 3, 40, 22, 9, 31, 46, 0];

export function goldenCheckpoint(tied: boolean): RandomCheckpoint {
  return randomHfCheckpoint('gpt2', { ...GOLDEN_DIMS, tied }, tied ? 71 : 72);
}

if (process.argv[1]?.endsWith('gpt2-golden-checkpoint.ts')) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: npx tsx tests/model/gpt2-golden-checkpoint.ts DIR');
  for (const tied of [true, false]) {
    const folder = join(dir, tied ? 'tied' : 'untied');
    const ck = goldenCheckpoint(tied);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'config.json'), ck.configJson);
    writeFileSync(join(folder, 'model.safetensors'), ck.safetensorsBytes);
    writeFileSync(join(folder, 'ids.json'), JSON.stringify(GOLDEN_IDS));
  }
}
