// The characters a demo page says a model cannot read (demos/kit/context.ts unknownCharacters):
// those its tokenizer reads as the unknown token, and not those a normalizer changes into a
// character the model reads (the DNA model's lower-case bases), over the tokenizers of the
// shipped models and a few made here, through a stand-in for the worker's RemoteModel.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { unknownCharacters } from '../../demos/kit/context.js';
import type { RemoteModel } from '../../src/worker/client.js';
import { characterTokenizerJson } from '../../src/tokenizer/character-json.js';
import { fromTokenizerJson } from '../../src/tokenizer/huggingface.js';
import type { Tokenizer } from '../../src/tokenizer/types.js';

/** As the worker answers the page: tokenize and decode, each a promise. */
function remote(tokenizer: Tokenizer): RemoteModel {
  return {
    tokenize: async (text: string, options: { bos?: boolean } = {}) => tokenizer.encode(text, options),
    decode: async (ids: number[]) => tokenizer.decode(ids),
  } as unknown as RemoteModel;
}

const shipped = (name: string) => remote(fromTokenizerJson(readFileSync(new URL(`../../models/${name}/tokenizer.json`, import.meta.url), 'utf8')));

describe('unknownCharacters', () => {
  it('names the characters outside a character model\'s alphabet, an emoji as one', async () => {
    const shakespeare = shipped('shakespeare-char');
    expect(await unknownCharacters(shakespeare, 'ROMEO: O Juliet!')).toEqual([]);
    expect(await unknownCharacters(shakespeare, 'café 😀 ok')).toEqual(['é', '😀']);
    expect(await unknownCharacters(shakespeare, 'é \uFFFD')).toEqual(['é']); // its unknown character, typed, reads as itself
  });

  it('does not name the DNA model\'s lower-case bases, which it reads as bases', async () => {
    const dna = shipped('dna-mt');
    expect(await unknownCharacters(dna, 'ACGTN\nACGT')).toEqual([]);
    expect(await unknownCharacters(dna, 'acgtACGT')).toEqual([]);
    // Not bases: U, a gap, a space; R (A or G) becomes N, the unknown base, as lower-case n does.
    expect(await unknownCharacters(dna, 'acgu-R n')).toEqual(['u', '-', 'R', ' ', 'n']);
    // N itself, the unknown base, is in the alphabet: typed with an unknown character, it is not named.
    expect(await unknownCharacters(dna, 'ACGTN-')).toEqual(['-']);
  });

  it('does not name a character a normalizer changes into one the model reads', async () => {
    const lowering = remote(fromTokenizerJson({ ...characterTokenizerJson('abc '), normalizer: { type: 'Lowercase' } }));
    expect(await unknownCharacters(lowering, 'Abc cab')).toEqual([]);
    expect(await unknownCharacters(lowering, 'Abc d')).toEqual(['d']);
  });
});
