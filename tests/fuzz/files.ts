// Whole-file damage, every combination for each model: a file missing, another file's bytes under its
// name, an unrelated extra file. What each may do follows from whether the file is required.

import { INDEX, type Pristine, withFile } from './builders.js';
import type { Case, Expect, Format } from './oracle.js';

const FORMAT_OF: Record<string, Format> = {
  'config.json': 'config.json', 'generation_config.json': 'generation_config.json', 'tokenizer.json': 'tokenizer.json',
  'tokenizer_config.json': 'tokenizer_config.json', [INDEX]: 'shard index', 'model.bin': 'llama2.c .bin', 'tokenizer.bin': 'tokenizer.bin',
  'model.gguf': 'gguf',
};
const formatOf = (file: string): Format => FORMAT_OF[file] ?? 'safetensors';

/**
 * Without it the model cannot load (reject), or what it says repeats config.json (reject-or-identical).
 * tokenizer_config.json is left out: without it the chat template is validly gone.
 */
const MISSING: Record<string, Expect> = {
  'config.json': 'reject', 'tokenizer.json': 'reject', [INDEX]: 'reject', 'generation_config.json': 'reject-or-identical',
  'model.bin': 'reject', 'tokenizer.bin': 'reject', 'model.gguf': 'reject',
};

export function wholeFileCases(p: Pristine): Case[] {
  const names = [...p.source.files.keys()];
  const make = (file: string, kind: string, what: string, expect: Expect, blame: string, files: Case['files']): Case =>
    ({ model: p.name, format: formatOf(file), kind, what, expect, blame, files });
  const missing = names.filter((n) => n in MISSING || n.endsWith('.safetensors')).map((file) =>
    // A missing llama2.c tokenizer has no name of its own to give: the message need only say "tokenizer".
    make(file, 'file missing', `${file} not given`, MISSING[file] ?? 'reject', file === 'tokenizer.bin' ? 'tokenizer' : file,
      () => withFile(p.source, file, undefined)));
  // Every format here has required structure, except that generation_config.json may hold nothing it
  // uses (config.json's ids then apply) and tokenizer_config.json nothing at all.
  const swapped = names.filter((t) => t !== 'tokenizer_config.json').flatMap((target) => names.filter((s) => s !== target).map((source) =>
    make(target, 'another file in its place', `${target} holds the bytes of ${source}`, target === 'generation_config.json' ? 'reject-or-identical' : 'reject',
      target, () => withFile(p.source, target, p.source.files.get(source)!))));
  const weights = p.source.format === 'huggingface' ? names.find((n) => n.endsWith('.safetensors'))! : p.source.checkpoint;
  const extra = make(weights, 'an unrelated extra file', 'README.md given too', 'identical', 'README.md',
    () => withFile(p.source, 'README.md', new TextEncoder().encode('# a model card\n')));
  return [...missing, ...swapped, extra];
}
