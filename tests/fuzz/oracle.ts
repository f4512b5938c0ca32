// The fuzz suite's judge: loads one case with prepareModel (host-side only, no GPU), times it, and
// classifies the outcome against the pristine model's fingerprint (config, every weight bit for bit,
// the tokenizer's behaviour on probes, the chat template). Not the mutations (binary.ts, json.ts).

import { isDeepStrictEqual } from 'node:util';
import { ModelSourceError, TokenizerFormatError, UnsupportedModelError, WeightFormatError } from '../../src/errors.js';
import type { ModelConfig } from '../../src/model/config.js';
import { BLOCK_WORDS, isBlockDType, type StoredTensor } from '../../src/quant/formats.js';
import { prepareModel, type PreparedModel } from '../../src/model/prepare.js';
import type { ModelFiles } from '../../src/model/source.js';
import type { Tokenizer } from '../../src/tokenizer/types.js';
import type { ModelName } from './builders.js';

export const FORMATS = [
  'safetensors', 'shard index', 'config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json',
  'llama2.c .bin', 'tokenizer.bin', 'gguf',
] as const;
export type Format = (typeof FORMATS)[number];

/**
 * What a case may do. reject: the file is invalid, an error naming `blame` is the only pass.
 * reject-or-identical: an error naming `blame`, or a load equal to the pristine model in every respect.
 * identical: a valid file that means the same; it must load equal to the pristine model.
 * float: only float data changed; rejected naming the tensor, or accepted with one element changed (finite).
 */
export type Expect = 'reject' | 'reject-or-identical' | 'identical' | 'float';

export interface Case {
  model: ModelName;
  format: Format;
  /** The mutation family, e.g. "truncation": failures are grouped by it. */
  kind: string;
  /** The exact mutation, for the failure list. */
  what: string;
  expect: Expect;
  /** The file the error message must name. */
  blame: string;
  /** float cases and NaN weights: the names (one of them) a rejection must give for the tensor. */
  tensors?: string[];
  files: () => ModelFiles;
}

export const PASSES = ['rejected', 'benign', 'float-accepted'] as const;
export const FAILURES = [
  'wrong-error', 'unnamed-file', 'unnamed-tensor', 'internal-message', 'rejected-valid', 'accepted-invalid', 'accepted-different',
  'accepted-non-finite', 'failed-in-use', 'slow',
] as const;
export type Verdict = (typeof PASSES)[number] | (typeof FAILURES)[number];

export interface Outcome {
  verdict: Verdict;
  /** The error (class: message) or what differed. */
  detail: string;
  ms: number;
}

/**
 * A hang guard, not a benchmark: the slowest case takes about 0.1 s, a quadratic blow-up minutes; 2 s
 * failed cases on a 2-core machine busy with other work.
 */
export const TIME_LIMIT_MS = 10_000;

/** What a loaded model is, for equality: config, weights (bytes), tokenizer behaviour, chat template. */
export interface Fingerprint {
  config: ModelConfig;
  weights: Map<string, StoredTensor>;
  tokenizer: string;
  /** The first error a tokenizer probe threw, if any. */
  tokenizerThrew?: string;
  chatTemplate: unknown;
}

const PROBES = [
  '', 'the cat sat on the mat.', 'hello, world', ' leading  and double  spaces ', 'Zebra! ÄÖ 你好 🙂', '<s>the</s> <|endoftext|>', '\n',
];
// A mutated tokenizer may claim a huge vocabulary; its size alone already differs from the pristine one.
const MAX_DECODED_IDS = 4096;

const describe = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : `thrown ${typeof e}: ${String(e)}`);

function probeTokenizer(t: Tokenizer): { text: string; threw?: string } {
  let threw: string | undefined;
  const attempt = <T>(f: () => T): T | string => {
    try {
      return f();
    } catch (e) {
      threw ??= describe(e);
      return `threw ${describe(e)}`;
    }
  };
  const out: unknown[] = [t.vocabSize, t.bosId ?? null, t.eosIds];
  for (const text of PROBES) {
    const ids = attempt(() => t.encode(text, { bos: false }));
    out.push(attempt(() => t.encode(text)), ids, Array.isArray(ids) ? attempt(() => t.decode(ids)) : null);
  }
  for (let id = 0; id < Math.min(t.vocabSize, MAX_DECODED_IDS); id++) out.push(attempt(() => t.decode([id])));
  return { text: JSON.stringify(out), ...(threw ? { threw } : {}) };
}

export function fingerprint(m: PreparedModel): Fingerprint {
  const probe = probeTokenizer(m.tokenizer);
  return {
    config: m.config, weights: m.weights, tokenizer: probe.text, chatTemplate: m.chatTemplate ?? null,
    ...(probe.threw ? { tokenizerThrew: probe.threw } : {}),
  };
}

const bytesOf = (a: StoredTensor['data']) => new Uint32Array(a.buffer, a.byteOffset, a.length);

/** Exponent bits all set: an infinity or a NaN, in f16 (also a block's scale) or bf16. */
const F16_EXPONENT = 0x7c00;
const BF16_EXPONENT = 0x7f80;
const allSet = (half: number, exponent: number) => (half & exponent) === exponent;

/**
 * Whether 32-bit word i of a weight holds a non-finite number: an f32, two 16-bit floats, or a
 * block's scales (src/quant/formats.ts): q8_0's and q4_0's word 0 as float32 bits, q4_K's and
 * q5_K's f16 d and dmin in word 0, q6_K's f16 d at byte 208 (word 52's low half).
 */
function nonFiniteWord(t: StoredTensor, data: StoredTensor['data'], i: number): boolean {
  const w = bytesOf(data)[i]!;
  if (t.dtype === 'f32') return !Number.isFinite(data[i]!);
  if (isBlockDType(t.dtype)) {
    const at = i % BLOCK_WORDS[t.dtype];
    if (t.dtype === 'q8_0' || t.dtype === 'q4_0') return at === 0 && (w & 0x7f800000) === 0x7f800000; // a scale that is NaN or infinite: every exponent bit set
    if (t.dtype === 'q6_K') return at === 52 && allSet(w & 0xffff, F16_EXPONENT);
    return at === 0 && (allSet(w & 0xffff, F16_EXPONENT) || allSet(w >>> 16, F16_EXPONENT));
  }
  const exponent = t.dtype === 'f16' ? F16_EXPONENT : BF16_EXPONENT;
  return allSet(w & 0xffff, exponent) || allSet(w >>> 16, exponent);
}

/** Differences in weights: structure (names, shapes, layouts) and the count of differing elements (32-bit words). */
function weightDiff(a: Map<string, StoredTensor>, b: Map<string, StoredTensor>): { structure?: string; elements: number; nonFinite: string[] } {
  const names = [...a.keys()].sort();
  const other = [...b.keys()].sort();
  if (!isDeepStrictEqual(names, other)) {
    const only = (x: string[], y: string[]) => x.filter((n) => !y.includes(n)).join(', ') || 'none';
    return { structure: `weights differ: loaded has ${only(names, other)} extra, lacks ${only(other, names)}`, elements: 0, nonFinite: [] };
  }
  let elements = 0;
  const nonFinite: string[] = [];
  for (const name of names) {
    const [x, y] = [a.get(name)!, b.get(name)!];
    if (!isDeepStrictEqual(x.shape, y.shape) || x.layout !== y.layout || x.dtype !== y.dtype) {
      return { structure: `weight ${name}: shape/layout [${x.shape}] ${x.layout} vs pristine [${y.shape}] ${y.layout}`, elements, nonFinite };
    }
    const data = x.data; // once: a GGUF matrix's data is made at each read
    const [u, v] = [bytesOf(data), bytesOf(y.data)];
    for (let i = 0; i < u.length; i++) {
      if (u[i] !== v[i]) {
        elements++;
        if (nonFiniteWord(x, data, i)) nonFinite.push(`${name} (${x.dtype}) word ${i} = 0x${u[i]!.toString(16)}`);
      }
    }
  }
  return { elements, nonFinite };
}

/** Every way `got` differs from `pristine` (empty: identical); weights counted, not listed. */
export function compare(got: Fingerprint, pristine: Fingerprint): { config: string[]; weights: ReturnType<typeof weightDiff>; tokenizer: boolean; chat: boolean } {
  const config = Object.keys({ ...got.config, ...pristine.config }).filter(
    (k) => !isDeepStrictEqual(got.config[k as keyof ModelConfig], pristine.config[k as keyof ModelConfig]),
  ).map((k) => `${k}: ${JSON.stringify(got.config[k as keyof ModelConfig])} (pristine ${JSON.stringify(pristine.config[k as keyof ModelConfig])})`);
  return {
    config, weights: weightDiff(got.weights, pristine.weights),
    tokenizer: got.tokenizer !== pristine.tokenizer, chat: !isDeepStrictEqual(got.chatTemplate, pristine.chatTemplate),
  };
}

// RangeError: the documented shape checks (checkSupported) threw it before UnsupportedModelError.
const ALLOWED = [WeightFormatError, ModelSourceError, TokenizerFormatError, UnsupportedModelError, RangeError];

// JavaScript's own error texts (TypeError, engine RangeError): whatever class carries one, it reports a bug, not the file.
const INTERNAL = new RegExp([
  'is not a function', 'Cannot read propert', 'Cannot set propert', 'Cannot convert undefined or null', 'is not iterable', '\\[object Object\\]',
  'Maximum call stack', 'Invalid array length', 'Invalid typed array length', 'is outside the bounds of the', 'Invalid string length',
  'Array buffer allocation failed',
].join('|'));

export function judge(c: Case, pristine: Fingerprint): Outcome {
  const files = c.files();
  const start = performance.now();
  let loaded: Fingerprint | undefined;
  let error: unknown;
  try {
    loaded = fingerprint(prepareModel(files));
  } catch (e) {
    error = e;
  }
  const ms = performance.now() - start;
  const verdict = (v: Verdict, detail: string): Outcome => ({ verdict: ms > TIME_LIMIT_MS ? 'slow' : v, detail: ms > TIME_LIMIT_MS ? `took ${ms.toFixed(0)} ms; ${detail}` : detail, ms });
  if (!loaded) {
    const text = describe(error);
    if (!ALLOWED.some((cls) => error instanceof cls)) return verdict('wrong-error', text);
    if (c.expect === 'identical') return verdict('rejected-valid', text);
    const message = (error as Error).message;
    if (INTERNAL.test(message)) return verdict('internal-message', `leaks a JavaScript error: ${text}`);
    if (!message.includes(c.blame)) return verdict('unnamed-file', `does not name ${c.blame}: ${text}`);
    if (c.tensors && !c.tensors.some((n) => message.includes(n))) return verdict('unnamed-tensor', `does not name ${c.tensors.join(' or ')}: ${text}`);
    return verdict('rejected', text);
  }
  const d = compare(loaded, pristine);
  if (loaded.tokenizerThrew && !pristine.tokenizerThrew) return verdict('failed-in-use', `loaded, then the tokenizer threw ${loaded.tokenizerThrew}`);
  const differs = [
    ...d.config.map((x) => `config ${x}`), ...(d.weights.structure ? [d.weights.structure] : []),
    ...(d.weights.elements ? [`${d.weights.elements} weight elements differ`] : []),
    ...(d.tokenizer ? ['tokenizer behaves differently'] : []), ...(d.chat ? ['chat template differs'] : []),
  ];
  if (c.expect === 'float') {
    if (d.weights.nonFinite.length) return verdict('accepted-non-finite', `loaded a non-finite weight: ${d.weights.nonFinite.join(', ')}`);
    // A score in tokenizer.bin is float data too: its tokenizer may change, nothing else may.
    const outside = differs.filter((x) => !x.startsWith(`${d.weights.elements} weight`) && !(c.format === 'tokenizer.bin' && x.startsWith('tokenizer')));
    if (outside.length || d.weights.elements > 1) return verdict('accepted-different', `beyond one float: ${differs.join('; ')}`);
    return verdict('float-accepted', differs.join('; ') || 'no element changed');
  }
  if (differs.length) return verdict('accepted-different', differs.join('; '));
  if (c.expect === 'reject') return verdict('accepted-invalid', 'loaded equal to the pristine model, but the file is invalid');
  return verdict('benign', 'loaded equal to the pristine model');
}
