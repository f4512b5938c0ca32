// Character tokenizers: nanoGPT shakespeare_char's 65-character vocabulary and ids, a nucleotide
// preset over a real genome, and clear errors for characters outside the alphabet.

import { describe, expect, it } from 'vitest';
import { alphabetOf, fromAlphabet, nucleotideTokenizer } from '../../src/tokenizer/characters.js';
import { readText } from './data.js';

const shakespeare = readText('tinyshakespeare/input.txt');

describe('character tokenizer', () => {
  const tok = fromAlphabet(alphabetOf(shakespeare));

  it("reproduces nanoGPT shakespeare_char's vocabulary and ids", () => {
    expect(tok.vocabSize).toBe(65);
    expect(alphabetOf(shakespeare)).toBe("\n !$&',-.3:;?ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
    expect(tok.encode('hii there')).toEqual([46, 47, 47, 1, 58, 46, 43, 56, 43]); // Karpathy's gpt-dev notebook
    expect(tok.decode(tok.encode(shakespeare)) === shakespeare).toBe(true);
  });

  it('sorts by code point and keeps astral characters whole', () => {
    expect(alphabetOf('b😀a\uFFFDa')).toBe('ab\uFFFD😀'); // UTF-16 order would put 😀 first
    const emoji = fromAlphabet('ab😀');
    expect(emoji.encode('a😀b')).toEqual([0, 2, 1]);
    expect(emoji.createStreamDecoder().push(2)).toBe('😀');
  });

  it('rejects characters outside the alphabet, BOS, bad ids and bad alphabets', () => {
    expect(() => tok.encode('Hello, wörld')).toThrow('character "ö" (U+00F6) at offset 8 is not in the 65-character alphabet');
    expect(() => tok.encode('x', { bos: true })).toThrow(/no BOS/);
    expect(() => tok.decode([65])).toThrow(RangeError);
    expect(() => fromAlphabet('')).toThrow(/non-empty/);
    expect(() => fromAlphabet('abca')).toThrow('the alphabet repeats character "a" (U+0061) (ids 0 and 3)');
  });
});

describe('nucleotide tokenizer', () => {
  const dna = nucleotideTokenizer();
  const lambda = readText('dna/lambda_virus.fa').split('\n').filter((line) => !line.startsWith('>')).join('\n');

  it('maps A C G T N and newline to ids 0..5 and round-trips the lambda phage genome', () => {
    expect(dna).toMatchObject({ vocabSize: 6, eosIds: [] });
    expect(dna.encode('ACGTN\n')).toEqual([0, 1, 2, 3, 4, 5]);
    expect(dna.decode(dna.encode(lambda))).toBe(lambda);
  });

  it('rejects lower-case bases and FASTA headers with the offending character', () => {
    expect(() => dna.encode('ACgT')).toThrow('character "g" (U+0067) at offset 2');
    expect(() => dna.encode('>phiX\nACGT')).toThrow('character ">" (U+003E) at offset 0');
  });
});
