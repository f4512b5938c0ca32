// A value a caller gave, in words for an error that refuses it: "an array", "null", a string
// quoted (so "10" does not read as the number 10), anything else as String() writes it.

export function valueInWords(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object' && value !== null) return 'an object';
  return String(value);
}
