// Real checkpoints against outputs of independent implementations: llama2.c's run.c on
// stories260K (byte-equal greedy text) and a numpy forward pass on TinyStories-656K (greedy ids);
// GPT-2 (random weights, tied and untied) against a float64 numpy forward (gpt2-golden.py).

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine.js';
import { ReferenceTransformer } from '../../src/reference/transformer.js';
import { argmax } from '../../src/kernels/sample/reference.js';
import { loadLlama2c } from '../../src/model/weights/llama2c.js';
import { fromLlama2cBin } from '../../src/tokenizer/llama2c.js';
import { dataPath } from '../support/data.js';
import { GOLDEN_IDS, goldenCheckpoint } from './gpt2-golden-checkpoint.js';
import { buildTokenizer } from '../../src/train/data/tokens.js';

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

// GPT-2's Conv1D ('kn') weights, LayerNorm, learned positions and gelu_new had only the repository's
// own CPU reference to agree with; these logits come from a numpy forward written from GPT-2's definition.
describe('GPT-2 (random weights, Hugging Face safetensors)', () => {
  const golden = JSON.parse(readFileSync(new URL('./gpt2-golden.json', import.meta.url), 'utf8')) as Record<'tied' | 'untied', { ids: number[]; logits: number[][] }>;

  it.each(['tied', 'untied'] as const)('%s head: the logits at every position equal a float64 numpy forward pass', async (name) => {
    const { ids, logits: want } = golden[name];
    expect(ids).toEqual(GOLDEN_IDS); // the checkpoint module and the JSON agree on the input
    const dir = mkdtempSync(join(tmpdir(), 'shaderlm-gpt2-golden-'));
    try {
      const ck = goldenCheckpoint(name === 'tied');
      writeFileSync(join(dir, 'config.json'), ck.configJson);
      writeFileSync(join(dir, 'model.safetensors'), ck.safetensorsBytes);
      // A character tokenizer of 40 tokens for the 47 rows: ids are given, no text is read.
      writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(buildTokenizer({ kind: 'char', alphabet: 'abcdefghijklmnopqrstuvwxyz .,;:!?-ABCDE' }, '').json));
      const model = await engine.load(dir);
      try {
        const got = await model.logits(ids);
        const V = want[0]!.length;
        const scale = Math.max(...want.flat().map(Math.abs));
        let worst = 0;
        want.forEach((row, t) => row.forEach((v, j) => (worst = Math.max(worst, Math.abs(got[t * V + j]! - v)))));
        // float32 against float64 over two layers: errors near 1e-6 of the largest logit
        expect(worst / scale).toBeLessThan(1e-5);
      } finally {
        model.dispose();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
