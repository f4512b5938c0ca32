// A value in words for an error that names what was found: "an array", "a Float32Array", "an object", "nothing" (absent),
// a string quoted (so "10" does not read as the number 10), anything else as String() writes it. Shared
// by the loaders, the tokenizers, the kernels' variant checks and the API's option checks.

/** A found value in a message: an array, an object, null, nothing (absent), -1, "text" (long strings cut). */
export function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`; // "a Float32Array", not "an object"
  if (typeof value === 'object' && value !== null) return 'an object';
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
 * A number the GPU takes as a float32, in a message: " (0 as a float32)" where it becomes zero or
 * infinite there (1e-50, 1e39), else nothing: "-0.001 (-0.0010000000474974513 as a float32)" only
 * hid what was wrong, the sign.
 */
export function float32Note(value: number): string {
  const stored = Math.fround(value);
  const changesKind = (stored === 0 && value !== 0) || (!Number.isFinite(stored) && Number.isFinite(value));
  return changesKind ? ` (${stored} as a float32)` : '';
}
