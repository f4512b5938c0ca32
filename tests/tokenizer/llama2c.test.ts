// llama2.c tokenizer.bin (stories260K's tok512.bin): structure, encode against a line-by-line
// transliteration of run.c's quadratic encode(), decode round trips, and clear format errors.

import { describe, expect, it } from 'vitest';
import { fromLlama2cBin, parseLlama2cVocab } from '../../src/tokenizer/llama2c.js';
import { TokenizerFormatError } from '../../src/tokenizer/types.js';
import { pseudoRandomBytes, readBytes, readText } from './data.js';

const bin = readBytes('stories260K/tok512.bin');
const vocab = parseLlama2cVocab(bin);
const tok = fromLlama2cBin(bin);
const story = readText('stories260K/expected_greedy_t0.txt');

/** run.c encode(t, text, bos=1, eos=0) over `vocab`: the oracle, deliberately naive. */
function runCEncode(text: string, { pieces: bytes, scores } = vocab): number[] {
  const str = (bytes: Uint8Array) => String.fromCharCode(...bytes);
  const pieces = bytes.map(str);
  const lookup = (s: string) => pieces.indexOf(s);
  const tokens = [1];
  if (text.length > 0) tokens.push(lookup(' '));
  const utf8 = new TextEncoder().encode(text);
  let buf: number[] = [];
  for (let c = 0; c < utf8.length; c++) {
    if ((utf8[c]! & 0xc0) !== 0x80) buf = [];
    buf.push(utf8[c]!);
    if (c + 1 < utf8.length && (utf8[c + 1]! & 0xc0) === 0x80 && buf.length < 4) continue;
    const id = lookup(str(Uint8Array.from(buf)));
    if (id !== -1) tokens.push(id);
    else tokens.push(...buf.map((b) => b + 3));
    buf = [];
  }
  for (;;) {
    let [bestScore, bestId, bestIdx] = [-1e10, -1, -1];
    for (let i = 0; i < tokens.length - 1; i++) {
      const id = lookup(pieces[tokens[i]!]! + pieces[tokens[i + 1]!]!);
      if (id !== -1 && scores[id]! > bestScore) [bestScore, bestId, bestIdx] = [scores[id]!, id, i];
    }
    if (bestIdx === -1) return tokens;
    tokens.splice(bestIdx, 2, bestId);
  }
}

/** Strings drawn from words, spaces, newlines, punctuation and multi-byte characters. */
function randomTexts(count: number): string[] {
  const parts = ['the', ' ', 'Lily', ' ball', '\n', '.', ',', '"', 'é', '日', '😀', 'x', '  ', 'ing', 'Tim', 'q'];
  const r = pseudoRandomBytes(count * 12, 7);
  return Array.from({ length: count }, (_, i) =>
    Array.from(r.subarray(i * 12, i * 12 + (r[i * 12]! % 12)), (b) => parts[b % parts.length]).join(''),
  );
}

describe('llama2.c tokenizer.bin', () => {
  it('has the structure of tok512.bin', () => {
    expect(vocab.pieces.length).toBe(512);
    expect(vocab.maxTokenLength).toBe(7);
    expect(tok).toMatchObject({ vocabSize: 512, bosId: 1, eosIds: [2] });
    expect(new TextDecoder().decode(vocab.pieces[259])).toBe(' t'); // the first merge
  });

  it('encodes like run.c, BOS and dummy prefix space included', () => {
    expect(tok.encode('Lily')).toEqual([1, 317]); // ' Lily'
    expect(tok.encode('')).toEqual([1]); // no dummy prefix for empty text
    expect(tok.encode('', { bos: false })).toEqual([]);
    for (const text of ['Once upon a time', 'Hello, world! 日本 😀', story, ...randomTexts(200)]) {
      expect(tok.encode(text), JSON.stringify(text)).toEqual(runCEncode(text));
    }
  });

  // tok512.bin has no piece of a multi-byte character, so each fell back to bytes whatever the
  // grouping of a character's bytes: grouping 😀's four as three and one passed unseen.
  it('encodes a multi-byte character its vocabulary holds as its piece, like run.c', () => {
    const added = ['é', '日', '😀'].map((c) => new TextEncoder().encode(c));
    const tail = added.flatMap((piece) => [...new Uint8Array(new Float32Array([-1e6]).buffer), ...new Uint8Array(new Int32Array([piece.length]).buffer), ...piece]);
    const wider = Uint8Array.from([...bin, ...tail]);
    const widerVocab = parseLlama2cVocab(wider);
    const widerTok = fromLlama2cBin(wider);
    expect(widerTok.encode('😀日')).toEqual([1, widerTok.encode(' ', { bos: false })[0], 514, 513]); // (tok512.bin has its own é)
    for (const text of ['Hello, world! 日本 😀', 'é😀😀日', ...randomTexts(200)]) {
      expect(widerTok.encode(text), JSON.stringify(text)).toEqual(runCEncode(text, widerVocab));
      expect(widerTok.decode(widerTok.encode(text))).toBe(text);
    }
  });

  it('decodes like run.c: no space after BOS, raw bytes for <0xXX>, nothing for specials', () => {
    expect(tok.decode([1, 317])).toBe('Lily');
    expect(tok.decode([317])).toBe(' Lily');
    expect(tok.decode([3 + 0x41, 3 + 0x0a])).toBe('A\n');
    // run.c looks for the prefix space in the piece as written: "<0x20>" after BOS keeps its space.
    expect(tok.decode([1, 3 + 0x20, 3 + 0x20])).toBe('  ');
    expect(tok.createStreamDecoder([1]).push(3 + 0x20)).toBe(' ');
    expect(tok.decode([0, 1, 2])).toBe('');
    expect(() => tok.decode([512])).toThrow(RangeError);
  });

  it('round-trips the llama2.c greedy story and mixed text', () => {
    for (const text of [story, 'Ünïcödé: 日本語, emoji 🤖, tabs\tand  spaces ', ' leading space']) {
      expect(tok.decode(tok.encode(text))).toBe(text);
    }
  });

  it('holds exactly vocabSize tokens when the model says how many', () => {
    expect(fromLlama2cBin(bin, 512).vocabSize).toBe(512);
    expect(() => fromLlama2cBin(bin, 300)).toThrow(/for this model: it holds 512 tokens, but the model's vocabulary has 300/);
    expect(() => fromLlama2cBin(bin, 513)).toThrow(/for this model: it holds 512 tokens, but the model's vocabulary has 513/);
  });

  it.each([
    ['an empty file', new Uint8Array(0), /4-byte header/],
    ['random bytes', pseudoRandomBytes(4096), /max_token_length -?\d+ is not in 1\.\.4096/],
    ['the stories260K model', readBytes('stories260K/stories260K.bin'), /token \d+ has length -?\d+/],
    ['a truncated tok512.bin', bin.slice(0, 3000), /truncated in(side| the header of) token \d+/],
    ['a JSON file', readBytes('tinystories656K/config.json'), /max_token_length/],
    ['a vocabulary without byte tokens', bin.slice(0, 44), /3 tokens, fewer than the 259/],
  ])('rejects %s', (_, bytes, message) => {
    expect(() => fromLlama2cBin(bytes)).toThrow(TokenizerFormatError);
    expect(() => fromLlama2cBin(bytes)).toThrow(/^not a llama2\.c tokenizer\.bin: /);
    expect(() => fromLlama2cBin(bytes)).toThrow(message);
  });
});
