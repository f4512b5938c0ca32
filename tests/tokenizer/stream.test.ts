// Stream decoders fed one id at a time: pieces add up to decode(ids) and never hold half a
// character, for GPT-2 byte-level BPE, SentencePiece-style tokenizer.json and llama2.c byte fallback.

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

  it('llama2.c: byte-fallback tokens of CJK and emoji are held until the character completes', () => {
    const ids = llama2c.encode(MIXED);
    const pieces = streamPieces(llama2c, ids);
    expect(pieces.join('')).toBe(llama2c.decode(ids));
    expect(pieces.join('')).toBe(MIXED);
    expect(pieces.filter((p) => p.includes('\uFFFD'))).toEqual([]);
    expect(pieces.filter((p) => p === '').length).toBeGreaterThan(10); // bytes were held
  });
});
