// The llama2.c tokenizer.bin format and llama2.c's own encode()/decode() (run.c), byte for byte:
// dummy prefix space, greedy best-score merges, byte fallback <0xXX> at ids 3+byte, BOS=1, EOS=2.
// Not SentencePiece's unigram model or its normalisation. Tests: tests/tokenizer/llama2c.test.ts.

import { mergeByScore, type MergeTable } from './score-merges.js';
import { byteStreamDecoder } from './stream.js';
import { checkId, type Tokenizer, TokenizerFormatError } from './types.js';

export const LLAMA2C_BOS = 1;
export const LLAMA2C_EOS = 2;
const BYTE_BASE = 3; // <0x00> is id 3, <0xFF> id 258
const MAX_TOKEN_LENGTH = 4096; // far above any real vocabulary; garbage headers land beyond it
const NO_MERGE = -1e10; // run.c's starting best_score: a merge scoring no higher never happens

export interface Llama2cVocab {
  maxTokenLength: number;
  pieces: Uint8Array[]; // (V) raw bytes of each token
  scores: Float32Array; // (V) merge priority, higher first
}

/**
 * Parses tokenizer.bin: int32 max_token_length, then per token float32 score, int32 len, bytes, to the
 * last byte. The file does not store V; run.c reads the model's vocab_size tokens and ignores the rest,
 * but a file with more or fewer tokens than `vocabSize` (when given) belongs to another model.
 */
export function parseLlama2cVocab(bytes: Uint8Array, vocabSize?: number): Llama2cVocab {
  const fail = (why: string): never => {
    throw new TokenizerFormatError(`not a llama2.c tokenizer.bin: ${why}`);
  };
  const otherModel = (why: string): never => {
    throw new TokenizerFormatError(`not a llama2.c tokenizer.bin for this model: ${why}`);
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 4) fail(`${bytes.length} bytes is shorter than the 4-byte header`);
  const maxTokenLength = view.getInt32(0, true);
  if (maxTokenLength < 1 || maxTokenLength > MAX_TOKEN_LENGTH) {
    fail(`max_token_length ${maxTokenLength} is not in 1..${MAX_TOKEN_LENGTH}`);
  }
  const pieces: Uint8Array[] = [];
  const scores: number[] = [];
  let at = 4;
  let modelEnd: number | undefined; // where the model's last token ends
  // Past the model's tokens, what does not parse is trailing bytes, not a broken token.
  const broken = (why: string): never =>
    modelEnd === undefined ? fail(why) : otherModel(`${bytes.length - modelEnd} bytes follow token ${vocabSize! - 1}, the last of the model's ${vocabSize}`);
  while (at < bytes.length) {
    const i = pieces.length;
    if (at + 8 > bytes.length) broken(`truncated in the header of token ${i} (byte ${at} of ${bytes.length})`);
    const score = view.getFloat32(at, true);
    const len = view.getInt32(at + 4, true);
    if (!Number.isFinite(score)) broken(`token ${i} has score ${score}`);
    if (len < 1 || len > maxTokenLength) broken(`token ${i} has length ${len}, not in 1..${maxTokenLength}`);
    if (at + 8 + len > bytes.length) broken(`truncated inside token ${i} (byte ${at} of ${bytes.length})`);
    pieces.push(bytes.slice(at + 8, at + 8 + len));
    scores.push(score);
    at += 8 + len;
    if (pieces.length === vocabSize) modelEnd = at;
  }
  if (vocabSize !== undefined && pieces.length !== vocabSize) {
    otherModel(`it holds ${pieces.length} tokens, but the model's vocabulary has ${vocabSize}: they do not belong together`);
  }
  checkBytePieces(pieces, fail);
  checkSpacePiece(pieces, fail);
  return { maxTokenLength, pieces, scores: Float32Array.from(scores) };
}

// encode() falls back to id 3+byte for characters missing from the vocabulary.
function checkBytePieces(pieces: Uint8Array[], fail: (why: string) => never): void {
  if (pieces.length < BYTE_BASE + 256) fail(`${pieces.length} tokens, fewer than the 259 of <unk>, <s>, </s> and 256 bytes`);
  for (let b = 0; b < 256; b++) {
    const want = `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`;
    const got = latin1(pieces[BYTE_BASE + b]!);
    if (got !== want) fail(`token ${BYTE_BASE + b} is ${JSON.stringify(got)}, expected the byte token ${want}`);
  }
}

// encode() starts every non-empty text with the " " piece (SentencePiece's dummy prefix).
function checkSpacePiece(pieces: Uint8Array[], fail: (why: string) => never): void {
  if (!pieces.some((piece) => piece.length === 1 && piece[0] === 0x20)) {
    fail('no token is " ", the dummy prefix run.c puts before every text');
  }
}

/** Byte strings as JS strings (one char per byte) so Map lookups compare bytes, like strcmp. */
function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

export function fromLlama2cBin(bytes: Uint8Array, vocabSize?: number): Tokenizer {
  const vocab = parseLlama2cVocab(bytes, vocabSize);
  const V = vocab.pieces.length;
  const keys = vocab.pieces.map(latin1);
  const lookup = new Map<string, number>();
  // Duplicate pieces: the first id wins (run.c's bsearch may return either).
  keys.forEach((key, id) => lookup.has(key) || lookup.set(key, id));
  // run.c starts its search for the best merge at NO_MERGE: a piece scoring no higher is never made.
  const merges = new Map([...lookup].filter(([, id]) => vocab.scores[id]! > NO_MERGE));
  const table: MergeTable = { keys, merges, scores: vocab.scores };
  const decodeBytes = decodedPieces(keys);
  const pieceBytes = (prev: number | undefined, id: number): Uint8Array => {
    checkId(id, V);
    const piece = decodeBytes[id]!;
    // run.c: the SentencePiece dummy prefix space is dropped from the token after BOS, looked
    // for in the piece as written: a byte token's "<0x20>" keeps its space.
    return prev === LLAMA2C_BOS && keys[id]![0] === ' ' ? piece.subarray(1) : piece;
  };
  return {
    vocabSize: V,
    bosId: LLAMA2C_BOS,
    eosIds: [LLAMA2C_EOS],
    eosTexts: [], // its EOS piece ("\n</s>\n") is the export's marker, not text a model writes
    encode: (text, opts = {}) => encode(text, opts.bos ?? true, lookup, table),
    decode(ids) {
      const stream = byteStreamDecoder(pieceBytes);
      return ids.map((id) => stream.push(id)).join('') + stream.flush();
    },
    createStreamDecoder: (context) => byteStreamDecoder(pieceBytes, context),
    specialText: (id) => (id <= LLAMA2C_EOS && id >= 0 ? keys[id]!.trim() : undefined), // "\n</s>\n" reads "</s>"
    tokenBytes: (id) => (Number.isInteger(id) && id >= 0 && id < V ? decodeBytes[id]!.slice() : undefined),
  };
}

/** What each id prints: raw bytes, one byte for <0xXX>, nothing for <unk>, BOS and EOS. */
function decodedPieces(keys: string[]): Uint8Array[] {
  return keys.map((key, id) => {
    if (id <= LLAMA2C_EOS) return new Uint8Array(0);
    const byte = /^<0x([0-9A-Fa-f]{2})>$/.exec(key);
    return byte ? Uint8Array.of(parseInt(byte[1]!, 16)) : Uint8Array.from(key, (c) => c.charCodeAt(0));
  });
}

/** run.c encode(text, bos, eos=0): `lookup` finds every piece, `table` only those a merge may make. */
function encode(text: string, bos: boolean, lookup: ReadonlyMap<string, number>, table: MergeTable): number[] {
  const tokens: number[] = [];
  if (text.length > 0) tokens.push(lookup.get(' ')!); // parseLlama2cVocab checked the piece is there
  // One token per UTF-8 character when the vocabulary has it, else one byte token per byte.
  const utf8 = new TextEncoder().encode(text);
  for (let start = 0; start < utf8.length; ) {
    let end = start + 1;
    while (end < utf8.length && (utf8[end]! & 0xc0) === 0x80 && end - start < 4) end++;
    const id = lookup.get(latin1(utf8.subarray(start, end)));
    if (id !== undefined) tokens.push(id);
    else for (let i = start; i < end; i++) tokens.push(utf8[i]! + BYTE_BASE);
    start = end;
  }
  const merged = mergeByScore(tokens, table);
  return bos ? [LLAMA2C_BOS, ...merged] : merged;
}
