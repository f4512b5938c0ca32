// tokenPiece: the text a token adds inside a text, checked against whole decodes (each token's piece
// is what its decode adds to the decode of the ids before it) on every tokenizer format we load;
// special tokens, which add nothing, as they are written.

import { describe, expect, it } from 'vitest';
import { fromGguf } from '../../src/tokenizer/gguf.js';
import { fromTokenizerJson } from '../../src/tokenizer/huggingface.js';
import { fromLlama2cBin } from '../../src/tokenizer/llama2c.js';
import { tokenPiece } from '../../src/tokenizer/piece.js';
import type { Tokenizer } from '../../src/tokenizer/types.js';
import { readBytes, readText } from './data.js';

const TOKENIZERS: [string, Tokenizer][] = [
  ['GGUF SentencePiece (Phi-3)', fromGguf(readBytes('phi3-spm-vocab/ggml-vocab-phi-3.gguf'), { name: 'phi-3' })],
  ['GGUF byte-level BPE (GPT-2)', fromGguf(readBytes('gpt2-tokenizer/ggml-vocab-gpt-2.gguf'), { name: 'gpt-2' })],
  ['tokenizer.json with a Strip decoder (TinyStories-656K)', fromTokenizerJson(readText('tinystories656K/tokenizer.json'))],
  ['llama2.c tokenizer.bin', fromLlama2cBin(readBytes('stories260K/tok512.bin'))],
];

const TEXTS = readText('phi3-spm-vocab/ggml-vocab-phi-3.gguf.inp').split('\n__ggml_vocab_test__\n').filter(Boolean);

describe('tokenPiece', () => {
  for (const [name, tokenizer] of TOKENIZERS) {
    it(`${name}: each token adds its piece to the decode of the ids before it`, () => {
      let checked = 0;
      for (const text of [...TEXTS, 'Once upon a time, the little cat sat.']) {
        const ids = tokenizer.encode(text, { bos: false });
        for (let i = 1; i < ids.length; i++) {
          const before = tokenizer.decode(ids.slice(0, i));
          const after = tokenizer.decode(ids.slice(0, i + 1));
          if (`${before}${after}`.includes('\uFFFD')) continue; // a character split across byte tokens
          if (tokenizer.specialText?.(ids[i]!) !== undefined) continue; // written out: below
          expect(before + tokenPiece(tokenizer, ids[i]!), `${JSON.stringify(text)} token ${i}`).toBe(after);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(50);
    });
  }

  it("keeps SentencePiece's leading space, which the token decoded alone loses", () => {
    const [, phi3] = TOKENIZERS[0]!;
    const [once, upon] = phi3.encode('Once upon', { bos: false });
    expect([phi3.decode([upon!]), tokenPiece(phi3, upon!), tokenPiece(phi3, once!)]).toEqual(['upon', ' upon', ' Once']);
  });

  // They read as nothing inside a text, and showed as "" among logprobs' alternatives, the end of text and BOS alike.
  it('writes a special token out, as it is spelled, in every format', () => {
    const [[, phi3], [, gpt2], [, stories], [, llama2c]] = TOKENIZERS as [string, Tokenizer][];
    expect(phi3!.eosIds.map((id) => tokenPiece(phi3!, id))).toEqual(['<|endoftext|>', '<|end|>']);
    expect(tokenPiece(phi3!, phi3!.bosId!)).toBe('<s>');
    expect(tokenPiece(gpt2!, 50256)).toBe('<|endoftext|>');
    expect([1, 2].map((id) => tokenPiece(stories!, id))).toEqual(['<|start_story|>', '<|end_story|>']);
    expect([0, 1, 2].map((id) => tokenPiece(llama2c!, id))).toEqual(['<unk>', '<s>', '</s>']);
  });

  // Every token of part of a character read "\uFFFD" (logprobs' alternatives, the demos' tips): told apart by its bytes.
  it('writes the bytes of a token that is part of a character as <0xE2>, in every format that keeps bytes', () => {
    const [[, phi3], [, gpt2], , [, llama2c]] = TOKENIZERS as [string, Tokenizer][];
    const pieces = (tokenizer: Tokenizer, text: string) => tokenizer.encode(text, { bos: false }).map((id) => tokenPiece(tokenizer, id));
    // 😀 is F0 9F 98 80, 日 E6 97 A5: byte fallback gives a token a byte; GPT-2's byte-level BPE joins some.
    expect(pieces(phi3!, '😀')).toEqual([' ', '<0xF0>', '<0x9F>', '<0x98>', '<0x80>']);
    expect(pieces(llama2c!, ' 😀 日')).toEqual([' ', ' ', '<0xF0>', '<0x9F>', '<0x98>', '<0x80>', ' ', '<0xE6>', '<0x97>', '<0xA5>']);
    expect(pieces(gpt2!, 'a 😀 日 €')).toEqual(['a', ' <0xF0><0x9F><0x98>', '<0x80>', ' <0xE6>', '<0x97>', '<0xA5>', ' €']);
    // Two U+FFFD alone (three when doubled): bytes 9A E9, two broken characters.
    expect([gpt2!.decode([21253]), tokenPiece(gpt2!, 21253)]).toEqual(['\uFFFD\uFFFD', '<0x9A><0xE9>']);
    // U+FFFD itself, whole (EF BF BD): a character, kept as text.
    expect(pieces(gpt2!, '\uFFFD')).toEqual(['\uFFFD']);
  });
});
