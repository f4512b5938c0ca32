// The options engine.load() takes and the progress it reports, and renameLoadOptions for front ends
// that spell the options their own way. Apart from src/engine.ts so a page can import these without
// the engine (the demo kit runs the engine in a worker). Tests: tests/model/progress.test.ts.

import type { WeightDType } from '../quant/formats.js';
import { hubEndpointProblem, hubTokenProblem } from './hub.js';
import { checkOptionNames, isAbortSignal, withoutUndefined } from './options.js';
import { stallLimit } from './source.js';
import { describe } from '../value-words.js';

/** What LoadOptions.onProgress reports. */
export interface LoadProgress {
  /**
   * 'read': the model's files (and a tokenizer given beside it) are read (a GGUF or a folder's
   * safetensors given by path in Node, or kept from the Hub: their first bytes, header and
   * metadata; their tensors are read from disk as the load checks them, before 'convert', and
   * again as they upload); 'convert': weights are
   * converted to the dtype they are held in (only those that change: LoadOptions.dtype, where
   * quantizing a large model takes seconds; 16-bit norms, biases and learned positions widen to f32;
   * a first report at loaded 0 names the first tensor to convert; a matrix is only checked here and
   * converts as it uploads, so that the converted model does not stand beside the file, unless it
   * goes to f32, stays f32 with a note or goes to a k-quant past f16's range); 'allocate':
   * the weights' GPU buffers are made (quick on a GPU; a software adapter reserves memory at a few
   * hundred MB/s); 'upload': weights go to the GPU; 'compile': the GPU kernels the model runs compile
   * (the driver's work, which a software adapter does slowly). The compile counts every kernel
   * build begun on this engine during the load, another load's included, and none for kernels the
   * engine already built or is building for another load.
   */
  phase: 'read' | 'convert' | 'allocate' | 'upload' | 'compile';
  /**
   * The whole load done so far, in [0, 1]: never decreases, and is 1 once the model is ready.
   * Reading, converting, allocating and uploading take the first 90 % by bytes, compiling the
   * last 10 % by kernels.
   */
  fraction: number;
  /**
   * Work done in this phase: bytes read over all files known so far, bytes converted over those
   * that convert, bytes allocated or uploaded over all tensors, or kernels compiled over those begun
   * (on the last report, those this load's passes waited for: a build another load began may still run).
   */
  loaded: number;
  total: number;
  /** The file being read, the tensor converted or uploaded, or the kernel just compiled ('' on the last report). */
  file: string;
}

/** Errors name these options as `LoadOptions.<name>` (renameLoadOptions respells them for a front end). */
export interface LoadOptions {
  /**
   * Store the weight matrices (every layer's, the embedding and the head) in this dtype: 'f32',
   * 'f16', 'bf16', ggml's 32-value blocks 'q8_0' and 'q4_0' (a matrix whose K is not a multiple of
   * 32 is stored f16 then; model.info().dtypeNotes names it), or ggml's 256-value super-blocks
   * 'q4_K', 'q5_K' and 'q6_K' (K not a multiple of 256: q4_0 for q4_K, q8_0 for the others, or
   * f16). Our k-quant quantizers set each sub-block's scale from its range (q6_K: its largest
   * value) rather than by llama.cpp's search: a little more error than llama.cpp's files, read as
   * they are. Norms, biases and learned positions stay f32. Default: the file's precision (F16 and
   * BF16 safetensors stay 16-bit, GGUF's formats too), except GGUF k-quant q, k and v of different
   * formats, stacked into one matrix and stored q8_0; with a dtype they convert from their exact
   * k-quant values.
   */
  dtype?: WeightDType;
  /**
   * Tokenizer file for checkpoints that do not carry one (llama2.c's tokenizer.bin), or instead of a
   * GGUF file's own (a GGUF brings its own chat template and special tokens; a tokenizer.json keeps
   * the checkpoint's); refused for a folder with its tokenizer.json.
   */
  tokenizer?: string | URL | File;
  onProgress?: (p: LoadProgress) => void;
  /**
   * Allocate the KV cache for this many positions instead of the model's context (default: the
   * model's, at most 4096). More than the model's context is an error naming both.
   */
  maxSeqLen?: number;
  /**
   * Rejects the load with the signal's reason: reads stop at once; the checks, the conversion and
   * the upload at the next turn of the event loop (a load's host work runs in slices of 20 ms, a
   * tensor's work at least, so the abort is heard); the shader builds are not waited for (they
   * finish after, kept for the next load). What reached the GPU is freed: the weights then, the
   * passes once built.
   */
  signal?: AbortSignal;
  /** Downloads (URLs, `hf:`) go through this fetch: a cache, a proxy (default: globalThis.fetch). */
  fetch?: typeof fetch;
  /**
   * A Hugging Face access token (hf_...), sent as a bearer token with the requests to the Hub (and
   * nowhere else) of `hf:` sources, Hub URLs and a tokenizer given as one: gated repositories (whose
   * terms the account has accepted on the Hub) and private ones. The Hub is huggingface.co, or the
   * mirror hfEndpoint names, which then receives the token: give one only to a mirror you trust,
   * over https. The CLI takes HF_TOKEN.
   */
  hfToken?: string;
  /**
   * Where `hf:` sources are read: a mirror's address, such as "https://hf-mirror.com" (default:
   * https://huggingface.co); hfToken goes to it. The CLI takes HF_ENDPOINT.
   */
  hfEndpoint?: string;
  /**
   * Node: the folder `hf:` files are kept in once downloaded (in huggingface_hub's layout,
   * models--org--name/snapshots/<commit>/), where a later load of the same commit reads them
   * instead of downloading them again (its weights left on disk, read where their tensors lie);
   * the weights are written there as they download (never held whole in memory, so a file may
   * pass 4 GiB), and removed if the load is refused; a download cut off, or a load aborted
   * (`signal`), leaves what came, which the next load goes on from. false keeps none, and reads
   * each file into memory. Default: the SHADERLM_CACHE environment variable's folder + /hub ('off':
   * none), else ~/.cache/shaderlm/hub; none where `fetch` is given (a fetch of yours keeps what
   * it chooses), unless this names one. The Hub is still asked which commit a branch is at; where
   * it cannot be reached, the commit last kept for the branch is read. The files a commit lacks
   * are marked so (.no_exist/). huggingface_hub's own cache (HF_HUB_CACHE, HF_HOME/hub or
   * ~/.cache/huggingface/hub) is read too, never written. Browsers: unused (the worker keeps
   * downloads in Cache Storage).
   */
  hubCache?: string | false;
  /**
   * How long a download may go without a byte before the load fails (ms, default 60 000): a
   * server that stops sending without closing the connection, or never answers a request.
   * Paths and picked files have none.
   */
  stallMs?: number;
  /**
   * Where `default:<name>` models are (a folder path or URL, with or without its trailing /; default: the
   * package's models/, which a page finds by asking each place it may be served from for config.json).
   */
  modelsBase?: string;
}

const KNOWN_LOAD_OPTIONS: ReadonlyArray<keyof LoadOptions> = ['dtype', 'tokenizer', 'onProgress', 'maxSeqLen', 'signal', 'fetch', 'hfToken', 'hfEndpoint', 'hubCache', 'modelsBase', 'stallMs'];

/**
 * Throws a RangeError for an option name engine.load() does not know (a misspelt one is never
 * ignored), and a TypeError naming the option for a value of the wrong kind; maxSeqLen and dtype
 * have their range checks where they are used.
 */
export function checkLoadOptions(o: LoadOptions, { without = [] }: { without?: ReadonlyArray<keyof LoadOptions> } = {}): void {
  // A RemoteEngine's list leaves out what its worker cannot take; given as undefined, they are absent, as in-page.
  checkOptionNames(withoutUndefined(o, without), 'load', KNOWN_LOAD_OPTIONS.filter((name) => !without.includes(name)));
  const kind = (option: keyof LoadOptions, ok: (v: unknown) => boolean, expected: string) => {
    const v = o[option];
    if (v === undefined || ok(v)) return;
    // A URL object prints as its text: said to be one, or "must be a string ..., got file:///..." reads as a contradiction.
    throw new TypeError(`LoadOptions.${option} must be ${expected}, got ${v instanceof URL ? `a URL object (${v.href})` : describe(v)}`);
  };
  kind('tokenizer', (v) => typeof v === 'string' || v instanceof URL || (typeof File !== 'undefined' && v instanceof File), 'a path, URL or File');
  kind('onProgress', (v) => typeof v === 'function', 'a function');
  kind('fetch', (v) => typeof v === 'function', 'a function');
  kind('signal', isAbortSignal, 'an AbortSignal');
  kind('modelsBase', (v) => typeof v === 'string', "a string: a folder path or a URL's text (url.href)");
  kind('stallMs', (v) => typeof v === 'number', 'a number of milliseconds');
  kind('hubCache', (v) => v === false || (typeof v === 'string' && v !== ''), 'a folder path or false');
  if (o.stallMs !== undefined) stallLimit(o.stallMs);
  const tokenProblem = o.hfToken === undefined ? undefined : hubTokenProblem(o.hfToken);
  if (tokenProblem) throw new TypeError(`LoadOptions.hfToken ${tokenProblem}`);
  const endpointProblem = o.hfEndpoint === undefined ? undefined : hubEndpointProblem(o.hfEndpoint);
  if (endpointProblem) throw new TypeError(`LoadOptions.hfEndpoint ${endpointProblem}`);
}

/**
 * `message` with the `LoadOptions.<name>` it names respelled as a front end's own (`--tokenizer`
 * on the command line, a form field in a page), for options that `names` covers.
 */
export function renameLoadOptions(message: string, names: Partial<Record<keyof LoadOptions, string>>): string {
  return message.replace(/LoadOptions\.(\w+)/g, (written, option: string) => names[option as keyof LoadOptions] ?? written);
}
