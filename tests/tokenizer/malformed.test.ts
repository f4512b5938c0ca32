// Malformed tokenizer files, each built here from a real one (TinyStories-656K's tokenizer.json and
// companions, stories260K's tok512.bin) or written by hand: every one is refused up front by
// tokenizerFromFiles, as prepareModel calls it, with a TokenizerFormatError whose message starts with
// the file at fault and names the field. Valid files of the other model types still load.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromTokenizerJson, tokenizerFromFiles, TokenizerFormatError, type ModelTokenHints } from '../../src/tokenizer/index.js';
import { readBytes, readText } from './data.js';

type Json = Record<string, any>; // parsed JSON, edited freely
type Files = Map<string, Uint8Array>;

const utf8 = (text: string) => new TextEncoder().encode(text);
const TOKENIZER = readText('tinystories656K/tokenizer.json');
const CONFIG = readText('tinystories656K/tokenizer_config.json');
const MAP = readText('tinystories656K/special_tokens_map.json');
const TOK512 = readBytes('stories260K/tok512.bin');
// What prepareModel passes for TinyStories-656K (config.json, generation_config.json).
const STORIES: ModelTokenHints = { vocabSize: 2048, bosTokenId: 1, eosTokenIds: [2] };
// JavaScript's own messages from inside a library: a bug leaking, not a diagnosis.
const INTERNAL = /Cannot (read|set|convert)|undefined or null|is not a function|is not iterable|Maximum call stack/;

/** TinyStories-656K's tokenizer files with `edit` applied to a parsed copy of one of them. */
function stories(file: 'tokenizer.json' | 'tokenizer_config.json' | 'special_tokens_map.json', edit: (json: Json) => unknown): Files {
  const texts: Record<string, string> = { 'tokenizer.json': TOKENIZER, 'tokenizer_config.json': CONFIG, 'special_tokens_map.json': MAP };
  const json = JSON.parse(texts[file]!) as Json;
  const replaced = edit(json);
  texts[file] = typeof replaced === 'string' ? replaced : JSON.stringify(replaced ?? json);
  return new Map(Object.entries(texts).map(([name, text]) => [name, utf8(text)]));
}

function refusal(files: Files, hints: ModelTokenHints): TokenizerFormatError {
  try {
    tokenizerFromFiles(files, hints);
  } catch (e) {
    expect(e).toBeInstanceOf(TokenizerFormatError);
    return e as TokenizerFormatError;
  }
  throw new Error('the files loaded');
}

function expectRefused(files: Files, file: string, message: RegExp, hints = STORIES): void {
  const error = refusal(files, hints);
  expect(error.message.startsWith(`${file}: `), error.message).toBe(true);
  expect(error.message).toMatch(message);
  expect(error.message).not.toMatch(INTERNAL);
}

describe('tokenizer.json', () => {
  const nested = (depth: number): Json => (depth === 0 ? { type: 'NFC' } : { type: 'Sequence', normalizers: [nested(depth - 1)] });

  it.each<[string, (json: Json) => unknown, RegExp]>([
    ['not JSON', () => TOKENIZER.slice(0, 5000), /^tokenizer\.json: not valid JSON/],
    ['a key twice', (j) => JSON.stringify(j).replace('"vocab":{', '"vocab":{"a":7,'), /the key "a" appears twice inside "model" > "vocab"/],
    ['an unknown version', (j) => void (j.version = '2.0'), /^tokenizer\.json: version must be "1\.0", got "2\.0"$/],
    // model
    ['the vocabulary as an array', (j) => void (j.model.vocab = Object.entries(j.model.vocab)), /^tokenizer\.json: model\.vocab must be an object of token -> id \(BPE\), got an array$/],
    ['no vocabulary', (j) => void delete j.model.vocab, /model\.vocab must be an object of token -> id \(BPE\), got nothing/],
    ['a negative id', (j) => void (j.model.vocab['<unk>'] = -1), /model\.vocab\["<unk>"\] must be an id \(an integer in 0\.\.2147483647\), got -1/],
    ['a fractional id', (j) => void (j.model.vocab.a = 53.5), /model\.vocab\["a"\] must be an id .*, got 53\.5/],
    ['an id given twice', (j) => void (j.model.vocab['<unk>'] = 53), /model\.vocab gives id 53 to both "<unk>" and "a"/],
    ['an unknown model type', (j) => void (j.model.type = 'WordLevel'), /model\.type "WordLevel" is not a model type @huggingface\/tokenizers implements \(BPE, WordPiece, Unigram\)/],
    ['no model type and no merges', (j) => void (delete j.model.type, delete j.model.merges), /model\.type is missing, and the model is neither BPE/],
    ['an unk_token outside the vocabulary', (j) => void (j.model.unk_token = '<unknown>'), /^tokenizer\.json: model\.unk_token "<unknown>" is not in model\.vocab$/],
    ['an unk_token that is no string', (j) => void (j.model.unk_token = 0), /model\.unk_token must be a string or null, got 0/],
    ['no unk_token and no byte alphabet', (j) => void (delete j.model.unk_token, (j.model.byte_fallback = false)), /^tokenizer\.json: model\.unk_token is not set and not every byte has a token \(no byte_fallback, no ByteLevel pre-tokenizer\): text outside the vocabulary would vanish$/],
    // TinyStories-656K sets byte_fallback but has no <0xXX> tokens: its <unk> is what keeps text whole.
    ['no unk_token and byte_fallback without byte tokens', (j) => void delete j.model.unk_token, /model\.unk_token is not set .*\(model\.byte_fallback needs "<0x00>", which model\.vocab lacks\)/],
    ['a gap in the ids', (j) => void delete j.model.vocab.$, /^tokenizer\.json: model\.vocab and added_tokens give no token the id 6, though ids run to 2047$/],
    ['byte_fallback that is no boolean', (j) => void (j.model.byte_fallback = 'yes'), /model\.byte_fallback must be true or false, got "yes"/],
    // merges
    ['merges that are no list', (j) => void (j.model.merges = 'e ▁'), /model\.merges must be a list of merges, got "e ▁"/],
    ['a garbled merge', (j) => void (j.model.merges[2] = 't hx'), /^tokenizer\.json: model\.merges\[2\] "t hx": "hx" is not in model\.vocab$/],
    ['a merge of three parts', (j) => void (j.model.merges[5] = 'a b c'), /model\.merges\[5\] must be "a b" like model\.merges\[0\], got "a b c"/],
    ['a merge that is no string', (j) => void (j.model.merges[9] = 42), /model\.merges\[9\] must be "a b" like model\.merges\[0\], got 42/],
    ['a merge with an empty part', (j) => void (j.model.merges[4] = 'th '), /model\.merges\[4\] must be "a b" like model\.merges\[0\], got "th "/],
    ['a merge that starts with its space', (j) => void (j.model.merges[6] = ' th'), /model\.merges\[6\] must be "a b" like model\.merges\[0\], got " th"/],
    // It was held to be "a b" like model.merges[0]: itself.
    ['a first merge of one part', (j) => void (j.model.merges[0] = 'ab'), /model\.merges\[0\] must be "a b" or \["a", "b"\], got "ab"$/],
    ['merges in two formats', (j) => void (j.model.merges[7] = ['t', 'h']), /model\.merges\[7\] must be "a b" like model\.merges\[0\], got \["t","h"\]/],
    ['a merge into a token outside the vocabulary', (j) => void (j.model.merges[3] = '<unk> <unk>'), /model\.merges\[3\] "<unk> <unk>" makes "<unk><unk>", which is not in model\.vocab/],
    // added tokens
    ['added_tokens that are no list', (j) => void (j.added_tokens = {}), /^tokenizer\.json: added_tokens must be a list, got an object$/],
    ['an added token without content', (j) => void delete j.added_tokens[1].content, /added_tokens\[1\]\.content must be a non-empty string, got nothing/],
    ['an added token with special null', (j) => void (j.added_tokens[1].special = null), /added_tokens\[1\]\.special must be true or false, got null/],
    ['an added token with a fractional id', (j) => void (j.added_tokens[1].id = 1.5), /added_tokens\[1\]\.id must be an id .*, got 1\.5/],
    ['an added token off its vocabulary id', (j) => void (j.added_tokens[2].id = 3), /added_tokens\[2\]\.id is 3, but "<\|end_story\|>" gets id 2 when Hugging Face tokenizers loads this file \(its id in model\.vocab\)/],
    ['a new added token past the next id', (j) => void j.added_tokens.push({ id: 2050, content: '<pad>', special: true }), /added_tokens\[3\]\.id is 2050, but "<pad>" gets id 2048 .*\(the next id after model\.vocab\)/],
    // pipeline
    ['an unknown normalizer', (j) => void (j.normalizer.normalizers[0].type = 'Nonsense'), /^tokenizer\.json: normalizer\.normalizers\[0\]\.type "Nonsense" is not a normalizer type @huggingface\/tokenizers knows \(BertNormalizer, /],
    ['Prepend without its text', (j) => void delete j.normalizer.normalizers[0].prepend, /normalizer\.normalizers\[0\]\.prepend must be a string, got nothing/],
    ['a garbled pattern', (j) => void (j.normalizer.normalizers[1].pattern = { Strin: ' ' }), /normalizer\.normalizers\[1\]\.pattern must be a pattern, \{"String": "\.\.\."\} or \{"Regex": "\.\.\."\} \(no repeated group whose repeats .*\), got an object/],
    ['Sequences nested too deep', (j) => void (j.normalizer = nested(40)), /normalizer(\.normalizers\[0\]){16} nests Sequences more than 16 deep/],
    ['an unknown pre-tokenizer', (j) => void (j.pre_tokenizer = { type: 'Nonsense' }), /pre_tokenizer\.type "Nonsense" is not a pre-tokenizer type/],
    ['a regular expression the library refuses', (j) => void (j.pre_tokenizer = { type: 'Split', pattern: { Regex: '(' }, behavior: 'Isolated' }), /^tokenizer\.json: the pre_tokenizer \(Split\) fails in @huggingface\/tokenizers: Invalid regular expression/],
    ['a decoder that is no object', (j) => void (j.decoder = 'Metaspace'), /^tokenizer\.json: decoder must be a decoder object, got "Metaspace"$/],
    ['a Strip decoder with a negative start', (j) => void (j.decoder.decoders[3].start = -1), /decoder\.decoders\[3\]\.start must be a non-negative integer, got -1/],
    ['a template naming an undeclared special token', (j) => void (j.post_processor.single[0].SpecialToken.id = '<s>'), /post_processor\.single\[0\] names the special token "<s>", which post_processor\.special_tokens lacks/],
    ['a template piece of neither kind', (j) => void (j.post_processor.single[1] = { Sequence: { id: 'C' } }), /post_processor\.single\[1\] must be \{"SpecialToken"/],
    ['template ids that disagree with the vocabulary', (j) => void (j.post_processor.special_tokens['<|start_story|>'].ids = [2]), /post_processor\.special_tokens\["<\|start_story\|>"\] gives "<\|start_story\|>" the id 2, but the vocabulary gives it 1/],
  ])('refuses %s', (_, edit, message) => {
    expectRefused(stories('tokenizer.json', edit), 'tokenizer.json', message);
  });

  it('refuses bytes that are not UTF-8', () => {
    const files = stories('tokenizer.json', () => undefined);
    files.set('tokenizer.json', Uint8Array.of(...utf8('{"model": {"type": "BPE", "vocab": {"'), 0xff, ...utf8('": 0}, "merges": []}}')));
    expectRefused(files, 'tokenizer.json', /^tokenizer\.json: not UTF-8 text$/);
  });

  it('refuses ids beyond the rows of the model, with the token named', () => {
    expectRefused(stories('tokenizer.json', () => undefined), 'tokenizer.json', /the token .+ has id 2047, but the model has only 1000 rows of embeddings: they do not belong together$/, { ...STORIES, vocabSize: 1000 });
    // The next id after the vocabulary is right for Hugging Face tokenizers, but this model has no row for it.
    const added = stories('tokenizer.json', (j) => void j.added_tokens.push({ id: 2048, content: '<pad>', special: true }));
    expectRefused(added, 'tokenizer.json', /the token "<pad>" has id 2048, but the model has only 2048 rows/);
    expect(tokenizerFromFiles(added, { ...STORIES, vocabSize: 2112 }).vocabSize).toBe(2049);
  });

  it('reads a file without model.type as BPE, like the library and Rust tokenizers', () => {
    const untyped = tokenizerFromFiles(stories('tokenizer.json', (j) => void delete j.model.type), STORIES);
    expect(untyped.encode('Once upon a time')).toEqual([1, 80, 147, 201, 282, 57]);
  });
});

describe('tokenizer_config.json and special_tokens_map.json', () => {
  it.each<[string, 'tokenizer_config.json' | 'special_tokens_map.json', (json: Json) => unknown, RegExp]>([
    ['config: not JSON', 'tokenizer_config.json', () => '{"bos_token": ', /^tokenizer_config\.json: not valid JSON/],
    ['config: an array', 'tokenizer_config.json', () => [], /^tokenizer_config\.json: the JSON is an array, not an object$/],
    ['config: bos_token a number', 'tokenizer_config.json', (j) => void (j.bos_token = 5), /^tokenizer_config\.json: bos_token must be a string or an object with a string "content", got 5$/],
    ['config: eos_token without content', 'tokenizer_config.json', (j) => void (j.eos_token = { content: 3 }), /eos_token must be a string or an object with a string "content", got an object/],
    ['config: add_bos_token a string', 'tokenizer_config.json', (j) => void (j.add_bos_token = 'yes'), /^tokenizer_config\.json: add_bos_token must be true or false, got "yes"$/],
    ['config: add_eos_token a number', 'tokenizer_config.json', (j) => void (j.add_eos_token = 1), /^tokenizer_config\.json: add_eos_token must be true or false, got 1$/],
    ['config: remove_space a number', 'tokenizer_config.json', (j) => void (j.remove_space = 1), /remove_space must be true or false, got 1/],
    ['config: additional tokens not a list', 'tokenizer_config.json', (j) => void (j.additional_special_tokens = '<x>'), /additional_special_tokens must be a list, got "<x>"/],
    ['config: a bos_token outside the vocabulary', 'tokenizer_config.json', (j) => void (j.bos_token = '<s>'), /^tokenizer_config\.json: bos_token "<s>" is not in the vocabulary of tokenizer\.json$/],
    ['map: an eos_token outside the vocabulary', 'special_tokens_map.json', (j) => void (j.eos_token.content = '</s>'), /^special_tokens_map\.json: eos_token "<\/s>" is not in the vocabulary of tokenizer\.json$/],
    ['map: an additional token outside the vocabulary', 'special_tokens_map.json', (j) => void (j.additional_special_tokens = ['<|im_start|>']), /additional_special_tokens\[0\] "<\|im_start\|>" is not in the vocabulary/],
    ['map: unk_token a number (pad_token null is none)', 'special_tokens_map.json', (j) => void ((j.pad_token = null), (j.unk_token = 7)), /^special_tokens_map\.json: unk_token must be a string/],
  ])('refuses %s', (_, file, edit, message) => {
    expectRefused(stories(file, edit), file, message);
  });

  it('refuses a special_tokens_map.json that is not UTF-8', () => {
    const files = stories('special_tokens_map.json', () => undefined);
    files.set('special_tokens_map.json', Uint8Array.of(0x7b, 0xc3, 0x7d));
    expectRefused(files, 'special_tokens_map.json', /^special_tokens_map\.json: not UTF-8 text$/);
  });

  it('refuses add_bos_token when no BOS token is named, as transformers does', () => {
    // TinyStories-656K says add_bos_token; here nothing names its BOS: no bos_token, no template, no model id.
    const files = (config: Json): Files => new Map([
      ['tokenizer.json', utf8(JSON.stringify({ ...(JSON.parse(TOKENIZER) as Json), post_processor: null }))],
      ['tokenizer_config.json', utf8(JSON.stringify(config))],
    ]);
    const { bos_token: bosToken, ...withoutBos } = JSON.parse(CONFIG) as Json;
    const noBosId = { vocabSize: 2048, eosTokenIds: [2] };
    expectRefused(files(withoutBos), 'tokenizer_config.json', /^tokenizer_config\.json: add_bos_token is true, but no BOS token is named to add: give bos_token .* or set add_bos_token to false$/, noBosId);
    expect(tokenizerFromFiles(files({ ...withoutBos, bos_token: bosToken }), noBosId).encode('Once')[0]).toBe(1);
    expect(tokenizerFromFiles(files(withoutBos), STORIES).encode('Once')[0]).toBe(1);
    expect(tokenizerFromFiles(files({ ...withoutBos, add_bos_token: false }), noBosId).encode('Once')[0]).not.toBe(1);
  });

  it('takes special_tokens_map.json over tokenizer_config.json, as transformers does', () => {
    const files = stories('special_tokens_map.json', (j) => void (j.bos_token = '<|end_story|>'));
    expect(tokenizerFromFiles(files, STORIES).encode('Once upon a time')).toEqual([2, 80, 147, 201, 282, 57]);
  });
});

describe('hand-written tokenizer.json of each model type', () => {
  const unigram = {
    model: { type: 'Unigram', unk_id: 0, vocab: [['<unk>', 0], ['▁', -1], ['▁he', -2], ['l', -2], ['o', -2], ['h', -3], ['e', -3]] },
    pre_tokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always' },
    decoder: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always' },
  };
  const wordPiece = {
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', vocab: { '[UNK]': 0, hello: 1, there: 2, '##s': 3 } },
    normalizer: { type: 'Lowercase' },
    pre_tokenizer: { type: 'Whitespace' },
    decoder: { type: 'WordPiece', prefix: '##' },
  };
  const bpe = { model: { type: 'BPE', vocab: { a: 0, b: 1, ab: 2, '<unk>': 3 }, merges: [['a', 'b']], unk_token: '<unk>' } };
  // GPT-2's first 256 tokens are its ByteLevel alphabet, one character per byte.
  const gpt2Vocab = (JSON.parse(readText('gpt2-tokenizer/tokenizer.json')) as Json).model.vocab as Record<string, number>;
  const gpt2Bytes = Object.fromEntries(Object.entries(gpt2Vocab).filter(([, id]) => id < 256));
  const byteLevel = {
    model: { type: 'BPE', vocab: gpt2Bytes, merges: [], unk_token: null },
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false },
    decoder: { type: 'ByteLevel' },
  };

  it('loads them and round-trips text in their vocabulary; BPE needs no unk_token when every byte has a token', () => {
    const u = fromTokenizerJson(unigram);
    expect(u.decode(u.encode('hello'))).toBe('hello');
    const w = fromTokenizerJson(wordPiece);
    expect(w.encode('Hello theres')).toEqual([1, 2, 3]);
    const b = fromTokenizerJson(bpe);
    expect(b.encode('abba')).toEqual([2, 1, 0]);
    expect(b.encode('abc')).toEqual([2, 3]);
    const bytes = fromTokenizerJson(byteLevel);
    expect(bytes.encode('hé!').length).toBe(4); // h, two bytes of é, !
    expect(bytes.decode(bytes.encode('hé!\u0000'))).toBe('hé!\u0000');
  });

  const edited = (spec: object, edit: (j: Json) => void): Json => {
    const copy = structuredClone(spec) as Json;
    edit(copy);
    return copy;
  };

  // A Replace after ByteLevel may write a character outside its alphabet: with no unk_token, spaces vanished.
  it('counts a ByteLevel alphabet as complete only where no Replace rewrites it afterwards', () => {
    const rewritten = edited(byteLevel, (j) => void (j.pre_tokenizer = { type: 'Sequence', pretokenizers: [j.pre_tokenizer, { type: 'Replace', pattern: { String: 'Ġ' }, content: '▁' }] }));
    expect(() => fromTokenizerJson(rewritten)).toThrow('tokenizer.json: model.unk_token is not set and not every byte has a token (no byte_fallback, and a Replace after the ByteLevel pre-tokenizer may write characters outside its byte alphabet): text outside the vocabulary would vanish');
    const before = edited(byteLevel, (j) => void (j.pre_tokenizer = { type: 'Sequence', pretokenizers: [{ type: 'Replace', pattern: { String: ' ' }, content: '_' }, j.pre_tokenizer] }));
    expect(fromTokenizerJson(before).encode('a b')).toHaveLength(3);
  });

  // A word's last character carries the suffix ("a</w>"): without that token and an unk_token, "a" vanished.
  it('with an end_of_word_suffix and no unk_token, needs every byte with the suffix too', () => {
    const suffixed = (vocab: Record<string, number>) => edited(byteLevel, (j) => void ((j.model.vocab = vocab), (j.model.end_of_word_suffix = '</w>')));
    expect(() => fromTokenizerJson(suffixed(gpt2Bytes))).toThrow(/^tokenizer\.json: model\.unk_token is not set and not every byte has a token \(the ByteLevel pre-tokenizer needs "Ā<\/w>", which model\.vocab lacks\): text outside the vocabulary would vanish$/);
    const ending = Object.fromEntries(Object.keys(gpt2Bytes).map((c, i) => [`${c}</w>`, 256 + i]));
    const whole = fromTokenizerJson(suffixed({ ...gpt2Bytes, ...ending }));
    expect(whole.encode('ab a').map((id) => id >= 256)).toEqual([false, true, false, true]); // a, b</w>, Ġ, a</w>: nothing lost
  });

  it('lets added tokens of a ByteLevel vocabulary hold any text: the decoder passes them through whole', () => {
    const euro = fromTokenizerJson(edited(byteLevel, (j) => void ((j.model.vocab['€'] = 256), (j.added_tokens = [{ id: 256, content: '€', special: false }]))));
    const a = gpt2Bytes.a!;
    expect(euro.encode('a€')).toEqual([a, 256]);
    expect(euro.decode([a, 256])).toBe('a€');
  });

  it.each<[string, Json, RegExp]>([
    ['Unigram: a score that is no number', edited(unigram, (j) => void (j.model.vocab[3] = ['l', 'x'])), /model\.vocab\[3\] must be \[piece, finite score\], got \["l","x"\]/],
    ['Unigram: an infinite score', JSON.parse(JSON.stringify(unigram).replace('["l",-2]', '["l",1e999]')), /model\.vocab\[3\] must be \[piece, finite score\], got \["l",null\]/],
    ['Unigram: a piece twice', edited(unigram, (j) => void (j.model.vocab[4] = ['l', -2])), /model\.vocab\[4\] repeats the piece "l" of model\.vocab\[3\]/],
    ['Unigram: unk_id past the vocabulary', edited(unigram, (j) => void (j.model.unk_id = 7)), /^tokenizer\.json: model\.unk_id 7 is not an id of the 7-piece vocabulary$/],
    ['Unigram: no unk_id', edited(unigram, (j) => void delete j.model.unk_id), /model\.unk_id must be a non-negative integer, got nothing/],
    ['Unigram: an object vocabulary', edited(unigram, (j) => void (j.model.vocab = { a: 0 })), /model\.vocab must be a non-empty list of \[piece, score\] \(Unigram\), got an object/],
    ['WordPiece: no unk_token', edited(wordPiece, (j) => void delete j.model.unk_token), /model\.unk_token must be a string, got nothing/],
    ['WordPiece: an unk_token outside the vocabulary', edited(wordPiece, (j) => void (j.model.unk_token = '<unk>')), /model\.unk_token "<unk>" is not in model\.vocab/],
    ['WordPiece: no continuing_subword_prefix', edited(wordPiece, (j) => void delete j.model.continuing_subword_prefix), /model\.continuing_subword_prefix must be a string/],
    ['WordPiece: an array vocabulary', edited(wordPiece, (j) => void (j.model.vocab = ['[UNK]'])), /model\.vocab must be an object of token -> id \(WordPiece\), got an array/],
    ['BPE: a ByteLevel alphabet short of a byte', edited(byteLevel, (j) => void ((j.model.vocab.zz = j.model.vocab['Ā']), delete j.model.vocab['Ā'])), /model\.unk_token is not set .*\(the ByteLevel pre-tokenizer needs "Ā", which model\.vocab lacks\)/],
    ['BPE: ByteLevel tokens outside the byte alphabet', edited(byteLevel, (j) => void ((j.model.vocab['€'] = 256), (j.model.vocab['a€'] = 257))), /^tokenizer\.json: model\.vocab\["€"\] holds character "€" \(U\+20AC\), outside GPT-2's byte alphabet: the ByteLevel decoder cannot turn it back into text \(one of 2 such tokens in model\.vocab; only added_tokens may hold other characters\)$/],
    ['BPE: an empty vocabulary', edited(bpe, (j) => void ((j.model.vocab = {}), (j.model.merges = []), delete j.model.unk_token)), /^tokenizer\.json: model\.vocab is empty$/],
  ])('refuses %s', (_, spec, message) => {
    expect(() => fromTokenizerJson(spec)).toThrow(TokenizerFormatError);
    expect(() => fromTokenizerJson(spec)).toThrow(message);
  });
});

describe('llama2.c tokenizer.bin', () => {
  /** Byte offset where token `i` of tok512.bin starts. */
  const offsetOf = (i: number): number => {
    const view = new DataView(TOK512.buffer, TOK512.byteOffset);
    let at = 4;
    for (let k = 0; k < i; k++) at += 8 + view.getInt32(at + 4, true);
    return at;
  };
  const withEdit = (edit: (view: DataView, bytes: Uint8Array) => Uint8Array | void): Files => {
    const bytes = TOK512.slice();
    return new Map([['tok512.bin', edit(new DataView(bytes.buffer), bytes) ?? bytes]]);
  };
  const LLAMA2C = { vocabSize: 512 };
  const SPACE = 410; // tok512.bin's " "

  it.each<[string, (view: DataView, bytes: Uint8Array) => Uint8Array | void, RegExp]>([
    ['an empty file', () => new Uint8Array(0), /4-byte header/],
    ['max_token_length 0', (v) => v.setInt32(0, 0, true), /max_token_length 0 is not in 1\.\.4096/],
    ['a cut inside token 300', (_, b) => b.slice(0, offsetOf(300) + 10), /truncated inside token 300 /],
    ['a cut in the header of token 300', (_, b) => b.slice(0, offsetOf(300) + 3), /truncated in the header of token 300 /],
    ['a NaN score', (v) => v.setFloat32(offsetOf(5), NaN, true), /token 5 has score NaN/],
    ['an infinite score', (v) => v.setFloat32(offsetOf(400), -Infinity, true), /token 400 has score -Infinity/],
    ['a negative length', (v) => v.setInt32(offsetOf(7) + 4, -1, true), /token 7 has length -1, not in 1\.\.7/],
    ['a length past max_token_length', (v) => v.setInt32(offsetOf(7) + 4, 8, true), /token 7 has length 8, not in 1\.\.7/],
    ['trailing bytes', (_, b) => Uint8Array.of(...b, 1, 2, 3), /for this model: 3 bytes follow token 511, the last of the model's 512$/],
    ['a token too many', (_, b) => Uint8Array.of(...b, 0, 0, 0, 0, 1, 0, 0, 0, 0x61), /for this model: it holds 513 tokens, but the model's vocabulary has 512/],
    ['no " " token for the dummy prefix', (_, b) => void (b[offsetOf(SPACE) + 8] = 0x01), /not a llama2\.c tokenizer\.bin: no token is " ", the dummy prefix run\.c puts before every text$/],
    ['a byte token out of place', (_, b) => void (b[offsetOf(3 + 0x41) + 8 + 4] = 0x30), /token 68 is "<0x40>", expected the byte token <0x41>/],
  ])('refuses %s', (_, edit, message) => {
    expectRefused(withEdit(edit), 'tok512.bin', message, LLAMA2C);
  });

  it("refuses a tokenizer of another model's size", () => {
    expectRefused(withEdit(() => undefined), 'tok512.bin', /for this model: it holds 512 tokens, but the model's vocabulary has 600/, { vocabSize: 600 });
  });
});

describe('random damage', () => {
  /** Loads, or refuses with a TokenizerFormatError naming the file: nothing else. */
  const loadsOrRefuses = (files: Files, file: string, hints: ModelTokenHints): void => {
    try {
      tokenizerFromFiles(files, hints);
    } catch (e) {
      expect(e).toBeInstanceOf(TokenizerFormatError);
      expect((e as Error).message.startsWith(`${file}: `), (e as Error).message).toBe(true);
      expect((e as Error).message).not.toMatch(INTERNAL);
    }
  };
  const damage = (bytes: Uint8Array, at: number, value: number, cut: boolean): Uint8Array => {
    const out = bytes.slice(0, cut ? at : bytes.length);
    if (!cut) out[at] = value;
    return out;
  };
  const edit = (length: number) => fc.tuple(fc.nat({ max: length - 1 }), fc.nat({ max: 255 }), fc.boolean());

  it('tok512.bin: any byte changed or any cut loads or is refused by name', () => {
    fc.assert(
      fc.property(edit(TOK512.length), ([at, value, cut]) => {
        loadsOrRefuses(new Map([['tok512.bin', damage(TOK512, at, value, cut)]]), 'tok512.bin', { vocabSize: 512 });
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('tokenizer.json and tokenizer_config.json: any byte changed or any cut loads or is refused by name', () => {
    const files = stories('tokenizer.json', () => undefined);
    for (const file of ['tokenizer.json', 'tokenizer_config.json']) {
      const bytes = files.get(file)!;
      fc.assert(
        fc.property(edit(bytes.length), ([at, value, cut]) => {
          loadsOrRefuses(new Map([...files, [file, damage(bytes, at, value, cut)]]), file, STORIES);
        }),
        { numRuns: 60, seed: 7 },
      );
    }
  });
});
