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

// A partial character spans at most 3 bytes, hence at most 3 tokens; a 4th push that still
// ends in U+FFFD means the bytes are really invalid, and holding them longer would stall output.
const MAX_HELD = 3;
// Prompt ids kept as the window's start: enough for any merge or strip at a boundary.
const CONTEXT_WINDOW = 4;

/**
 * Decodes a window of the last few ids and emits what grew past the previous window, the
 * approach of HF text-generation-inference: decoders that strip or merge at the start of a
 * sequence (SentencePiece's leading space) see the same start in both decodes.
 */
export function windowStreamDecoder(decode: (ids: number[]) => string, context: number[] = []): StreamDecoder {
  let recent: number[] = context.slice(-CONTEXT_WINDOW); // ids of the last emitted piece, then the pending ones
  let read = recent.length; // recent[0..read) is already emitted
  let held = 0; // consecutive pushes whose text ended in U+FFFD
  const emit = (): string => {
    const before = decode(recent.slice(0, read));
    const text = decode(recent);
    if (text.length <= before.length) return '';
    if (text.endsWith('\uFFFD') && ++held <= MAX_HELD) return '';
    held = 0;
    recent = recent.slice(read);
    read = recent.length;
    return text.slice(before.length);
  };
  return {
    push(id) {
      recent.push(id);
      return emit();
    },
    flush() {
      held = MAX_HELD;
      const text = emit();
      recent = [];
      read = held = 0;
      return text;
    },
  };
}
