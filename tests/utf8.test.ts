// How a failed strict UTF-8 decode is put in words: invalid bytes, or text past the longest
// JavaScript string (checked here on the error V8 throws, not a 512 MiB file).

import { describe, expect, it } from 'vitest';
import { utf8Failure } from '../src/utf8.js';

describe('utf8Failure', () => {
  it('says invalid bytes are not UTF-8, and a string past the engine limit is too large, with its size', () => {
    let invalid: unknown;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.of(0x61, 0xff));
    } catch (e) {
      invalid = e;
    }
    expect(utf8Failure(invalid, 2)).toBe('not UTF-8 text');
    expect(utf8Failure(new Error('Cannot create a string longer than 0x1fffffe8 characters'), 629145600)).toBe(
      'too large to read as text (629,145,600 bytes; a JavaScript string holds at most about 512 MiB)',
    );
  });
});
