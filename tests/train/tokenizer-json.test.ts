// Character and nucleotide tokenizers as tokenizer.json files (src/tokenizer/character-json.ts),
// loaded back by the project's own loaders (strict checks, then @huggingface/tokenizers): exact round
// trips of tinyshakespeare, of any string over an alphabet (fast-check), of real genomes; the
// ids of the in-process tokenizers; what becomes of characters outside the alphabet.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { characterTokenizerJson, nucleotideTokenizerJson } from '../../src/tokenizer/character-json.js';
import { alphabetOf, fromAlphabet, fromTokenizerJson, nucleotideTokenizer, tokenizerFromBytes } from '../../src/tokenizer/index.js';
import type { Tokenizer } from '../../src/tokenizer/types.js';
import { readText } from '../tokenizer/data.js';

const shakespeare = readText('tinyshakespeare/input.txt');
const fileBytes = (json: object) => new TextEncoder().encode(JSON.stringify(json, null, 2));
/** The tokenizer a checkpoint's tokenizer.json gives back, read as a file is. */
const fromFile = (json: object): Tokenizer => tokenizerFromBytes('tokenizer.json', fileBytes(json));

describe('character tokenizer.json', () => {
  const alphabet = alphabetOf(shakespeare);
  const json = characterTokenizerJson([...alphabet]);
  const tok = fromFile(json);

  it("has nanoGPT's 65 ids and U+FFFD as id 65, and round-trips tinyshakespeare exactly", () => {
    expect(tok.vocabSize).toBe(66);
    expect(tok.eosIds).toEqual([]);
    expect(tok.bosId).toBeUndefined();
    const ids = tok.encode(shakespeare);
    expect(ids).toEqual(fromAlphabet(alphabet).encode(shakespeare)); // the in-process tokenizer's ids
    expect(tok.decode(ids) === shakespeare).toBe(true); // not toBe: a 1 MB diff is useless
    expect(tok.encode('hii there')).toEqual([46, 47, 47, 1, 58, 46, 43, 56, 43]);
  });

  it('round-trips every string over its alphabet: newlines, runs of spaces, punctuation, edges', () => {
    for (const text of ['\n', ' ', '  \n\n  ', '\n\nROMEO:\n  What, ho!  \n', "'Tis; - $3&?", 'a']) {
      expect(tok.decode(tok.encode(text))).toBe(text);
      expect(tok.encode(text)).toHaveLength(text.length);
    }
    const text = fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 200 });
    fc.assert(fc.property(text, (s) => tok.encode(s).length === s.length && (s === '' || tok.decode(tok.encode(s)) === s)), { seed: 8, numRuns: 500 });
  });

  it('loads the same through fromTokenizerJson, from the object or its text', () => {
    for (const source of [json, JSON.stringify(json)]) {
      const loaded = fromTokenizerJson(source);
      expect(loaded.encode('To be, or not')).toEqual(tok.encode('To be, or not'));
    }
  });

  it('keeps characters outside the BMP and control characters whole', () => {
    const wide = fromFile(characterTokenizerJson(['a', '😀', '\t', '\r', '\u0000', 'é', '\u0301']));
    const text = 'a😀\t\r\u0000a\u0301é😀'; // no normalizer: a + U+0301 is not composed
    expect(wide.encode(text)).toEqual([0, 1, 2, 3, 4, 0, 6, 5, 1]);
    expect(wide.decode(wide.encode(text))).toBe(text);
    expect(wide.createStreamDecoder().push(1)).toBe('😀');
  });

  it('encodes a character outside the alphabet as the unknown character, U+FFFD or one given', () => {
    expect(tok.encode('wörld')).toEqual([61, 65, 56, 50, 42]);
    expect(tok.decode(tok.encode('wörld'))).toBe('w\uFFFDrld');
    const own = fromFile(characterTokenizerJson('ab?', { unknown: '?' }));
    expect(own.vocabSize).toBe(3); // an alphabet character adds no id
    expect(own.encode('abc')).toEqual([0, 1, 2]);
    const withReplacement = fromFile(characterTokenizerJson('a\uFFFD'));
    expect(withReplacement.vocabSize).toBe(2);
  });

  it('refuses alphabets that cannot be a tokenizer', () => {
    expect(() => characterTokenizerJson([])).toThrow('a character tokenizer needs a non-empty alphabet');
    expect(() => characterTokenizerJson('abca')).toThrow('the alphabet repeats character "a" (U+0061) (ids 0 and 3)');
    expect(() => characterTokenizerJson(['a', 'bc'])).toThrow('alphabet[1] must be a single character, got "bc"');
    expect(() => characterTokenizerJson(['a', ''])).toThrow('alphabet[1] must be a single character, got ""');
    expect(() => characterTokenizerJson('ab', { unknown: '' })).toThrow('the unknown character must be a single character, got ""');
    expect(() => characterTokenizerJson('ab', { unknown: '<unk>' })).toThrow('the unknown character must be a single character, got "<unk>"');
  });
});

describe('nucleotide tokenizer.json', () => {
  const dna = fromFile(nucleotideTokenizerJson());
  const genome = (file: string) =>
    readText(file)
      .split('\n')
      .filter((line) => !line.startsWith('>'))
      .join('\n');

  it('gives A C G T N and newline the ids of nucleotideTokenizer() and nothing else', () => {
    expect(dna.vocabSize).toBe(6);
    expect(dna.encode('ACGTN\n')).toEqual([0, 1, 2, 3, 4, 5]);
    expect(dna.encode('ACGTN\n')).toEqual(nucleotideTokenizer().encode('ACGTN\n'));
  });

  it('round-trips real genomes exactly (lambda phage, human mtDNA with its N)', () => {
    for (const file of ['dna/lambda_virus.fa', 'dna/MT-human.fa']) {
      const text = genome(file);
      const ids = dna.encode(text);
      expect(ids).toEqual(nucleotideTokenizer().encode(text));
      expect(dna.decode(ids)).toBe(text);
    }
  });

  it('folds lower case, reads IUPAC ambiguity codes as N, and anything else as N too', () => {
    expect(dna.decode(dna.encode('acgtn'))).toBe('ACGTN');
    expect(dna.decode(dna.encode('RYKMSWBDHVrykmswbdhv'))).toBe('N'.repeat(20));
    expect(dna.decode(dna.encode('AU-*x G'))).toBe('ANNNNNG'); // RNA's U, gaps, spaces: unknown
    // phiX's 5 lower-case variant positions become ordinary bases.
    const phiX = genome('dna/phiX.fasta');
    expect(dna.decode(dna.encode(phiX))).toBe(phiX.toUpperCase());
  });
});
