// Incremental detokenization: the text each new id completes, never half a UTF-8 character.
// Two strategies: raw token bytes through a streaming TextDecoder, and a sliding decode window
// for tokenizers that only expose decode(ids). Tests: tests/tokenizer/stream.test.ts.

import type { StreamDecoder } from './types.js';

/** `pieceBytes(prev, id)`: the raw bytes of `id` after `prev` (undefined at the start). */
export function byteStreamDecoder(
  pieceBytes: (prev: number | undefined, id: number) => Uint8Array,
  context: number[] = [],
): StreamDecoder {
  // ignoreBOM keeps a leading EF BB BF as text, as a one-shot decode of the same bytes does.
  let utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
  let prev: number | undefined = context[context.length - 1];
  return {
    push(id) {
      const text = utf8.decode(pieceBytes(prev, id), { stream: true });
      prev = id;
      return text;
    },
    flush() {
      const text = utf8.decode();
      utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
      prev = undefined;
      return text;
    },
  };
}

// Text that ends in U+FFFD may end in a character whose last bytes are still to come: it is held
// until an id ends the text otherwise, or the stream is flushed. The token of U+FFFD itself (a
// character vocabulary's unknown, byte-level BPE's "�") ends it for sure and goes out at once; an
// invalid byte looks the same and is held, which only delays it (counting pushes instead let a run
// of them push out half a character, and then cut the next piece in the wrong place). Past
// MAX_PENDING held ids, a model writing nothing but invalid bytes, the text goes out as it is,
// and the window starts afresh: kept, a character the held bytes later complete would print twice
// (as U+FFFD, then itself); dropped, the next piece decodes without its left context (a
// SentencePiece space may go), the lesser harm in output that is already broken.
const MAX_PENDING = 64;
// Prompt ids kept as the window's start: enough for any merge or strip at a boundary.
const CONTEXT_WINDOW = 4;
// How far back the window's start may reach for a prompt id that decodes to text.
const CONTEXT_REACH = 64;

/**
 * The prompt's last CONTEXT_WINDOW ids, reaching back to the last one that decodes to text: ids
 * that decode to nothing (a chat turn's special tokens) would leave the window textless, and a
 * SentencePiece decoder would strip the first piece's space as at the start of a text.
 */
function contextWindow(decode: (ids: number[]) => string, context: number[]): number[] {
  let start = Math.max(0, context.length - CONTEXT_WINDOW);
  const floor = Math.max(0, context.length - CONTEXT_REACH);
  for (let i = context.length - 1; i >= floor; i--) {
    if (decode([context[i]!]) !== '') {
      start = Math.min(start, i);
      break;
    }
  }
  return context.slice(start);
}

/**
 * Decodes a window of the last few ids and emits what grew past the previous window, the
 * approach of HF text-generation-inference: decoders that strip or merge at the start of a
 * sequence (SentencePiece's leading space) see the same start in both decodes. `replacement`:
 * the ids that stand for U+FFFD itself, whole.
 */
export function windowStreamDecoder(decode: (ids: number[]) => string, context: number[] = [], replacement: ReadonlySet<number> = new Set()): StreamDecoder {
  let recent: number[] = contextWindow(decode, context); // ids of the last emitted piece, then the pending ones
  let read = recent.length; // recent[0..read) is already emitted
  const emit = (force: boolean): string => {
    const before = decode(recent.slice(0, read));
    const text = decode(recent);
    const pending = recent.length - read;
    const unsure = text.endsWith('\uFFFD') && !replacement.has(recent[recent.length - 1]!);
    if (!force && pending <= MAX_PENDING && (text.length <= before.length || unsure)) return '';
    // `before` never ends in a held U+FFFD, so it is the start of `text`, unless the window
    // began with a prompt that ends mid-character: then what follows their common start goes out.
    const piece = text.slice(sharedStart(before, text));
    recent = unsure ? [] : recent.slice(read);
    read = recent.length;
    return piece;
  };
  return {
    push(id) {
      recent.push(id);
      return emit(false);
    },
    flush() {
      const text = emit(true);
      recent = [];
      read = 0;
      return text;
    },
  };
}

/** The length of the start `a` and `b` share, never ending between the halves of a surrogate pair. */
function sharedStart(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  const code = n > 0 && n < b.length ? b.charCodeAt(n - 1) : 0;
  return code >= 0xd800 && code <= 0xdbff ? n - 1 : n;
}
