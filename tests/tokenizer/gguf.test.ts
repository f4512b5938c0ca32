// Tokenizers from GGUF metadata against llama.cpp's own test vectors (46 strings each, ids without BOS) for
// GPT-2 byte-level BPE and Phi-3's SentencePiece BPE, with exact decoding; special ids, the tokenizer_config.json
// a GGUF file stands for, and the errors for metadata that is not a tokenizer we build.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gguf } from '../../src/model/weights/gguf-writer.js';
import { type GgufEntry, GgufType, parseGgufMetadata } from '../../src/model/weights/gguf.js';
import { fromGguf, fromGgufMetadata, ggufTokenizerConfig } from '../../src/tokenizer/gguf.js';
import { fromTokenizerJson } from '../../src/tokenizer/huggingface.js';
import { tokenizerFromBytes } from '../../src/tokenizer/index.js';
import { TokenizerFormatError } from '../../src/tokenizer/types.js';
import { readBytes, readText } from './data.js';

const GPT2 = 'gpt2-tokenizer/ggml-vocab-gpt-2.gguf';
const PHI3 = 'phi3-spm-vocab/ggml-vocab-phi-3.gguf';

/** llama.cpp vectors: inputs separated by a marker line, one line of ids per input; both end with a separator. */
function ggmlVectors(path: string): [string, number[]][] {
  const inputs = readText(`${path}.inp`).split('\n__ggml_vocab_test__\n');
  const outputs = readText(`${path}.out`).split('\n');
  expect([inputs.pop(), outputs.pop()]).toEqual(['', '']);
  expect([inputs.length, outputs.length]).toEqual([46, 46]);
  return inputs.map((text, i) => [text, outputs[i]!.split(' ').filter(Boolean).map(Number)]);
}

const gpt2 = fromGguf(readBytes(GPT2), { name: 'ggml-vocab-gpt-2.gguf' });
const phi3 = fromGguf(readBytes(PHI3), { name: 'ggml-vocab-phi-3.gguf' });

describe('GPT-2 byte-level BPE from GGUF (tokenizer.ggml.model "gpt2", pre "gpt-2")', () => {
  it('has the vocabulary and special ids of the metadata, and adds no BOS', () => {
    expect([gpt2.vocabSize, gpt2.bosId, gpt2.eosIds]).toEqual([50257, 50256, [50256]]);
    expect(gpt2.encode('Hello')).toEqual([15496]);
  });

  it.each(ggmlVectors(GPT2))('llama.cpp vector %j', (text, ids) => {
    expect(gpt2.encode(text, { bos: false })).toEqual(ids);
    expect(gpt2.decode(ids)).toBe(text);
  });

  // Whitespace is Unicode's White_Space, as GPT-2's encoder.py reads it (Python's regex module gave
  // these ids): the library's split used JavaScript's \s, which holds U+FEFF and not U+0085.
  it.each<[string, number[]]>([
    ['a \x85b', [64, 220, 126, 227, 65]],
    ['\n\n\ufeffx', [198, 198, 171, 119, 123, 87]],
    ['a \ufeff!', [64, 27332, 119, 123, 0]],
  ])('splits %j at whitespace as GPT-2 does, from GGUF and tokenizer.json alike', (text, ids) => {
    expect(gpt2.encode(text, { bos: false })).toEqual(ids);
    expect(fromTokenizerJson(readText('gpt2-tokenizer/tokenizer.json')).encode(text)).toEqual(ids);
  });
});

// Llama 3.x, Qwen2 and SmolLM2 GGUF files were refused for their tokenizer.ggml.pre. Their splits run
// here on GPT-2's vocabulary and llama.cpp's GPT-2 strings, against pre-tokenizers-expected.json: each
// model's own tokenizer.json regexes in Python's regex module with a plain BPE
// (pre-tokenizers-expected.py, which gives llama.cpp's GPT-2 vectors for GPT-2's split).
describe('byte-level BPE pre-tokenizers of Llama 3, Qwen2 and SmolLM (tokenizer.ggml.pre)', () => {
  const expected = JSON.parse(readFileSync(new URL('./pre-tokenizers-expected.json', import.meta.url), 'utf8')) as Record<string, number[][]>;
  const texts = ggmlVectors(GPT2).map(([text]) => text);
  const withPre = (pre: string, more: [string, GgufEntry][] = []) =>
    fromGgufMetadata(new Map([...parseGgufMetadata(readBytes(GPT2)), ['tokenizer.ggml.pre', gguf.string(pre)], ...more]), { name: `${pre}.gguf` });

  it.each([['llama-bpe', 'llama-bpe'], ['llama3', 'llama-bpe'], ['llama-v3', 'llama-bpe'], ['qwen2', 'qwen2'], ['deepseek-r1-qwen', 'qwen2'], ['smollm', 'smollm']])(
    '%s splits as %s\'s tokenizer.json does, on all 46 strings', (pre, model) => {
      const tokenizer = withPre(pre, [['tokenizer.ggml.add_bos_token', gguf.bool(false)]]);
      const rows = expected[model]!;
      expect(rows).toHaveLength(46);
      texts.forEach((text, i) => expect(tokenizer.encode(text, { bos: false }), JSON.stringify(text)).toEqual(rows[i]));
      expect(texts.every((text) => tokenizer.decode(tokenizer.encode(text, { bos: false })) === text)).toBe(true);
    },
  );

  // As llama.cpp and tokenizer.json's ignore_merges: a piece that is a token is not built from merges.
  it('gives Llama 3\'s pieces that are tokens as those tokens, whatever the merges build', () => {
    const merges = parseGgufMetadata(readBytes(GPT2)).get('tokenizer.ggml.merges')!.value as string[];
    const unbuilt = gguf.array(GgufType.STRING, merges.filter((m) => m.replace(' ', '') !== 'Hello')); // no merge makes "Hello" (15496)
    const noBos: [string, GgufEntry] = ['tokenizer.ggml.add_bos_token', gguf.bool(false)];
    expect(withPre('llama-bpe', [['tokenizer.ggml.merges', unbuilt], noBos]).encode('Hello')).toEqual([15496]);
    expect(withPre('qwen2', [['tokenizer.ggml.merges', unbuilt], noBos]).encode('Hello')).not.toEqual([15496]);
    expect(withPre('qwen2', [noBos]).encode('Hello')).toEqual([15496]);
  });

  it('adds BOS by default for Llama 3\'s pre-tokenizer, as llama.cpp does, unless add_bos_token says otherwise', () => {
    expect(withPre('llama-bpe').encode('Hello')).toEqual([50256, 15496]);
    expect(withPre('llama-bpe', [['tokenizer.ggml.add_bos_token', gguf.bool(false)]]).encode('Hello')).toEqual([15496]);
    expect(withPre('qwen2').encode('Hello')).toEqual([15496]);
    const noBos = new Map([...parseGgufMetadata(readBytes(GPT2))].filter(([key]) => key !== 'tokenizer.ggml.bos_token_id')).set('tokenizer.ggml.pre', gguf.string('llama-bpe'));
    expect(() => fromGgufMetadata(noBos, { name: 'x.gguf' })).toThrow('x.gguf: tokenizer.ggml.bos_token_id is missing, but the pre-tokenizer "llama-bpe" adds BOS unless tokenizer.ggml.add_bos_token is false: the file is incomplete');
  });

});

describe('SentencePiece BPE from GGUF (tokenizer.ggml.model "llama", Phi-3)', () => {
  it('has the vocabulary and special ids of the metadata, and adds BOS (add_bos_token)', () => {
    // EOS <|endoftext|> (32000) and the turn's end <|end|> (32007), where llama.cpp ends a Phi-3 reply; not </s> (2, user-defined).
    expect([phi3.vocabSize, phi3.bosId, phi3.eosIds]).toEqual([32064, 1, [32000, 32007]]);
    expect(phi3.encode('Hello')[0]).toBe(1);
  });

  it.each(ggmlVectors(PHI3))('llama.cpp vector %j', (text, ids) => {
    expect(phi3.encode(text, { bos: false })).toEqual(ids);
    expect(phi3.decode(ids)).toBe(text);
  });

  it('keeps U+FEFF written as byte tokens (the library\'s byte-fallback decoder dropped it), whole and streamed', () => {
    for (const text of ['a\uFEFFb', '\uFEFFHello', 'emoji 😀\uFEFF']) {
      const ids = phi3.encode(text, { bos: false });
      expect(phi3.decode(ids)).toBe(text);
      const stream = phi3.createStreamDecoder();
      expect(ids.map((id) => stream.push(id)).join('') + stream.flush()).toBe(text);
    }
  });

  it('splits control tokens out of the text and decodes them to nothing', () => {
    const ids = phi3.encode('<|user|>\nHi<|end|>', { bos: false });
    expect(ids[0]).toBe(32010);
    expect(ids.at(-1)).toBe(32007);
    expect(phi3.decode(ids)).toBe('Hi'); // the newline after <|user|> stripped, as below
  });

  // llama.cpp (llama-vocab.cpp) strips the whitespace after Phi-3's special tokens, keyed on general.name;
  // the ids are llama.cpp's for this text (llama-tokenize on this vocabulary), 14 before.
  it('Phi-3: whitespace after a special token is dropped as llama.cpp drops it, for a vocabulary named Phi-3 only', () => {
    const turn = '<|user|>\nSYS\nHI<|end|>\n<|assistant|>\n';
    const phi3Metadata = parseGgufMetadata(readBytes(PHI3));
    expect(phi3Metadata.get('general.name')?.value).toBe('Phi3');
    expect(phi3.encode(turn)).toEqual([1, 32010, 317, 21554, 13, 17628, 32007, 32001]);
    const renamed = new Map(phi3Metadata).set('general.name', gguf.string('Some other model'));
    expect(fromGgufMetadata(renamed, { name: 'x.gguf' }).encode(turn)).toEqual([1, 32010, 29871, 13, 14816, 29903, 13, 17628, 32007, 29871, 13, 32001, 29871, 13]);
  });
});

describe('SentencePiece merges from scores', () => {
  // a, aa, aaaa, ... up to 65,536 a's: each token but the first is two of the one before, its only split into tokens.
  const chain = Array.from({ length: 17 }, (_, i) => 'a'.repeat(2 ** i));
  const tokens = ['<unk>', '<s>', '</s>', ...chain];
  const metadata = new Map<string, GgufEntry>([
    ['tokenizer.ggml.model', gguf.string('llama')],
    ['tokenizer.ggml.tokens', gguf.array(GgufType.STRING, tokens)],
    ['tokenizer.ggml.token_type', gguf.array(GgufType.INT32, [2, 3, 3, ...chain.map(() => 1)])], // <unk> unknown, <s> and </s> control, the rest normal
    ['tokenizer.ggml.scores', gguf.array(GgufType.FLOAT32, tokens.map((_, id) => -id))], // shorter tokens first
    ['tokenizer.ggml.bos_token_id', gguf.u32(1)],
    ['tokenizer.ggml.unknown_token_id', gguf.u32(0)],
    ['tokenizer.ggml.add_space_prefix', gguf.bool(false)],
  ]);

  it('encodes a 65,536-character token\'s text to it, merging halves into wholes', () => {
    const tokenizer = fromGgufMetadata(metadata, { name: 'long.gguf' });
    expect(tokenizer.encode(chain.at(-1)!, { bos: false })).toEqual([tokens.length - 1]);
    expect(tokenizer.encode('a'.repeat(3 * 1024), { bos: false })).toEqual([3 + 11, 3 + 10]); // 2048 + 1024
  });

  it('breaks ties of score by position, the leftmost pair first, as llama.cpp does (not by token id)', () => {
    // a, b, c, then bc before ab by id, all of one score (as conversions without a tokenizer.model write them).
    const pieces = ['<unk>', '<s>', '</s>', 'a', 'b', 'c', 'bc', 'ab'];
    const tied = new Map(metadata);
    tied.set('tokenizer.ggml.tokens', gguf.array(GgufType.STRING, pieces));
    tied.set('tokenizer.ggml.token_type', gguf.array(GgufType.INT32, [2, 3, 3, 1, 1, 1, 1, 1]));
    tied.set('tokenizer.ggml.scores', gguf.array(GgufType.FLOAT32, pieces.map(() => -1000)));
    const tokenizer = fromGgufMetadata(tied, { name: 'tied.gguf' });
    expect(tokenizer.encode('abc', { bos: false })).toEqual([7, 5]); // ab, c: the pair at position 0 goes first
    expect(tokenizer.encode('cabc', { bos: false })).toEqual([5, 7, 5]);
    expect(tokenizer.encode('bcab', { bos: false })).toEqual([6, 7]);
  });

  it('ends generation at an end-of-turn token typed user-defined or normal, as llama.cpp (which makes it control) does', () => {
    const withTurns = new Map(metadata);
    withTurns.set('tokenizer.ggml.tokens', gguf.array(GgufType.STRING, [...tokens, '<|im_end|>', '<|user|>']));
    withTurns.set('tokenizer.ggml.token_type', gguf.array(GgufType.INT32, [2, 3, 3, ...chain.map(() => 1), 4, 4])); // both user-defined
    withTurns.set('tokenizer.ggml.scores', gguf.array(GgufType.FLOAT32, [...tokens, '', ''].map((_, id) => -id)));
    const tokenizer = fromGgufMetadata(withTurns, { name: 'turns.gguf' });
    const imEnd = tokens.length;
    expect(tokenizer.eosIds).toContain(imEnd);
    expect(tokenizer.eosIds).not.toContain(imEnd + 1); // another user-defined token stays text
    expect(tokenizer.decode([3, imEnd])).toBe('a'); // and, special, is not printed
    // Typed normal by a conversion: control all the same, as llama.cpp makes it.
    withTurns.set('tokenizer.ggml.token_type', gguf.array(GgufType.INT32, [2, 3, 3, ...chain.map(() => 1), 1, 4]));
    const normal = fromGgufMetadata(withTurns, { name: 'turns.gguf' });
    expect(normal.eosIds).toContain(imEnd);
    expect(normal.decode([3, imEnd])).toBe('a');
    expect(normal.encode('a<|im_end|>', { bos: false })).toEqual([3, imEnd]); // matched whole in the text
  });

  // It named added_tokens[1], a tokenizer.json field no GGUF file has.
  it('names an empty control token by its place in tokenizer.ggml.tokens', () => {
    const empty = new Map(metadata);
    empty.set('tokenizer.ggml.tokens', gguf.array(GgufType.STRING, ['<unk>', '<s>', '', ...chain]));
    expect(() => fromGgufMetadata(empty, { name: 'x.gguf' })).toThrow(new TokenizerFormatError('x.gguf: tokenizer.ggml.tokens[2] (a control, unknown or user-defined token) must be a non-empty string, got ""'));
  });
});

describe('the GGUF tokenizer metadata', () => {
  const phi3Metadata = parseGgufMetadata(readBytes(PHI3));

  it('stands for a tokenizer_config.json with the special tokens and the chat template', () => {
    const config = ggufTokenizerConfig(phi3Metadata, 'phi3.gguf');
    expect(config).toEqual({ add_bos_token: true, bos_token: '<s>', eos_token: '<|endoftext|>', chat_template: phi3Metadata.get('tokenizer.chat_template')!.value });
    expect(ggufTokenizerConfig(parseGgufMetadata(readBytes(GPT2)), 'gpt2.gguf')).toEqual({ add_bos_token: false, bos_token: '<|endoftext|>', eos_token: '<|endoftext|>' });
  });

  it('is found by tokenizerFromBytes from the magic, whatever the file name', () => {
    expect(tokenizerFromBytes('vocab.bin', readBytes(GPT2)).vocabSize).toBe(50257);
  });

  it('splits with llama.cpp\'s regex sequence for tokenizer.ggml.pre "default"', () => {
    const metadata = new Map(parseGgufMetadata(readBytes(GPT2)));
    metadata.set('tokenizer.ggml.pre', gguf.string('default'));
    const byDefault = fromGgufMetadata(metadata);
    // Punctuation runs are their own pieces, then the GPT-2 split, then digits in threes from the left:
    // "a+b=1234567!" -> "a", "+", "b", "=", "123", "456", "7", "!".
    const pieces = ['a', '+', 'b', '=', '123', '456', '7', '!'];
    expect(byDefault.encode('a+b=1234567!')).toEqual(pieces.flatMap((p) => gpt2.encode(p)));
    expect(gpt2.encode('a+b=1234567!')).not.toEqual(pieces.flatMap((p) => gpt2.encode(p)));
  });

  it('notes where it departs from the file or guesses (model.info().tokenizerNotes): no pre-tokenizer named, EOS asked after every text', () => {
    expect([gpt2.notes, phi3.notes]).toEqual([undefined, undefined]); // pre named; Phi-3's add_eos_token is false
    const metadata = new Map(parseGgufMetadata(readBytes(GPT2)));
    metadata.delete('tokenizer.ggml.pre');
    metadata.set('tokenizer.ggml.add_eos_token', gguf.bool(true));
    const noted = fromGgufMetadata(metadata, { name: 'x.gguf' });
    expect(noted.notes).toEqual([
      "x.gguf: tokenizer.ggml.pre is missing or empty, so text is split with llama.cpp's 'default' pre-tokenizer, which may not be the one the model was trained with",
      'x.gguf: tokenizer.ggml.add_eos_token is true: it appends EOS to every text; prompts are not given it (a prompt is text for the model to go on from, so nothing is added after it)',
    ]);
    // What the notes say is what it does: the 'default' split, and no EOS after the text.
    metadata.set('tokenizer.ggml.pre', gguf.string('default'));
    const byDefault = fromGgufMetadata(metadata);
    for (const text of ['a+b=1234567!', 'Hello']) expect(noted.encode(text)).toEqual(byDefault.encode(text));
    expect(noted.encode('Hello')).toEqual(gpt2.encode('Hello'));
    metadata.set('tokenizer.ggml.pre', gguf.string('')); // llama.cpp reads an empty name as a missing one
    expect(fromGgufMetadata(metadata, { name: 'x.gguf' }).notes).toEqual(noted.notes);
  });

  const edited = (edit: (m: Map<string, GgufEntry>) => void) => {
    const m = new Map(phi3Metadata);
    edit(m);
    return () => fromGgufMetadata(m, { name: 'x.gguf' });
  };

  const tokens = phi3Metadata.get('tokenizer.ggml.tokens')!.value as string[];
  it('notes byte tokens typed as anything but bytes: byte fallback is off, and a character it lacks is the unknown token', () => {
    const types = phi3Metadata.get('tokenizer.ggml.token_type')!.value as number[];
    const untyped = edited((m) => m.set('tokenizer.ggml.token_type', gguf.array(GgufType.INT32, types.map((t) => (t === 6 ? 1 : t)))))();
    expect(untyped.notes).toEqual(['x.gguf: tokenizer.ggml.token_type types none of the byte tokens (<0x00> to <0xFF>) as a byte (6), so byte fallback is off: a character outside the vocabulary encodes as the unknown token, where llama.cpp encodes its bytes']);
    const unknown = phi3Metadata.get('tokenizer.ggml.unknown_token_id')!.value as number;
    expect(untyped.encode('\u{1F9EC}', { bos: false })).toContain(unknown); // a DNA emoji: not in Phi-3's vocabulary
    expect(phi3.encode('\u{1F9EC}', { bos: false })).not.toContain(unknown); // its four bytes, typed as bytes
    // No types at all (every token normal): said as such, not as types the file does not hold (review L).
    expect(edited((m) => m.delete('tokenizer.ggml.token_type'))().notes).toEqual(['x.gguf: no tokenizer.ggml.token_type types the byte tokens (<0x00> to <0xFF>) as bytes, so byte fallback is off: a character outside the vocabulary encodes as the unknown token, where llama.cpp encodes its bytes']);
  });
  it.each<[string, (m: Map<string, GgufEntry>) => void, RegExp]>([
    ['no tokenizer', (m) => m.delete('tokenizer.ggml.model'), /^x\.gguf: tokenizer\.ggml\.model is missing \(the GGUF file holds no tokenizer, or an incomplete one\)$/],
    ['an unknown model', (m) => m.set('tokenizer.ggml.model', gguf.string('bert')), /^x\.gguf: tokenizer\.ggml\.model is "bert"; supported: gpt2 \(byte-level BPE\), llama \(SentencePiece BPE\)$/],
    ['an unknown pre-tokenizer', (m) => (m.set('tokenizer.ggml.model', gguf.string('gpt2')), m.set('tokenizer.ggml.merges', gguf.array(GgufType.STRING, ['a b'])), m.set('tokenizer.ggml.pre', gguf.string('tekken'))), /^x\.gguf: tokenizer\.ggml\.pre "tekken" is not a supported pre-tokenizer \(supported: gpt-2, default, llama-bpe, llama3, llama-v3, qwen2, deepseek-r1-qwen, smollm\)$/],
    ['scores of the wrong length', (m) => m.set('tokenizer.ggml.scores', gguf.array(GgufType.FLOAT32, [0])), /^x\.gguf: tokenizer\.ggml\.scores must be an array of 32064 finite numbers, one per token$/],
    ['a BOS id outside the vocabulary', (m) => m.set('tokenizer.ggml.bos_token_id', gguf.u32(32064)), /^x\.gguf: tokenizer\.ggml\.bos_token_id must be a token id in \[0, 32064\), got 32064$/],
    // Checked as the tokenizer.json built from the metadata; the message names the keys the file holds.
    ['a merge of a token the vocabulary lacks', (m) => (m.set('tokenizer.ggml.model', gguf.string('gpt2')), m.set('tokenizer.ggml.merges', gguf.array(GgufType.STRING, ['a zzzq']))), /^x\.gguf: tokenizer\.ggml\.merges\[0\] "a zzzq": "zzzq" is not in tokenizer\.ggml\.tokens$/],
    // A type no rule names would keep the token from forming, and the text would split into characters.
    ['a token type past llama.cpp\'s', (m) => m.set('tokenizer.ggml.token_type', gguf.array(GgufType.INT32, tokens.map((_, i) => (i === 7 ? 99 : 1)))), /^x\.gguf: tokenizer\.ggml\.token_type must hold token types from 0 to 6 \(llama\.cpp's\), got 99 for token 7$/],
    ['a negative token type', (m) => m.set('tokenizer.ggml.token_type', gguf.array(GgufType.INT32, tokens.map((_, i) => (i === 0 ? -1 : 1)))), /^x\.gguf: tokenizer\.ggml\.token_type must hold token types from 0 to 6 \(llama\.cpp's\), got -1 for token 0$/],
    ['a token given twice', (m) => m.set('tokenizer.ggml.tokens', gguf.array(GgufType.STRING, tokens.map((t, i) => (i === 5 ? '<s>' : t)))), /^x\.gguf: tokenizer\.ggml\.tokens holds "<s>" twice \(ids 1 and 5\)$/],
  ])('rejects %s', (_, edit, message) => {
    expect(edited(edit)).toThrow(TokenizerFormatError);
    expect(edited(edit)).toThrow(message);
  });

  // llama.cpp reads each key as one type and refuses others; scores as u32 would be their bits read as floats.
  it.each<[string, string, GgufEntry, string]>([
    ['scores', 'tokenizer.ggml.scores', gguf.array(GgufType.UINT32, tokens.map(() => 0)), 'array of u32, expected array of f32'],
    ['token types', 'tokenizer.ggml.token_type', gguf.array(GgufType.UINT8, tokens.map(() => 1)), 'array of u8, expected array of i32'],
    ['a BOS id', 'tokenizer.ggml.bos_token_id', { type: GgufType.INT32, value: 1 }, 'i32, expected u32'],
    ['add_bos_token', 'tokenizer.ggml.add_bos_token', gguf.u32(1), 'u32, expected bool'],
    ['add_eos_token', 'tokenizer.ggml.add_eos_token', gguf.u32(1), 'u32, expected bool'],
    ['the model name', 'tokenizer.ggml.model', gguf.array(GgufType.STRING, ['llama']), 'array of string, expected string'],
  ])('rejects %s of another type than llama.cpp reads', (_, key, entry, types) => {
    const load = edited((m) => m.set(key, entry));
    expect(load).toThrow(TokenizerFormatError);
    expect(load).toThrow(`x.gguf: ${key} has type ${types}`);
  });

  it('refuses a SentencePiece vocabulary without a BOS id unless add_bos_token is false', () => {
    const noBos = (m: Map<string, GgufEntry>) => m.delete('tokenizer.ggml.bos_token_id');
    const byDefault = edited((m) => (noBos(m), m.delete('tokenizer.ggml.add_bos_token')));
    expect(byDefault).toThrow(TokenizerFormatError);
    expect(byDefault).toThrow(/^x\.gguf: tokenizer\.ggml\.bos_token_id is missing, but a llama \(SentencePiece\) tokenizer adds BOS unless tokenizer\.ggml\.add_bos_token is false: the file is incomplete$/);
    expect(edited(noBos)).toThrow(/^x\.gguf: tokenizer\.ggml\.bos_token_id is missing, but tokenizer\.ggml\.add_bos_token is true/);
    const without = edited((m) => (noBos(m), m.set('tokenizer.ggml.add_bos_token', gguf.bool(false))))();
    expect(without.bosId).toBeUndefined();
    expect(without.encode('Hello')).toEqual(phi3.encode('Hello', { bos: false }));
  });

  it('turns a damaged GGUF header into a TokenizerFormatError naming the file', () => {
    expect(() => fromGguf(readBytes(GPT2).slice(0, 1000), { name: 'cut.gguf' })).toThrow(TokenizerFormatError);
    expect(() => fromGguf(readBytes(GPT2).slice(0, 1000), { name: 'cut.gguf' })).toThrow(/^cut\.gguf: truncated/);
  });
});
