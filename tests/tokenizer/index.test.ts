// tokenizerFromFiles picking a model's tokenizer, and tokenizerFromBytes sniffing real files and
// rejecting non-tokenizers (configs, weights, GGUF, garbage) by name.

import { describe, expect, it } from 'vitest';
import { fromTokenizerJson, tokenizerFromBytes, tokenizerFromFiles, TokenizerFormatError } from '../../src/tokenizer/index.js';
import { pseudoRandomBytes, readBytes, readText } from './data.js';

describe('fromTokenizerJson', () => {
  it('says when tokenizer_config.json is not JSON', () => {
    const json = readText('tinystories656K/tokenizer.json');
    expect(() => fromTokenizerJson(json, { config: 'bos_token: <s>' })).toThrow(/^tokenizer_config\.json: not valid JSON/);
  });
});

describe('tokenizerFromBytes', () => {
  it('recognises tokenizer.json, llama2.c tokenizer.bin and a GGUF file\'s vocabulary', () => {
    expect(tokenizerFromBytes('tokenizer.json', readBytes('gpt2-tokenizer/tokenizer.json')).vocabSize).toBe(50257);
    expect(tokenizerFromBytes('tok512.bin', readBytes('stories260K/tok512.bin')).vocabSize).toBe(512);
    expect(tokenizerFromBytes('vocab.gguf', readBytes('gpt2-tokenizer/ggml-vocab-gpt-2.gguf')).vocabSize).toBe(50257);
  });

  it.each([
    ['config.json', 'tinystories656K/config.json', /^config\.json: not a tokenizer\.json: no "model" object \(this looks like a model config\.json\)$/],
    ['tokenizer_config.json', 'tinystories656K/tokenizer_config.json', /looks like tokenizer_config\.json/],
    ['model.safetensors', 'tinystories656K/model.safetensors', /^model\.safetensors: not a tokenizer: this is a safetensors weights file$/],
    // It was told apart only as no tokenizer.bin ("token 2 has length 265839806").
    ['stories260K.bin', 'stories260K/stories260K.bin', /^stories260K\.bin: not a tokenizer: this is a llama2\.c model checkpoint; give its tokenizer \.bin \(tokenizer\.bin, tok512\.bin\) instead$/],
    ['input.txt', 'tinyshakespeare/input.txt', /^input\.txt: not a tokenizer\.json .* not a llama2\.c tokenizer\.bin: max_token_length/],
  ])('rejects %s', (name, path, message) => {
    const bytes = readBytes(path);
    expect(() => tokenizerFromBytes(name, bytes)).toThrow(TokenizerFormatError);
    expect(() => tokenizerFromBytes(name, bytes)).toThrow(message);
  });

  it('rejects binary garbage and broken JSON', () => {
    expect(() => tokenizerFromBytes('noise.bin', pseudoRandomBytes(1000))).toThrow(
      /^noise\.bin: not a tokenizer\.json \(does not start with "\{"\), and not a llama2\.c tokenizer\.bin: /,
    );
    const broken = new TextEncoder().encode(' \n{"model": {');
    expect(() => tokenizerFromBytes('cut.json', broken)).toThrow(/^cut\.json: not valid JSON/);
  });
});

describe('tokenizerFromFiles', () => {
  const files = (...paths: string[]) => new Map(paths.map((p) => [p.split('/').pop()!, readBytes(p)]));

  it('uses tokenizer.json with tokenizer_config.json, and the model config for missing specials', () => {
    const stories = tokenizerFromFiles(files('tinystories656K/tokenizer.json', 'tinystories656K/tokenizer_config.json', 'tinystories656K/special_tokens_map.json'));
    expect(stories.encode('Once upon a time')).toEqual([1, 80, 147, 201, 282, 57]);
    const gpt2 = tokenizerFromFiles(files('gpt2-tokenizer/tokenizer.json'), { bosTokenId: 50256, eosTokenIds: [50256] });
    expect(gpt2).toMatchObject({ bosId: 50256, eosIds: [50256] });
    expect(gpt2.encode('Hello')).toEqual([15496]); // GPT-2 adds no BOS by default
    expect(gpt2.encode('Hello', { bos: true })).toEqual([50256, 15496]);
  });

  it('takes the one .bin as a llama2.c tokenizer with the model\'s vocabulary size', () => {
    const tok = tokenizerFromFiles(files('stories260K/tok512.bin', 'stories260K/expected_greedy_t0.txt'), { vocabSize: 512 });
    expect(tok.encode('Lily')).toEqual([1, 317]);
    expect(() => tokenizerFromFiles(files('stories260K/tok512.bin'), { vocabSize: 32000 })).toThrow(
      /^tok512\.bin: .*not a llama2\.c tokenizer\.bin for this model: it holds 512 tokens, but the model's vocabulary has 32000/,
    );
    // The stories260K folder as picked: another checkpoint beside the tokenizer, the one .bin that reads as one.
    const folder = tokenizerFromFiles(files('stories260K/stories260K_q8.bin', 'stories260K/tok512.bin', 'stories260K/SOURCE.md'), { vocabSize: 512 });
    expect(folder.encode('Lily')).toEqual([1, 317]);
  });

  // It said "no tokenizer file ... give it separately", of a tokenizer that was given.
  it('names a damaged tokenizer .bin beside another checkpoint, not "no tokenizer file"', () => {
    const picked = files('stories260K/stories260K_q8.bin', 'stories260K/tok512.bin', 'stories260K/SOURCE.md');
    const tok = picked.get('tok512.bin')!;
    picked.set('tok512.bin', tok.subarray(0, tok.length - 3));
    expect(() => tokenizerFromFiles(picked, { vocabSize: 512 })).toThrow(/^tok512\.bin: .*not a llama2\.c tokenizer\.bin: truncated inside token 511/);
  });

  it('says when there is no tokenizer or no way to choose one', () => {
    expect(() => tokenizerFromFiles(new Map())).toThrow('no tokenizer file: expected tokenizer.json or one llama2.c tokenizer .bin, found none');
    expect(() => tokenizerFromFiles(files('tinystories656K/tokenizer_config.json', 'tinyshakespeare/input.txt', 'dna/phiX.fasta'))).toThrow(
      /found several candidates \(input\.txt, phiX\.fasta\)/,
    );
  });
});
