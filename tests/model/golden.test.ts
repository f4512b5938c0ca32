// Real checkpoints against outputs of independent implementations: llama2.c's run.c on
// stories260K (byte-equal greedy text) and a numpy forward pass on TinyStories-656K (greedy ids).

import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine.js';
import { ReferenceTransformer } from '../../src/reference/transformer.js';
import { argmax } from '../../src/kernels/sample/reference.js';
import { loadLlama2c } from '../../src/model/weights/llama2c.js';
import { fromLlama2cBin } from '../../src/tokenizer/llama2c.js';
import { dataPath } from '../support/data.js';

const engine = await createEngine();
afterAll(() => engine.destroy());

async function collect(run: AsyncIterable<{ text: string; id?: number }>): Promise<{ text: string; ids: number[] }> {
  let text = '';
  const ids: number[] = [];
  for await (const piece of run) {
    text += piece.text;
    if (piece.id !== undefined) ids.push(piece.id);
  }
  return { text, ids };
}

describe('stories260K (llama2.c format)', () => {
  it('256 greedy tokens from an empty prompt equal llama2.c run.c byte for byte', async () => {
    const model = await engine.load(dataPath('stories260K/stories260K.bin'), { tokenizer: dataPath('stories260K/tok512.bin') });
    try {
      const { text, ids } = await collect(model.generate('', { temperature: 0, maxTokens: 256 }));
      // run.c prints a newline after the last token.
      expect(text + '\n').toBe(readFileSync(dataPath('stories260K/expected_greedy_t0.txt'), 'utf8'));
      expect(ids.length).toBe(256);
    } finally {
      model.dispose();
    }
  });

  it('the CPU reference forward pass greedily agrees with llama2.c too (first 48 tokens)', () => {
    const { config, weights } = loadLlama2c(readFileSync(dataPath('stories260K/stories260K.bin')));
    const reference = new ReferenceTransformer(config, weights, 64);
    const tokenizer = fromLlama2cBin(readFileSync(dataPath('stories260K/tok512.bin')), config.vocabSize);
    const got: number[] = [];
    let token = 1; // BOS
    for (let pos = 0; pos < 48; pos++) {
      token = argmax(reference.forward([token], pos));
      got.push(token);
    }
    const text = tokenizer.decode([1, ...got]);
    expect(text.length).toBeGreaterThan(100); // 48 tokens of story, not a stop
    expect(readFileSync(dataPath('stories260K/expected_greedy_t0.txt'), 'utf8').startsWith(text)).toBe(true);
  });
});

describe('TinyStories-656K (Hugging Face safetensors + tokenizer.json)', () => {
  it('greedy ids for "Once upon a time" equal the numpy reference', async () => {
    const lines = readFileSync(dataPath('tinystories656K/expected_greedy_numpy_f32.txt'), 'utf8').split('\n');
    const promptIds = JSON.parse(lines[0].replace('prompt ids ', '')) as number[];
    const allIds = JSON.parse(lines[1]) as number[];
    const model = await engine.load(dataPath('tinystories656K'));
    try {
      expect(model.tokenize('Once upon a time')).toEqual(promptIds);
      const { ids } = await collect(model.generate('Once upon a time', { temperature: 0, maxTokens: allIds.length - promptIds.length }));
      expect([...promptIds, ...ids]).toEqual(allIds);
    } finally {
      model.dispose();
    }
  });
});
