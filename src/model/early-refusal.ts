// What a load would refuse from a file's first bytes, refused as they arrive, before the rest of
// the model downloads: a GGUF that is no whole model of an architecture this engine runs (another
// architecture, a split part, a vocabulary), holds a tensor type it does not read (q5_0, iq4_xs),
// or is damaged in its header, is known from its header, metadata and tensor infos; a Hugging Face
// folder of another model_type, or a config.json the load refuses (a RoPE scaling, an activation,
// a head size this engine does not run), from its config.json. Before, a 256 MiB GGUF of qwen2 was
// downloaded whole, into memory, to be refused by its first kilobyte. Each refusal is the full
// load's own, in its words; anything else is left to the full load.
// Called by source.ts's readAll. Tests: tests/model/loaders-source.test.ts.

import { kindByMagic } from '../file-kind.js';
import { parseGgufHead } from './weights/gguf.js';
import { checkGgufKind } from './weights/gguf-model.js';
import { checkSupported } from './config.js';
import { hfModelFields } from './weights/hf-config.js';
import { parseJsonObject } from './weights/json.js';

/**
 * Whether `head`, the first bytes of `file` (all of them when `complete`), settle it; throws the
 * load's error for a file the load would refuse. False while more bytes may tell.
 */
export function refuseEarly(file: string, head: Uint8Array, complete: boolean): boolean {
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
  const parsed = parseGgufHead(head, file);
  if (!parsed) return false;
  checkGgufKind(parsed.metadata, parsed.tensorCount, file);
  return true;
}
