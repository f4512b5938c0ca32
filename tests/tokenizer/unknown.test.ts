// The characters the CLI and the demo pages say a model cannot read (unknownCharacters): those
// its tokenizer reads as the unknown token, and not those a normalizer changes into a character
// the model reads (the DNA model's lower-case bases), over the tokenizers of the shipped models
// and a few made here; a long text within memory in proportion to it.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { characterTokenizerJson } from '../../src/tokenizer/character-json.js';
import { fromTokenizerJson } from '../../src/tokenizer/huggingface.js';
import { fromGguf } from '../../src/tokenizer/gguf.js';
import { unknownCharacters } from '../../src/tokenizer/unknown.js';
import { readBytes } from './data.js';

const shipped = (name: string) => fromTokenizerJson(readFileSync(new URL(`../../models/${name}/tokenizer.json`, import.meta.url), 'utf8'));

describe('unknownCharacters', () => {
  it('names the characters outside a character model\'s alphabet, an emoji as one', () => {
    const shakespeare = shipped('shakespeare-char');
    expect(unknownCharacters(shakespeare, 'ROMEO: O Juliet!')).toEqual([]);
    expect(unknownCharacters(shakespeare, 'café 😀 ok')).toEqual(['é', '😀']);
    expect(unknownCharacters(shakespeare, 'é \uFFFD')).toEqual(['é']); // its unknown character, typed, reads as itself
    // A combining accent and an emoji sequence are named with what they join, not as bare marks.
    expect(unknownCharacters(shakespeare, 'cafe\u0301 👨‍👩‍👧 ok')).toEqual(['e\u0301', '👨‍👩‍👧']);
  });

  // The text's grapheme segments were spread into a list, and V8's segment objects each hold the
  // text: 40 kB took 3.5 GB and 18 s, 120 kB ran the CLI out of its heap.
  it('a long text costs memory in proportion to it', () => {
    const shakespeare = shipped('shakespeare-char');
    const text = 'the cat sat on the mat. '.repeat(1700) + '😀'; // 40,801 characters, one unreadable
    const before = process.memoryUsage().rss;
    expect(unknownCharacters(shakespeare, text)).toEqual(['😀']);
    expect(process.memoryUsage().rss - before).toBeLessThan(500e6);
  });

  it('does not name the DNA model\'s lower-case bases, which it reads as bases', () => {
    const dna = shipped('dna-mt');
    expect(unknownCharacters(dna, 'ACGTN\nACGT')).toEqual([]);
    expect(unknownCharacters(dna, 'acgtACGT')).toEqual([]);
    // Not bases: U, a gap, a space; R (A or G) becomes N, the unknown base, as lower-case n does.
    expect(unknownCharacters(dna, 'acgu-R n')).toEqual(['u', '-', 'R', ' ', 'n']);
    // N itself, the unknown base, is in the alphabet: typed with an unknown character, it is not named.
    expect(unknownCharacters(dna, 'ACGTN-')).toEqual(['-']);
  });

  it('does not name a character a normalizer changes into one the model reads', () => {
    const lowering = fromTokenizerJson({ ...characterTokenizerJson('abc '), normalizer: { type: 'Lowercase' } });
    expect(unknownCharacters(lowering, 'Abc cab')).toEqual([]);
    expect(unknownCharacters(lowering, 'Abc d')).toEqual(['d']);
  });

  it('names nothing for byte-level and byte-fallback tokenizers, which read every character', () => {
    for (const file of ['gpt2-tokenizer/ggml-vocab-gpt-2.gguf', 'phi3-spm-vocab/ggml-vocab-phi-3.gguf']) {
      expect(unknownCharacters(fromGguf(readBytes(file), { name: file }), 'café 😀 \uFFFD ok'), file).toEqual([]);
    }
  });
});
