// Which weights AdamW decays. The GPU trainer and the CPU reference trainer share decays()
// (src/train/optimizer.ts), so their agreement cannot catch a wrong rule (review K: decaying every
// weight passed the whole training suite). The rule is stated here by hand, per architecture:
// the blocks' matrices and an untied head, never norm gains, biases or embeddings (GPT-2 and
// nanoGPT's grouping; decaying them is the classic AdamW mistake).

import { describe, expect, it } from 'vitest';
import { parameterShapes } from '../../src/train/gpu/layout.js';
import { trainConfig } from '../../src/train/init.js';
import { decays } from '../../src/train/optimizer.js';

const decayedOf = (architecture: 'llama' | 'gpt2') => {
  const config = trainConfig({ architecture, layers: 2, width: 32, heads: 2, context: 16, vocabSize: 40 });
  return [...parameterShapes(config).keys()].filter(decays).sort();
};
const blocks = (names: string[]) => [0, 1].flatMap((i) => names.map((n) => `layers.${i}.${n}.weight`));

describe('decays', () => {
  it('llama: the attention and MLP matrices and the untied head', () => {
    expect(decayedOf('llama')).toEqual([...blocks(['attn.qkv', 'attn.out', 'mlp.gate', 'mlp.up', 'mlp.down']), 'lm_head.weight'].sort());
  });

  it('gpt2: the attention and MLP matrices (the head is the token embedding, not decayed)', () => {
    expect(decayedOf('gpt2')).toEqual(blocks(['attn.qkv', 'attn.out', 'mlp.up', 'mlp.down']).sort());
  });
});
