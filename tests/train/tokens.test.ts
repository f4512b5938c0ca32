// Tokenising training text (src/train/data/tokens.ts): the character tokenizer's alphabet, ids equal
// to the library's own encoding of the saved tokenizer.json, a given tokenizer.json (GPT-2), and the
// error for a character the tokenizer cannot represent, with its first position.

import { describe, expect, it } from 'vitest';
import { characterTokenizerJson } from '../../src/tokenizer/character-json.js';
import { fromTokenizerJson } from '../../src/tokenizer/index.js';
import { buildTokenizer, encodeText } from '../../src/train/data/tokens.js';
import { readText } from '../tokenizer/data.js';

const shakespeare = readText('tinyshakespeare/input.txt');

describe('buildTokenizer and encodeText', () => {
  it('gives the ids the saved tokenizer.json gives through the library (tinyshakespeare, DNA)', () => {
    const chars = buildTokenizer({ kind: 'char' }, shakespeare);
    const ids = encodeText(chars, shakespeare, 'input.txt');
    expect(ids).toBeInstanceOf(Uint32Array);
    expect(ids).toHaveLength(1_115_394);
    const saved = fromTokenizerJson(JSON.stringify(chars.json));
    // Length, then every id: toEqual on 1.1M elements is slow and would print a huge diff.
    const want = saved.encode(shakespeare);
    expect(want).toHaveLength(ids.length);
    expect(want.every((id, i) => id === ids[i])).toBe(true);
    expect(saved.decode([...ids]) === shakespeare).toBe(true);

    const dna = buildTokenizer({ kind: 'nucleotide' }, '');
    const bases = 'GATCACAGGTCTATCACCCTATTAACCACTCACGGGAGCTCTCCATGCATNNTTGG\nACGT';
    expect([...encodeText(dna, bases, 'x')]).toEqual(fromTokenizerJson(dna.json).encode(bases));
  });

  it('takes the alphabet of the text in code-point order, or the one given', () => {
    expect(buildTokenizer({ kind: 'char' }, 'hello world').alphabet).toEqual(new Map([...' dehlorw'].map((ch, id) => [ch, id])));
    const given = buildTokenizer({ kind: 'char', alphabet: ['o', 'l', 'e', 'h'] }, 'ignored');
    expect([...encodeText(given, 'hello', 'x')]).toEqual([3, 2, 1, 1, 0]);
    expect(given.tokenizer.vocabSize).toBe(5); // and U+FFFD
  });

  it('names the first character outside the alphabet, its position, line and column', () => {
    const chars = buildTokenizer({ kind: 'char', alphabet: 'abc\n' }, '');
    expect(() => encodeText(chars, 'abc\nab\ncaxbx', 'notes.txt')).toThrow(
      `notes.txt: character "x" (U+0078) at position 9 (line 3, column 3) is not in the tokenizer's 4-character alphabet: remove or replace every such character`,
    );
    // Windows line endings, the common case, get their own fix (review AA).
    expect(() => encodeText(chars, 'ab\r\nc', 'crlf.txt')).toThrow(
      `crlf.txt: character "\\r" (U+000D) at position 2 (line 1, column 3) is not in the tokenizer's 4-character alphabet: convert the file's line endings to \\n (it was saved with Windows ones, \\r\\n), or remove the \\r characters`,
    );
    // \r alone ends an old Mac file's lines: removing it would join them (review AF).
    expect(() => encodeText(chars, 'ab\rc\rab', 'mac.txt')).toThrow(
      `mac.txt: character "\\r" (U+000D) at position 2 (line 1, column 3) is not in the tokenizer's 4-character alphabet: replace each \\r with \\n (the file's lines end with \\r alone, as old Mac files' do)`,
    );
    // With \r in the alphabet, lines end as an editor ends them: at \r\n, \n and a lone \r (review AF).
    const withCr = buildTokenizer({ kind: 'char', alphabet: 'abc\n\r' }, '');
    expect(() => encodeText(withCr, 'ab\rc\r\na\nbb\rcx', 'mixed.txt')).toThrow('mixed.txt: character "x" (U+0078) at position 12 (line 5, column 2)');
    // The \n of a \r\n is its line's last character, not the next line's first (review AL).
    const crOnly = buildTokenizer({ kind: 'char', alphabet: 'ab\r' }, '');
    expect(() => encodeText(crOnly, 'ab\r\nab', 'crlf.txt')).toThrow('crlf.txt: character "\\n" (U+000A) at position 3 (line 1, column 4)');
    // Positions count characters, not UTF-16 units.
    expect(() => encodeText(chars, 'a😀b', 'emoji.txt')).toThrow('emoji.txt: character "😀" (U+1F600) at position 1 (line 1, column 2)');
    const dna = buildTokenizer({ kind: 'nucleotide' }, '');
    expect(() => encodeText(dna, 'ACGTacgt', 'lower.txt')).toThrow(`lower.txt: character "a" (U+0061) at position 4 (line 1, column 5) is not in the tokenizer's 6-character alphabet`);
  });

  it('uses a given tokenizer.json as it is (GPT-2 BPE), with the file as written', () => {
    const gpt2Json = readText('gpt2-tokenizer/tokenizer.json');
    const gpt2 = buildTokenizer({ kind: 'tokenizer.json', json: gpt2Json, name: 'gpt2/tokenizer.json' }, '');
    expect(gpt2.alphabet).toBeUndefined();
    expect(gpt2.json).toEqual(JSON.parse(gpt2Json));
    const text = shakespeare.slice(0, 20_000);
    const ids = encodeText(gpt2, text, 'input.txt');
    expect(gpt2.tokenizer.decode([...ids])).toBe(text);
    expect(ids.length).toBeLessThan(text.length / 3);
  });

  // The round trip decoded with special tokens dropped, so a corpus with document markers was refused whole, naming its "<".
  it('reads a special token\'s text between documents as its id, as a prompt does (GPT-2, TinyStories)', () => {
    // TinyStories-656K's markers are "normalized" added tokens: matched in the text after its
    // normalizer prepends "▁", so only at the start or after a space (which they take); elsewhere
    // ordinary tokens spell them. Either way the text comes back whole.
    const cases = [
      { folder: 'gpt2-tokenizer', text: 'The end.<|endoftext|>Once upon a time<|endoftext|>\nA dog', marker: '<|endoftext|>', count: 2 },
      { folder: 'tinystories656K', text: '<|start_story|>Once upon a time.<|end_story|><|start_story|>Lily ran.', marker: '<|start_story|>', count: 1 },
    ];
    for (const { folder, text, marker, count } of cases) {
      const json = readText(`${folder}/tokenizer.json`);
      const markerId = (JSON.parse(json) as { added_tokens: Array<{ id: number; content: string }> }).added_tokens.find((t) => t.content === marker)!.id;
      const given = buildTokenizer({ kind: 'tokenizer.json', json, name: `${folder}/tokenizer.json` }, '');
      const ids = [...encodeText(given, text, 'stories.txt')];
      expect(ids.filter((id) => id === markerId), folder).toHaveLength(count);
      expect(given.tokenizer.decodeSpelled(ids)).toBe(text);
      expect(ids).toEqual(given.tokenizer.encode(text, { bos: false }));
    }
  });

  it('names the first character a given tokenizer.json does not give back', () => {
    const json = JSON.stringify(characterTokenizerJson('abc \n'));
    const given = buildTokenizer({ kind: 'tokenizer.json', json, name: 'abc.json' }, '');
    expect(() => encodeText(given, 'ab c\ncab\nbbé a', 'text.txt')).toThrow(
      'text.txt: character "é" (U+00E9) at position 11 (line 3, column 3) does not survive the tokenizer: the text reads "é a" there, its decoded ids "\uFFFD a" (no token for it, or the normalizer changes it): remove or replace every such character',
    );
    expect(() => buildTokenizer({ kind: 'tokenizer.json', json: '{"model": 3}', name: 'bad.json' }, '')).toThrow('bad.json: not a tokenizer.json: no "model" object');
  });

  it('refuses a tokenizer kind it does not know, naming the kinds it does', () => {
    const unknown = { kind: 'bpe' } as unknown as Parameters<typeof buildTokenizer>[0];
    expect(() => buildTokenizer(unknown, 'abc')).toThrow(RangeError);
    expect(() => buildTokenizer(unknown, 'abc')).toThrow(`tokenizer kind must be 'char', 'nucleotide' or 'tokenizer.json', got "bpe"`);
  });

  it('refuses an empty text', () => {
    expect(() => encodeText(buildTokenizer({ kind: 'nucleotide' }, ''), '', 'empty.txt')).toThrow('empty.txt: the corpus is empty');
  });
});
