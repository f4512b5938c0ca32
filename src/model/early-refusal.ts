// What a load would refuse from a file's first bytes, refused as they arrive, before the rest of
// the model downloads: a GGUF that is no whole model of an architecture this engine runs (another
// architecture, a split part, a vocabulary, a mixture of experts), holds a tensor type it does not
// read (q2_K, iq4_xs), asks for a RoPE scaling it does not run (yarn), carries a tokenizer it does
// not build (another pre-tokenizer; unless a tokenizer is given beside it), or is damaged in its
// header, is known from its header, metadata and tensor infos; a Hugging Face
// folder of another model_type, or a config.json the load refuses (a RoPE scaling, an activation,
// a head size this engine does not run), from its config.json. Before, a 256 MiB GGUF of qwen2 was
// downloaded whole, into memory, to be refused by its first kilobyte. Each refusal is the full
// load's own, in its words; anything else is left to the full load.
// Called by source.ts's readAll. Tests: tests/model/loaders-source.test.ts.

import { kindByMagic } from '../file-kind.js';
import { parseGgufHead } from './weights/gguf.js';
import { checkGgufHead } from './weights/gguf-model.js';
import { checkGgufTokenizerKind } from '../tokenizer/gguf.js';
import { checkSupported } from './config.js';
import { hfModelFields } from './weights/hf-config.js';
import { parseJsonObject } from './weights/json.js';

/** What the load is given beside the model's files that changes what it refuses. */
export interface EarlyRefusal {
  /** LoadOptions.tokenizer: a GGUF's own tokenizer is not read, so not refused. */
  tokenizerGiven: boolean;
}

/**
 * Whether `head`, the first bytes of `file` (all of them when `complete`), settle it; throws the
 * load's error for a file the load would refuse. False while more bytes may tell. `size`: the file's,
 * where it is exact (a file on disk; a download's can be of its compressed bytes), so that a length
 * in the header past it is damage rather than a reason to read on.
 */
export function refuseEarly(file: string, head: Uint8Array, complete: boolean, early: EarlyRefusal = { tokenizerGiven: false }, size = Infinity): boolean {
  if (file === 'config.json') {
    if (!complete) return false;
    let config;
    try {
      config = parseJsonObject(head, 'config.json');
    } catch {
      return true; // the full load says what is wrong with it
    }
    checkSupported({ ...hfModelFields(config), eosTokenIds: [] }); // the token ids may come from generation_config.json
    return true;
  }
  if (complete || head.byteLength < 4) return complete; // a whole file: the full load checks it
  if (kindByMagic(head) !== 'gguf') return true;
  const parsed = parseGgufHead(head, file, size);
  if (!parsed) return false;
  checkGgufHead(parsed.metadata, parsed.tensorNames, file);
  // Its own tokenizer, where the load reads it: a model (gpt2, llama) and pre-tokenizer it builds.
  if (!early.tokenizerGiven && parsed.metadata.has('tokenizer.ggml.model')) checkGgufTokenizerKind(parsed.metadata, file);
  return true;
}
