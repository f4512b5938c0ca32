// tokenizer.json tokenizers against real data: llama.cpp's 46 GPT-2 vectors, the TinyStories-656K
// prompt ids, and an exact round trip of tinyshakespeare. Streaming is in stream.test.ts.

import { describe, expect, it } from 'vitest';
import { fromTokenizerJson } from '../../src/tokenizer/huggingface.js';
import { TokenizerFormatError } from '../../src/tokenizer/types.js';
import { readText } from './data.js';

const gpt2 = fromTokenizerJson(readText('gpt2-tokenizer/tokenizer.json'));
const stories = fromTokenizerJson(readText('tinystories656K/tokenizer.json'), {
  config: readText('tinystories656K/tokenizer_config.json'),
  specialTokensMap: readText('tinystories656K/special_tokens_map.json'),
});

/** llama.cpp vectors: inputs separated by a marker line, one line of ids per input; both end with a separator. */
function ggmlVectors(): [string, number[]][] {
  const inputs = readText('gpt2-tokenizer/ggml-vocab-gpt-2.gguf.inp').split('\n__ggml_vocab_test__\n');
  const outputs = readText('gpt2-tokenizer/ggml-vocab-gpt-2.gguf.out').split('\n');
  expect([inputs.pop(), outputs.pop()]).toEqual(['', '']);
  expect([inputs.length, outputs.length]).toEqual([46, 46]);
  return inputs.map((text, i) => [text, outputs[i]!.split(' ').filter(Boolean).map(Number)]);
}

describe('GPT-2 tokenizer.json', () => {
  it('has the GPT-2 vocabulary and <|endoftext|> as its end marker', () => {
    expect(gpt2.vocabSize).toBe(50257);
    expect(gpt2.eosIds).toEqual([50256]);
    expect(gpt2.bosId).toBeUndefined();
  });

  it.each(ggmlVectors())('llama.cpp vector %j', (text, ids) => {
    expect(gpt2.encode(text)).toEqual(ids);
    expect(gpt2.decode(ids)).toBe(text);
  });

  it('round-trips tinyshakespeare exactly in 338,025 tokens (nanoGPT prepare.py)', () => {
    const text = readText('tinyshakespeare/input.txt');
    const ids = gpt2.encode(text);
    expect(ids.length).toBe(338_025);
    expect(gpt2.decode(ids) === text).toBe(true); // not toBe(text): a 1 MB diff is useless
  });

  it('takes BOS from tokenizer_config.json and adds it only when asked', () => {
    const withConfig = fromTokenizerJson(readText('gpt2-tokenizer/tokenizer.json'), { config: { bos_token: '<|endoftext|>' } });
    expect(withConfig.bosId).toBe(50256);
    expect(withConfig.encode('Hello')).toEqual([15496]);
    expect(withConfig.encode('Hello', { bos: true })).toEqual([50256, 15496]);
    expect(() => gpt2.encode('Hello', { bos: true })).toThrow(/no BOS/);
  });

  it('handles empty input and rejects ids outside the vocabulary', () => {
    expect(gpt2.encode('')).toEqual([]);
    expect(gpt2.decode([])).toBe('');
    expect(gpt2.decode([50256])).toBe(''); // special tokens decode to nothing
    expect(() => gpt2.decode([50257])).toThrow(RangeError);
    expect(() => gpt2.decode([-1])).toThrow(/outside the vocabulary 0..50256/);
  });
});

describe('TinyStories-656K tokenizer.json (SentencePiece-style BPE)', () => {
  const expected = readText('tinystories656K/expected_greedy_numpy_f32.txt').split('\n');
  const promptIds = JSON.parse(expected[0]!.replace('prompt ids ', '')) as number[];
  const greedyIds = JSON.parse(expected[1]!) as number[];

  it('encodes "Once upon a time" to the reference prompt ids, BOS included by default', () => {
    expect(promptIds).toEqual([1, 80, 147, 201, 282, 57]);
    expect(stories.encode('Once upon a time')).toEqual(promptIds);
    expect(stories.encode('Once upon a time', { bos: false })).toEqual(promptIds.slice(1));
    expect(stories).toMatchObject({ vocabSize: 2048, bosId: 1, eosIds: [2] });
  });

  it('decodes the reference greedy ids to its text, without the leading space', () => {
    expect(stories.decode(promptIds)).toBe('Once upon a time');
    expect(stories.decode(greedyIds)).toBe(expected.slice(2).join('\n').trim());
  });

  it('round-trips text within its vocabulary', () => {
    const text = 'Lily saw a big dog.\nShe said, "Hi!"  Tim smiled.';
    expect(stories.decode(stories.encode(text))).toBe(text);
  });

  it('notes an EOS its files append to every text, which prompts are not given (model.info().tokenizerNotes)', () => {
    expect(stories.notes).toBeUndefined(); // its post-processor puts BOS first, nothing after the text
    const json = JSON.parse(readText('tinystories656K/tokenizer.json')) as { post_processor: { single: object[]; special_tokens: object } };
    json.post_processor.single.push({ SpecialToken: { id: '<|end_story|>', type_id: 0 } });
    json.post_processor.special_tokens = { ...json.post_processor.special_tokens, '<|end_story|>': { id: '<|end_story|>', ids: [2], tokens: ['<|end_story|>'] } };
    const config = JSON.parse(readText('tinystories656K/tokenizer_config.json')) as Record<string, unknown>;
    delete config.add_eos_token; // false in the file
    const notes = (addEos?: boolean) => fromTokenizerJson(json, { config: { ...config, ...(addEos === undefined ? {} : { add_eos_token: addEos }) } }).notes;
    const tail = 'to every text; prompts are not given it (a prompt is text for the model to go on from, so nothing is added after it)';
    // As for BOS, tokenizer_config.json's flag decides, and the post-processor where it says nothing: one note at most.
    expect(notes()).toEqual([`tokenizer.json: the post-processor appends "<|end_story|>" ${tail}`]);
    expect(notes(true)).toEqual([`tokenizer_config.json: add_eos_token is true: it appends EOS ${tail}`]);
    expect(notes(false)).toBeUndefined();
    expect(fromTokenizerJson(json, { config }).encode('Once upon a time')).toEqual(promptIds);
  });

  it('ends at a special token spelling an end of turn when no file names the EOS, as a GGUF of it does (Phi-3\'s <|end|>)', () => {
    const text = readText('tinystories656K/tokenizer.json').replaceAll('<|end_story|>', '<|end|>');
    expect(fromTokenizerJson(text).eosIds).toEqual([2]);
  });
});

describe('fromTokenizerJson rejects other files', () => {
  it.each([
    ['{"model": ', /^tokenizer\.json: not valid JSON/],
    ['[1, 2]', /^tokenizer\.json: the JSON is an array, not an object$/],
    [readText('tinystories656K/config.json'), /no "model" object \(this looks like a model config\.json\)/],
    [readText('tinystories656K/tokenizer_config.json'), /no "model" object \(this looks like tokenizer_config\.json\)/],
    ['{"model": {"type": "Nonsense"}}', /^tokenizer\.json: model\.type "Nonsense" is not a model type @huggingface\/tokenizers implements \(BPE, WordPiece, Unigram\)$/],
  ])('%#', (json, message) => {
    expect(() => fromTokenizerJson(json)).toThrow(TokenizerFormatError);
    expect(() => fromTokenizerJson(json)).toThrow(message);
  });
});

// Where @huggingface/tokenizers reads a file otherwise than Rust tokenizers (found by the review of
// fewest-tokens.ts); what each should give is what the same file without the difference gives.
describe('a tokenizer.json read as Rust tokenizers reads it', () => {
  const tiny = (tokens: string[], parts: object = {}, model: object = {}) =>
    ({ added_tokens: [], normalizer: null, pre_tokenizer: null, post_processor: null, decoder: null, model: { type: 'BPE', vocab: Object.fromEntries(tokens.map((t, i) => [t, i])), merges: [], ...model }, ...parts });
  const template = (single: object[]) => ({ type: 'TemplateProcessing', single, special_tokens: { '<s>': { id: '<s>', ids: [0], tokens: ['<s>'] } } });
  const bos = { SpecialToken: { id: '<s>', type_id: 0 } };
  const text = { Sequence: { id: 'A', type_id: 0 } };

  it('encodes without the post-processor, whatever its template holds (the text was dropped without A, doubled with two)', () => {
    const plain = fromTokenizerJson(tiny(['<s>', 'a', 'b', '?'], {}, { unk_token: '?' })).encode('abba', { bos: false });
    expect(plain).toEqual([1, 2, 2, 1]);
    for (const single of [[bos], [bos, text, text], [bos, text]]) {
      expect(fromTokenizerJson(tiny(['<s>', 'a', 'b', '?'], { post_processor: template(single) }, { unk_token: '?' })).encode('abba', { bos: false }), JSON.stringify(single)).toEqual(plain);
    }
  });

  it("writes a Replace's content as it is: $ is no pattern of String.replace", () => {
    const replacing = (content: string) => fromTokenizerJson(tiny(['a', '$', '&', '1', "'", '?'], {
      normalizer: { type: 'Replace', pattern: { String: 'a' }, content },
      decoder: { type: 'Replace', pattern: { String: '?' }, content },
    }, { unk_token: '?' }));
    for (const content of ['$&', '$$', '$1', "$'"]) {
      const tokenizer = replacing(content);
      expect(tokenizer.decode(tokenizer.encode('a', { bos: false })), content).toBe(content);
      expect(tokenizer.decode([5]), content).toBe(content);
    }
  });

  it("refuses a Metaspace replacement of other than one character (Rust's is a char; an empty one deleted every space)", () => {
    for (const replacement of ['', '▁▁']) {
      expect(() => fromTokenizerJson(tiny(['a', '▁'], { pre_tokenizer: { type: 'Metaspace', replacement } }))).toThrow(`tokenizer.json: pre_tokenizer.replacement must be one character, got ${JSON.stringify(replacement)}`);
    }
  });

  it("says that a BPE's continuing_subword_prefix is not applied (the library's BPE has none)", () => {
    const prefixed = fromTokenizerJson(tiny(['?', 'a', 'b', '##b', 'ab'], {}, { unk_token: '?', continuing_subword_prefix: '##', merges: [['a', 'b']] }));
    expect(prefixed.notes).toEqual([`tokenizer.json: model.continuing_subword_prefix "##" is not applied (@huggingface/tokenizers' BPE reads no such prefix): a word's inner pieces are looked up without it, so the ids may differ from transformers'`]);
    expect(prefixed.encode('ab', { bos: false })).toEqual([4]); // Rust would look for "a" + "##b"
    expect(fromTokenizerJson(tiny(['?', 'a'], {}, { unk_token: '?' })).notes).toBeUndefined();
  });

  it("leaves out Metaspace's str_rep, which Rust no longer reads and the library wrote for spaces", () => {
    const metaspace = { normalizer: null, pre_tokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: false } };
    const stories = JSON.parse(readText('tinystories656K/tokenizer.json'));
    const plain = fromTokenizerJson({ ...stories, ...metaspace });
    const withStrRep = fromTokenizerJson({ ...stories, ...metaspace, pre_tokenizer: { ...metaspace.pre_tokenizer, str_rep: 'x' } });
    expect(withStrRep.encode('Once upon a time', { bos: false })).toEqual(plain.encode('Once upon a time', { bos: false }));
    expect(plain.decode(plain.encode('Once upon a time', { bos: false }))).toBe('Once upon a time');
  });

  it('leaves out continuing_subword_suffix, no field of Rust BPE, which the library appended to pieces', () => {
    const without = fromTokenizerJson(tiny(['?', 'a', 'b'], {}, { unk_token: '?' }));
    const withSuffix = fromTokenizerJson(tiny(['?', 'a', 'b'], {}, { unk_token: '?', continuing_subword_suffix: '@@' }));
    expect(withSuffix.encode('abab', { bos: false })).toEqual(without.encode('abab', { bos: false }));
    expect(without.encode('abab', { bos: false })).toEqual([1, 2, 1, 2]);
  });
});
