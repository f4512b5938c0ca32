// The one interface every tokenizer implements (HF tokenizer.json, llama2.c tokenizer.bin,
// character alphabets); the error for files that are not tokenizers is in src/errors.ts.
// No loading here (index.ts); tests: tests/tokenizer/.

export interface StreamDecoder {
  /** Returns the text completed by this id; bytes of a partial UTF-8 character are held back. */
  push(id: number): string;
  /** Returns whatever is still held (a trailing partial character becomes U+FFFD) and resets. */
  flush(): string;
}

export interface Tokenizer {
  readonly vocabSize: number;
  readonly bosId?: number;
  readonly eosIds: number[];
  /**
   * The text of each end-of-sequence token ("<|end_story|>"). A model may spell it out of ordinary
   * tokens ("<|", "end", "_story", "|>") right before the token itself: that text is dropped with
   * it. Spelled out anywhere else (a Llama writing the HTML "</s>"), it is printed like any text.
   */
  readonly eosTexts: string[];
  /** `bos` defaults to the format's own habit (a BOS-adding post-processor, llama2.c's run.c). */
  encode(text: string, opts?: { bos?: boolean }): number[];
  /** BOS/EOS and other special tokens decode to nothing. */
  decode(ids: number[]): string;
  /**
   * A special token's written form ("<|endoftext|>", "</s>"), which decode() drops; undefined for
   * other ids. For the places that show tokens one at a time (tokenPiece).
   */
  specialText?(id: number): string | undefined;
  /**
   * The bytes a token stands for, where the format keeps tokens as bytes (byte fallback's <0xE2>,
   * byte-level BPE, llama2.c pieces); undefined where it does not. For tokenPiece, which writes the
   * bytes of a token that is part of a character (they decode alone to U+FFFD) as <0xE2>.
   */
  tokenBytes?(id: number): Uint8Array | undefined;
  /**
   * At most the number of ids encode(text) gives (BOS aside), counted without encoding, where the
   * format has such a bound: a prompt far longer than the context is refused without a whole encode.
   */
  fewestTokens?(text: string): number;
  /**
   * `context`: ids already shown before the stream (the prompt), so the first pieces decode as a
   * continuation (SentencePiece's leading space kept after text, dropped after BOS).
   * Streaming: feed one id at a time; returns the text that is now complete (never a broken UTF-8 character; bytes of a partial character are held until it completes). */
  createStreamDecoder(context?: number[]): StreamDecoder;
  /**
   * Where this tokenizer does not do what its files ask, or had to assume what they leave out (a
   * GGUF file naming no pre-tokenizer, an EOS its files append to every text): model.info().tokenizerNotes.
   */
  readonly notes?: readonly string[];
}

export { TokenizerFormatError } from '../errors.js';

/** Throws a RangeError naming the id, so a bad sample is not silently decoded as garbage. */
export function checkId(id: number, vocabSize: number): void {
  if (!Number.isInteger(id) || id < 0 || id >= vocabSize) {
    throw new RangeError(`token id ${id} is outside the vocabulary 0..${vocabSize - 1}`);
  }
}
