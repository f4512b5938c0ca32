// Finds a Hugging Face model's chat template and the special-token strings it renders with, from the
// model's files: chat_template.jinja wins over tokenizer_config.json's chat_template (string or named
// list, 'default' used), special_tokens_map.json overrides tokenizer_config.json, as transformers loads them
// (read by src/tokenizer/special-tokens.ts, the tokenizer's own reader of those files).
// Not a renderer (template.ts) and not a tokenizer: ids and encoding stay in src/tokenizer.

import { NoChatTemplateError, TokenizerFormatError } from '../errors.js';
import { readJsonObject, utf8Text, type Json } from '../tokenizer/json.js';
import { readSpecialTokens } from '../tokenizer/special-tokens.js';

/** A model's chat template and the special tokens transformers passes to it. */
export interface ChatTemplateInfo {
  /** The Jinja source, verbatim. */
  template: string;
  /** Where it came from, for error messages: "chat_template.jinja", "tokenizer_config.json", ... */
  source: string;
  bosToken?: string;
  eosToken?: string;
  /** transformers' special_tokens_map: bos_token, eos_token, unk_token, pad_token, ..., additional_special_tokens. */
  specialTokens: Record<string, string | string[]>;
}

export interface FindChatTemplateOptions {
  /** Which of a named-template list to use; transformers uses 'default'. */
  name?: string;
  /** What tokenizer_config.json's single template is called in errors, when that file was made from another (a GGUF's metadata). */
  configSource?: string;
}

const CONFIG_FILE = 'tokenizer_config.json';
const SPECIAL_TOKENS_FILE = 'special_tokens_map.json';
const JINJA_FILE = 'chat_template.jinja';
const DEFAULT_NAME = 'default';

/**
 * The chat template among a model's files (file name -> bytes), or undefined when the model has none.
 * Throws NoChatTemplateError when the model has named templates but none is 'default' (or options.name),
 * and TokenizerFormatError when tokenizer_config.json or special_tokens_map.json is malformed.
 */
export function findChatTemplate(
  files: ReadonlyMap<string, Uint8Array>,
  options: FindChatTemplateOptions = {},
): ChatTemplateInfo | undefined {
  const config = readJson(files, CONFIG_FILE);
  const specialTokens = readSpecialTokens({ config, specialTokensMap: readJson(files, SPECIAL_TOKENS_FILE) }).map;
  const found = templateOf(files, config, options.name ?? DEFAULT_NAME, options.configSource ?? CONFIG_FILE);
  if (found === undefined) return undefined;
  const { bos_token: bosToken, eos_token: eosToken } = specialTokens;
  return {
    ...found,
    ...(typeof bosToken === 'string' ? { bosToken } : {}),
    ...(typeof eosToken === 'string' ? { eosToken } : {}),
    specialTokens,
  };
}

function templateOf(
  files: ReadonlyMap<string, Uint8Array>,
  config: Json | undefined,
  name: string,
  configSource: string,
): { template: string; source: string } | undefined {
  // transformers: "Clobbers any template in the config".
  const jinja = fileBytes(files, JINJA_FILE);
  if (jinja !== undefined) {
    if (name !== DEFAULT_NAME) throw new NoChatTemplateError(`no chat template named "${name}"; ${JINJA_FILE} is the only one`);
    return { template: utf8Text(jinja, JINJA_FILE), source: JINJA_FILE };
  }
  const raw = config?.chat_template;
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string') {
    if (name !== DEFAULT_NAME) throw new NoChatTemplateError(`no chat template named "${name}"; ${configSource} is the only one`);
    return { template: raw, source: configSource };
  }
  const named = namedTemplates(raw);
  const template = named.get(name);
  if (template === undefined) {
    const have = [...named.keys()].map((n) => `"${n}"`).join(', ') || 'none';
    throw new NoChatTemplateError(`${CONFIG_FILE} has no chat template named "${name}"; it has ${have}`);
  }
  return { template, source: `${CONFIG_FILE} (chat_template "${name}")` };
}

/** chat_template as saved by transformers: a list of { name, template }; a { name: template } object is accepted too. */
function namedTemplates(raw: unknown): Map<string, string> {
  const bad = (why: string) => new TokenizerFormatError(`${CONFIG_FILE}: chat_template ${why}`);
  const named = new Map<string, string>();
  if (Array.isArray(raw)) {
    raw.forEach((entry, i) => {
      const e = entry as Json | null;
      if (typeof e?.name !== 'string' || typeof e.template !== 'string') {
        throw bad(`entry ${i} is not a { name: string, template: string } object`);
      }
      named.set(e.name, e.template);
    });
  } else if (typeof raw === 'object' && raw !== null) {
    for (const [name, template] of Object.entries(raw)) {
      if (typeof template !== 'string') throw bad(`"${name}" is not a string`);
      named.set(name, template);
    }
  } else {
    throw bad(`is a ${typeof raw}, not a string or a list of named templates`);
  }
  return named;
}

/** A file's JSON object, read strictly (UTF-8, no key twice), or undefined when the model lacks the file. */
function readJson(files: ReadonlyMap<string, Uint8Array>, name: string): Json | undefined {
  const bytes = fileBytes(files, name);
  return bytes === undefined ? undefined : readJsonObject(utf8Text(bytes, name), name);
}

/** The file by exact name, else one whose path ends in /name (files listed with their folder). */
function fileBytes(files: ReadonlyMap<string, Uint8Array>, name: string): Uint8Array | undefined {
  const exact = files.get(name);
  if (exact !== undefined) return exact;
  for (const [key, bytes] of files) if (key.endsWith(`/${name}`)) return bytes;
  return undefined;
}

