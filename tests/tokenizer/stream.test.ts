// Stream decoders fed one id at a time: pieces add up to decode(ids) and never hold half a
// character, for GPT-2 byte-level BPE, SentencePiece-style tokenizer.json and llama2.c byte fallback.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromTokenizerJson } from '../../src/tokenizer/huggingface.js';
import { fromLlama2cBin } from '../../src/tokenizer/llama2c.js';
import type { Tokenizer } from '../../src/tokenizer/types.js';
import { readBytes, readText } from './data.js';

const gpt2Json = readText('gpt2-tokenizer/tokenizer.json');
const gpt2 = fromTokenizerJson(gpt2Json);
const gpt2Vocab = (JSON.parse(gpt2Json) as { model: { vocab: Record<string, number> } }).model.vocab;
const stories = fromTokenizerJson(readText('tinystories656K/tokenizer.json'), { config: { bos_token: '<|start_story|>' } });
const llama2c = fromLlama2cBin(readBytes('stories260K/tok512.bin'));

const MIXED = 'Hi 👋🏽 there! 日本語のテキスト、한국어 🤖🧠 and café ✓\nend';

function streamPieces(tok: Tokenizer, ids: number[]): string[] {
  const stream = tok.createStreamDecoder();
  const pieces = ids.map((id) => stream.push(id));
  pieces.push(stream.flush());
  return pieces;
}

describe('createStreamDecoder', () => {
  it('GPT-2: emoji and CJK split across byte-level tokens come out whole', () => {
    const ids = gpt2.encode(MIXED);
    // The test only means something if some tokens hold partial characters.
    expect(ids.some((id) => gpt2.decode([id]).includes('\uFFFD'))).toBe(true);
    const pieces = streamPieces(gpt2, ids);
    expect(pieces.join('')).toBe(gpt2.decode(ids));
    expect(pieces.join('')).toBe(MIXED);
    expect(pieces.filter((p) => p.includes('\uFFFD'))).toEqual([]);
  });

  it('GPT-2: genuinely invalid bytes come out as U+FFFD without stalling the stream', () => {
    const ff = gpt2Vocab['ÿ']!; // byte-level BPE's token for the lone byte 0xFF
    const ids = [...gpt2.encode('a'), ff, ...gpt2.encode('bcdef gh ij')];
    const pieces = streamPieces(gpt2, ids);
    expect(pieces.join('')).toBe('a\uFFFDbcdef gh ij');
    expect(pieces.at(-1)).toBe(''); // emitted before the end, not at flush
  });

  it('GPT-2: a literal U+FFFD or an invalid byte before a character split across tokens delays it, never cuts it', () => {
    // GPT-2's byte-level alphabet: printable bytes stand for themselves, the others for 256 + n in turn.
    const printable = (b: number) => (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || b >= 174;
    const others = [...Array(256).keys()].filter((b) => !printable(b));
    const byte = (b: number) => gpt2Vocab[String.fromCodePoint(printable(b) ? b : 256 + others.indexOf(b))]!;
    const replacement = gpt2.encode('\uFFFD'); // the character itself, three valid bytes
    const bitcoin = [0xe2, 0x82, 0xbf].map(byte); // ₿
    const emoji = [0xf0, 0x9f, 0x98, 0x80].map(byte); // 😀
    for (const ids of [
      [...gpt2.encode('x'), ...replacement, ...replacement, ...replacement, ...bitcoin, ...gpt2.encode(' y')],
      [byte(0xc3), ...emoji, ...gpt2.encode('!')], // C3 is cut short by F0: one U+FFFD, then the emoji
      [...gpt2.encode('A'), byte(0xe2), byte(0x82), ...emoji],
    ]) {
      const pieces = streamPieces(gpt2, ids);
      expect(pieces.join('')).toBe(gpt2.decode(ids));
      expect(pieces.filter((p) => /\p{Cs}/u.test(p)), 'pieces with half a surrogate pair').toEqual([]);
    }
    // The token of U+FFFD itself is whole: it goes out with its own push, not the next one's.
    expect(streamPieces(gpt2, [...gpt2.encode('x'), ...replacement, ...gpt2.encode(' y')])).toEqual(['x', '\uFFFD', ' y', '']);
    // A long run of invalid bytes is let out before it ends, not held to the end of the text.
    const invalid = streamPieces(gpt2, [...Array(100).fill(byte(0xff)), ...gpt2.encode('ok')]);
    expect(invalid.join('')).toBe(`${'\uFFFD'.repeat(100)}ok`);
    expect(invalid.slice(0, 100).join('')).not.toBe('');
  });

  it("a character vocabulary's unknown (U+FFFD) is one token's piece, not held onto the next (inspect's token labels)", () => {
    const shakespeare = fromTokenizerJson(readFileSync(new URL('../../models/shakespeare-char/tokenizer.json', import.meta.url), 'utf8'));
    const ids = shakespeare.encode('café crème', { bos: false });
    expect(shakespeare.decode(ids)).toBe('caf\uFFFD cr\uFFFDme'); // é is not in its 65 characters
    expect(streamPieces(shakespeare, ids)).toEqual([...'caf\uFFFD cr\uFFFDme', '']);
  });

  it('GPT-2: a partial character left at the end is flushed as U+FFFD', () => {
    const ids = gpt2.encode('ok 🤖');
    const stream = gpt2.createStreamDecoder();
    const early = ids.slice(0, -1).map((id) => stream.push(id)).join('');
    expect(early + stream.flush()).toBe(gpt2.decode(ids.slice(0, -1)));
    expect(stream.push(ids[0]!)).toBe('ok'); // flush resets the decoder
  });

  it('tokenizer.json with a SentencePiece decoder keeps the spaces between pieces', () => {
    const ids = stories.encode('Once upon a time, Lily and  Tim played.\nThe end.');
    const pieces = streamPieces(stories, ids);
    expect(pieces.join('')).toBe(stories.decode(ids));
    expect(pieces.join('')).toBe('Once upon a time, Lily and  Tim played.\nThe end.');
  });

  // The window kept the prompt's last 4 ids: 4 special tokens (a chat turn's) after text left it
  // none, and the SentencePiece decoder stripped the reply's space as at a text's start.
  it('a prompt ending in special tokens after text: the reply keeps its leading space, however many', () => {
    const specials = stories.encode('<|end_story|>', { bos: false });
    expect(stories.decode(specials)).toBe(''); // special: decodes to nothing
    const reply = stories.encode('world', { bos: false }); // '▁world': SentencePiece's space in front
    for (const n of [1, 4, 9]) {
      const context = [...stories.encode('Hello', { bos: false }), ...Array<number>(n).fill(specials[0]!)];
      const stream = stories.createStreamDecoder(context);
      const streamed = reply.map((id) => stream.push(id)).join('') + stream.flush();
      expect(streamed, `${n} special tokens`).toBe(stories.decode([...context, ...reply]).slice(stories.decode(context).length));
      expect(streamed).toBe(' world');
    }
  });

  it('llama2.c: byte-fallback tokens of CJK and emoji are held until the character completes', () => {
    const ids = llama2c.encode(MIXED);
    const pieces = streamPieces(llama2c, ids);
    expect(pieces.join('')).toBe(llama2c.decode(ids));
    expect(pieces.join('')).toBe(MIXED);
    expect(pieces.filter((p) => p.includes('\uFFFD'))).toEqual([]);
    expect(pieces.filter((p) => p === '').length).toBeGreaterThan(10); // bytes were held
  });
});
