// The rule for names a model's files give to other files (the shards of model.safetensors.index.json): a plain
// file name inside the model folder, never a path, so that nothing is read outside the folder or the base URL.
// Used by the shard index parser (safetensors.ts) and again by src/model/source.ts before any read or fetch.

/** Why `name` is not a plain file name, or undefined when it is one. */
export function fileNameProblem(name: string): string | undefined {
  if (name === '') return 'it is empty';
  if (name === '.' || name === '..') return `"${name}" is a folder, not a file`;
  // '/' and '\' make paths (absolute ones too); ':' makes drive paths and URL schemes; '%' can encode '..' in a
  // URL; '?' and '#' end a URL's path.
  const bad = /[/\\:%?#]/.exec(name)?.[0];
  if (bad) return `it contains ${JSON.stringify(bad)}, so it is a path or URL, not a file name`;
  if ([...name].some((ch) => ch.charCodeAt(0) < 0x20 || ch === '\x7f')) return 'it contains a control character';
  return undefined;
}
