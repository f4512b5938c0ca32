// Why strict UTF-8 decoding (TextDecoder with fatal: true) failed, in words for the file's error:
// invalid bytes, or text past the longest string JavaScript can hold (V8's 2^29 - 24 characters),
// which a damaged length or a huge file reaches with perfectly valid bytes.

/** "not UTF-8 text" or "too large to read as text (...)", from what decode() threw on `byteLength` bytes. */
export function utf8Failure(error: unknown, byteLength: number): string {
  if (error instanceof TypeError) return 'not UTF-8 text';
  return `too large to read as text (${byteLength.toLocaleString('en-US')} bytes; a JavaScript string holds at most about 512 MiB)`;
}
