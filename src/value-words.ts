// A value in words for an error that names what was found: "an array", "a Float32Array", "an object", "nothing" (absent),
// a string quoted (so "10" does not read as the number 10), anything else as String() writes it. Shared
// by the loaders, the tokenizers, the kernels' variant checks and the API's option checks.

/** A found value in a message: an array, an object, a function, null, nothing (absent), -1, "text" (long strings cut). */
export function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value !== null) { // typed arrays too: "a Float32Array", not "an object"
    const kind = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
    return typeof kind === 'string' && kind !== '' && kind !== 'Object' ? withArticle(kind) : 'an object'; // "an AbortController" where a signal was meant
  }
  if (typeof value === 'function') return 'a function'; // not its source
  if (typeof value === 'string') return show(value);
  return value === undefined ? 'nothing' : String(value);
}

/** A value in full, as short JSON: tokens, and entries of lists where "an array" says too little. */
export function show(value: unknown): string {
  if (typeof value === 'number') return String(value); // JSON writes NaN and the infinities as null
  if (ArrayBuffer.isView(value)) return describe(value); // JSON writes a typed array as an object of indices
  let json: string;
  try {
    json = JSON.stringify(value) ?? String(value);
  } catch {
    return describe(value); // nested too deep to print
  }
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

/**
 * A number the GPU takes as a float32, in a refusal: " (0 as a float32)" where `inRange` takes the
 * value but not its float32 (1e-50 is 0, 1e39 Infinity, 0.9999999999 is 1), so that float32 is
 * why; else nothing: "-0.001 (-0.0010000000474974513 as a float32)" only hid the sign.
 */
export function float32Note(value: unknown, inRange: (x: number) => boolean): string {
  if (typeof value !== 'number') return '';
  const stored = Math.fround(value);
  return inRange(value) && !inRange(stored) ? ` (${stored} as a float32)` : '';
}

/**
 * A class name with its article: "an Int32Array", "a Uint8Array" (read "you-int"), "an
 * AbortController", and "an HTMLElement" (an initialism is read letter by letter).
 */
function withArticle(name: string): string {
  return `${/^[AEIO]|^[FHLMNRSX][A-Z]/.test(name) ? 'an' : 'a'} ${name}`;
}
