// Tiny tokenizers for the fuzz suite's models: a SentencePiece-style BPE tokenizer.json (Llama), a
// byte-level BPE tokenizer.json (GPT-2), their tokenizer_config.json, and a llama2.c tokenizer.bin.
// Each is well-formed and self-consistent (every merge's parts and result are in the vocabulary).

export interface JsonTokenizer {
  /** tokenizer.json as an object (the builders serialise it). */
  json: Record<string, unknown>;
  config: Record<string, unknown>;
  vocabSize: number;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz'.split('');

/** Builds vocab + merges from base symbols and merge pairs, each merge adding its result. */
function bpe(base: string[], pairs: [string, string][]): { vocab: Record<string, number>; merges: [string, string][] } {
  const vocab: Record<string, number> = {};
  for (const s of base) vocab[s] = Object.keys(vocab).length;
  for (const [a, b] of pairs) {
    if (!(a in vocab) || !(b in vocab)) throw new Error(`tokenizer builder: merge ${a} ${b} uses a missing part`);
    vocab[a + b] = Object.keys(vocab).length;
  }
  return { vocab, merges: pairs };
}

const addedToken = (id: number, content: string) =>
  ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });

/** Llama style: ▁ for spaces, <unk> for unknown characters, <s> added by a TemplateProcessing post-processor. */
export function llamaTokenizer(): JsonTokenizer {
  const specials = ['<unk>', '<s>', '</s>'];
  const { vocab, merges } = bpe([...specials, '▁', ...LETTERS, '.', ','], [
    ['▁', 't'], ['h', 'e'], ['▁t', 'he'], ['▁', 'a'], ['i', 'n'], ['a', 'n'], ['▁', 's'], ['a', 't'],
    ['o', 'n'], ['e', 'r'], ['▁', 'c'], ['▁c', 'at'], ['▁s', 'at'], ['▁', 'o'], ['▁o', 'n'],
  ]);
  const json = {
    version: '1.0', truncation: null, padding: null,
    added_tokens: specials.map((s, i) => addedToken(i, s)),
    normalizer: { type: 'Sequence', normalizers: [{ type: 'Prepend', prepend: '▁' }, { type: 'Replace', pattern: { String: ' ' }, content: '▁' }] },
    pre_tokenizer: null,
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
      pair: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }],
      special_tokens: { '<s>': { id: '<s>', ids: [1], tokens: ['<s>'] } },
    },
    decoder: {
      type: 'Sequence',
      decoders: [{ type: 'Replace', pattern: { String: '▁' }, content: ' ' }, { type: 'ByteFallback' }, { type: 'Fuse' },
        { type: 'Strip', content: ' ', start: 1, stop: 0 }],
    },
    // Old merges format ("a b" strings); the GPT-2 tokenizer uses the newer [a, b] pairs.
    model: {
      type: 'BPE', dropout: null, unk_token: '<unk>', continuing_subword_prefix: null, end_of_word_suffix: null,
      fuse_unk: true, byte_fallback: false, ignore_merges: false, vocab, merges: merges.map(([a, b]) => `${a} ${b}`),
    },
  };
  const config = {
    add_bos_token: true, add_eos_token: false, bos_token: '<s>', eos_token: '</s>', unk_token: '<unk>', pad_token: '<unk>',
    clean_up_tokenization_spaces: false, legacy: false, model_max_length: 32, tokenizer_class: 'LlamaTokenizer',
    chat_template: "{% for m in messages %}{{ m['role'] }}: {{ m['content'] }}\n{% endfor %}",
  };
  return { json, config, vocabSize: Object.keys(vocab).length };
}

/** GPT-2's byte-to-character table (bytes_to_unicode): printable bytes map to themselves. */
function byteChars(): string[] {
  const printable = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  const order: number[] = [];
  const chars: string[] = [];
  let extra = 0;
  for (let b = 0; b < 256; b++) if (printable(b)) order.push(b);
  for (const b of order) chars[b] = String.fromCharCode(b);
  for (let b = 0; b < 256; b++) if (!printable(b)) { order.push(b); chars[b] = String.fromCharCode(256 + extra++); }
  return order.map((b) => chars[b]!);
}

/** GPT-2 style: byte-level pre-tokenizer and decoder, no unk, <|endoftext|> as the last id. */
export function gpt2Tokenizer(): JsonTokenizer {
  const { vocab, merges } = bpe(byteChars(), [
    ['Ġ', 't'], ['h', 'e'], ['Ġt', 'he'], ['Ġ', 'a'], ['i', 'n'], ['a', 't'], ['o', 'n'], ['Ġ', 'c'], ['Ġc', 'at'],
    ['Ġ', 's'], ['Ġs', 'at'],
  ]);
  const eot = Object.keys(vocab).length;
  vocab['<|endoftext|>'] = eot;
  const json = {
    version: '1.0', truncation: null, padding: null,
    added_tokens: [{ ...addedToken(eot, '<|endoftext|>'), normalized: true }],
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: false, use_regex: true },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: '', end_of_word_suffix: '',
      fuse_unk: false, byte_fallback: false, ignore_merges: false, vocab, merges,
    },
  };
  const config = {
    add_bos_token: false, add_prefix_space: false, bos_token: '<|endoftext|>', eos_token: '<|endoftext|>',
    unk_token: '<|endoftext|>', model_max_length: 16, tokenizer_class: 'GPT2Tokenizer', clean_up_tokenization_spaces: false,
  };
  return { json, config, vocabSize: eot + 1 };
}

export interface Llama2cTokenizer {
  bytes: Uint8Array;
  vocabSize: number;
  /** Byte offset of each token's record (score f32, len i32, bytes) in the file. */
  records: { at: number; length: number }[];
  maxTokenLength: number;
}

/** llama2.c tokenizer.bin: <unk>, <s>, </s>, the 256 byte tokens, then pieces; merges score higher when earlier. */
export function llama2cTokenizer(): Llama2cTokenizer {
  const bytes = Array.from({ length: 256 }, (_, b) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
  const merges = [' t', 'he', ' the', ' a', 'in', 'at', ' c', ' cat', ' s', ' sat'];
  const pieces = ['<unk>', '\n<s>\n', '\n</s>\n', ...bytes, ' ', ...LETTERS, '.', ...merges];
  const scores = pieces.map((p, i) => (merges.includes(p) ? -1 - merges.indexOf(p) : i < 259 ? 0 : -1000 - i));
  const maxTokenLength = Math.max(...pieces.map((p) => p.length));
  const size = 4 + pieces.reduce((n, p) => n + 8 + p.length, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setInt32(0, maxTokenLength, true);
  const records: { at: number; length: number }[] = [];
  let at = 4;
  pieces.forEach((p, i) => {
    records.push({ at, length: p.length });
    view.setFloat32(at, scores[i]!, true);
    view.setInt32(at + 4, p.length, true);
    for (let k = 0; k < p.length; k++) out[at + 8 + k] = p.charCodeAt(k);
    at += 8 + p.length;
  });
  return { bytes: out, vocabSize: pieces.length, records, maxTokenLength };
}
