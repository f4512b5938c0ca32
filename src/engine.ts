// createEngine(): the entry point. Owns one GPU device and loads models onto it: resolve the
// source, parse weights and tokenizer, upload, build the forward pass, reporting one progress
// stream over all of it. Browser and Node alike. Not the parsing (src/model/prepare.ts).
// Tests: tests/model/*.test.ts (progress.test.ts, device-loss.test.ts) and the CLI tests.

import { describe } from './value-words.js';
import { EngineDestroyedError } from './errors.js';
import { checkLoadOptions, renameLoadOptions, type LoadOptions, type LoadProgress } from './model/load-options.js';
import { createGpu, type Gpu, type GpuOptions } from './gpu/device.js';
import type { UploadProgress } from './model/gpu-weights.js';
import type { CompileProgress } from './gpu/pipelines.js';
import type { ConvertProgress } from './model/convert.js';
import { Model } from './model/model.js';
import { summarizeWeights } from './model/convert.js';
import { preparingModel } from './model/prepare.js';
import { runInSlices } from './model/time-slices.js';
import { checkDType } from './quant/stored.js';
import { readSourceFile, resolveSource, type ModelFiles, type ReadProgress, type ModelSource } from './model/source.js';
import { Transformer } from './model/transformer.js';
import type { TrainedModel, TrainRequest } from './train/api.js';

export type { ModelSource };

export type { LoadOptions, LoadProgress };
export { renameLoadOptions };

export class Engine {
  private destroyed = false;

  private constructor(readonly gpu: Gpu) {}

  static async create(options: GpuOptions = {}): Promise<Engine> {
    return new Engine(await createGpu(options));
  }

  /** The adapter in words, e.g. "node google swiftshader (profile software)". */
  get adapter(): string {
    const a = this.gpu.adapter;
    return `${a.runtime} ${a.vendor} ${a.architecture}${a.description ? ` ${a.description}` : ''} (profile ${this.gpu.profile})`.replace(/\s+/g, ' ');
  }

  async load(source: ModelSource, o: LoadOptions = {}): Promise<Model> {
    this.checkAlive('load');
    checkLoadOptions(o);
    // A prompt takes a position and the token after it another: a context of 1 could only refuse every generate().
    if (o.maxSeqLen !== undefined && !(Number.isInteger(o.maxSeqLen) && o.maxSeqLen >= 2)) {
      throw new RangeError(`LoadOptions.maxSeqLen must be an integer >= 2 (a prompt token and the one generated after it), got ${describe(o.maxSeqLen)}`);
    }
    if (o.dtype !== undefined) checkDType(o.dtype, 'LoadOptions.dtype');
    o.signal?.throwIfAborted();
    const progress = new LoadProgressStream(o.onProgress);
    const files = await resolveSource(source, {
      onProgress: progress.reader(), signal: o.signal, fetch: o.fetch, hfToken: o.hfToken, hfEndpoint: o.hfEndpoint, hubCache: o.hubCache, modelsBase: o.modelsBase, stallMs: o.stallMs,
      tokenizerGiven: o.tokenizer !== undefined,
    });
    // Downloads written to disk under passing names are removed if the load fails before it keeps them.
    const { loaded, keepTokenizer } = await this.prepareFiles(files, o, progress).catch(async (e: unknown) => {
      await files.discard?.(e);
      throw e;
    });
    // Checked: what was downloaded goes into the download cache (Node, hf: sources) for the next load.
    await files.keep?.();
    const { config, tokenizer, chatTemplate } = loaded;
    const summary = summarizeWeights(loaded.weights, config, loaded.dtypeNotes);
    const { hubCommit } = files;
    let transformer: Transformer;
    try {
      await keepTokenizer?.();
      // The loaded files are let go of now, not after the compile: bytes no weight reads again are
      // freed. A GGUF's matrices, and conversions that need no note, are made from the file's
      // bytes as they upload (deferredTensor): they keep those until written, but never all stand beside them.
      files.files.clear();
      if (o.maxSeqLen !== undefined && o.maxSeqLen > config.maxSeqLen) {
        throw new RangeError(
          `LoadOptions.maxSeqLen is ${o.maxSeqLen}, over this model's context length of ${config.maxSeqLen}: use at most ${config.maxSeqLen}`,
        );
      }
      this.checkAlive('load', true); // destroy() or a device loss may have come while the files were read
      o.signal?.throwIfAborted(); // the reads and checks stop at an abort; keeping the downloads does not, so look again before the upload
      transformer = await Transformer.create(this.gpu, config, loaded.weights, {
        maxSeqLen: o.maxSeqLen,
        sampleVocab: tokenizer.vocabSize,
        onAllocate: progress.allocator(),
        onProgress: progress.uploader(),
        onCompileProgress: progress.compiler(),
        signal: o.signal, // an abort during the upload or the builds frees what was made
      }).catch((e: unknown) => {
        this.checkAlive('load', true); // the device gone mid-upload stopped it: say so as after it
        throw e;
      });
    } finally {
      // Downloads keep() did not move (another load kept the file first, or the cache had no room),
      // read no more once the upload is over, or the load failed before it: however it ended.
      await files.discard?.(undefined);
    }
    try {
      progress.ready(); // a last report that throws fails the load too
      // After that report, which may itself destroy the engine or abort: no dead or unwanted model.
      this.checkAlive('load', true); // destroy() or a device loss during the upload or the builds
      o.signal?.throwIfAborted();
    } catch (e) {
      transformer.dispose();
      throw e;
    }
    return new Model(transformer, tokenizer, summary, chatTemplate, hubCommit);
  }

  /** `files` with the tokenizer LoadOptions.tokenizer names (read, with how to keep its download), parsed and checked: every check before anything reaches the GPU. */
  private async prepareFiles(files: ModelFiles, o: LoadOptions, progress: LoadProgressStream) {
    let keepTokenizer: (() => Promise<void>) | undefined;
    if (o.tokenizer !== undefined) {
      if (files.format === 'huggingface' && files.files.has('tokenizer.json')) {
        // It would be added beside tokenizer.json and never read: refuse rather than ignore it.
        throw new RangeError('LoadOptions.tokenizer is for llama2.c and GGUF checkpoints and folders without a tokenizer.json: this model brings its own tokenizer.json, which the model was trained with');
      }
      const { name, bytes, keep } = await readSourceFile(o.tokenizer, { onProgress: progress.reader(), signal: o.signal, fetch: o.fetch, hfToken: o.hfToken, hfEndpoint: o.hfEndpoint, hubCache: o.hubCache, stallMs: o.stallMs });
      // The one given wins over tokenizers picked with a llama2.c checkpoint (the same file picked too, often).
      if (files.format === 'llama2c') for (const other of [...files.files.keys()]) if (other !== files.checkpoint) files.files.delete(other);
      // Never let a tokenizer that shares the checkpoint's file name replace the checkpoint; its errors
      // name it as the file given, said to be the tokenizer (an internal name was printed: review AT).
      const key = files.files.has(name) ? `${name} (the tokenizer)` : name;
      files.files.set(key, bytes);
      if (files.format === 'gguf') files.tokenizer = key; // replaces the GGUF's own tokenizer
      keepTokenizer = keep;
    }
    return { loaded: await runInSlices(preparingModel(files, o.dtype, progress.converter()), o.signal), keepTokenizer };
  }

  /**
   * Trains a model on this engine's GPU with shaderlm's own kernels: a fresh one (`model`: its
   * shape) or a checkpoint (`from`), on text or FASTA given as strings (`data`), reporting each
   * step to `onStep`; `signal` stops it after a step. Resolves to the trained model: its
   * checkpoint files and load().
   */
  async train(request: TrainRequest): Promise<TrainedModel> {
    this.checkAlive('train');
    // Loaded when first asked for: most apps never train, and the trainer would push an app's
    // bundle of the engine past Vite's 500 kB warning.
    const { trainModel } = await import('./train/api.js');
    return trainModel(this.gpu, request, (files, o) => this.load(files, o));
  }

  /** Frees the GPU device and every model on it; calling it again does nothing. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.gpu.destroy();
  }

  /** Throws unless models can still go onto this engine's device: not destroyed (before the call, or `during` it), not lost. */
  private checkAlive(call: 'load' | 'train', during = false): void {
    if (this.destroyed) throw new EngineDestroyedError(`engine.${call}() ${during ? 'was cut off by' : 'after'} engine.destroy(): this engine's GPU device is gone; create a new engine (createEngine()) to ${call} a model`);
    this.gpu.assertHealthy(); // a lost device: DeviceLostError
  }
}

/** A ready engine on the best adapter of this browser or Node process. */
export function createEngine(options: GpuOptions = {}): Promise<Engine> {
  return Engine.create(options);
}

/** The share of a load's progress bar that its kernels' compile takes, after the bytes read, allocated and uploaded. */
const COMPILE_SHARE = 0.1;
/** The weights' bytes go through the GPU twice, each counted as work: their buffers are made, then written. */
const GPU_PASSES = 2;

/**
 * Composes the byte progress of each file reader (the model source, then a tokenizer given
 * beside it), of the conversion to a dtype, of the GPU buffers' allocation and of the upload,
 * then the kernels' compile, into one stream whose fraction never goes back. Totals grow as
 * shards, the tokenizer and the kernels become known, so each step advances its part by its share
 * of the work still left: exact while the totals hold, never backwards when they grow, 1 at the
 * end. Bytes read, allocated and uploaded count alike (until the weights' size is known it is
 * taken to equal the bytes read: the weights are nearly all of a model's files; a conversion
 * counts the bytes it converts); the compile takes a fixed share, whose time no byte count
 * predicts (a GPU compiles a model's kernels in a fraction of a second, a software adapter in
 * seconds).
 */
class LoadProgressStream {
  /** Fraction of the bytes read, converted, allocated and uploaded. */
  private bytes = 0;
  /** Fraction of the kernels compiled. */
  private compiled = 0;
  /** Bytes read so far, over every reader. */
  private readBytes = 0;
  /** Each reader's last report: a model on disk goes on reading (its checks) after a tokenizer given beside it is read. */
  private readonly readers: Array<{ loaded: number; total: number }> = [];
  private uploaded = 0;
  /** Whether the upload has written every byte: the compile is said from then on. */
  private written = false;
  /** Compile reports that came before the upload was done. */
  private readonly heldCompiles: CompileProgress[] = [];
  /** Kernels built, of how many begun, at the last compile report. */
  private built = 0;
  private kernels = 0;

  constructor(private readonly onProgress?: (p: LoadProgress) => void) {}

  /** The onProgress of one file reader; 'read' reports the sums over every reader. */
  reader(): ((p: ReadProgress) => void) | undefined {
    if (!this.onProgress) return undefined;
    const mine = { loaded: 0, total: 0 };
    this.readers.push(mine);
    const sum = (key: 'loaded' | 'total') => this.readers.reduce((n, r) => n + r[key], 0);
    return (p) => {
      const before = sum('loaded');
      Object.assign(mine, { loaded: p.loaded, total: p.total });
      const [loaded, total] = [sum('loaded'), sum('total')];
      this.bytes = advanced(this.bytes, loaded - before, total - before + GPU_PASSES * total);
      this.readBytes = loaded;
      this.emit({ phase: 'read', loaded, total, file: p.file });
    };
  }

  /** The conversion to LoadOptions.dtype, after the reads: its bytes count as work too, the GPU's still guessed. */
  converter(): ((p: ConvertProgress) => void) | undefined {
    if (!this.onProgress) return undefined;
    let seen = 0;
    return (p) => {
      this.bytes = advanced(this.bytes, p.loaded - seen, p.total - seen + GPU_PASSES * this.readBytes);
      seen = p.loaded;
      this.emit({ phase: 'convert', loaded: p.loaded, total: p.total, file: p.file });
    };
  }

  /** The weights' GPU buffers made, before the upload writes them: the upload's bytes are known from here. */
  allocator(): ((p: UploadProgress) => void) | undefined {
    if (!this.onProgress) return undefined;
    let seen = 0;
    return (p) => {
      this.bytes = advanced(this.bytes, p.loaded - seen, p.total - seen + p.total);
      seen = p.loaded;
      this.emit({ phase: 'allocate', loaded: p.loaded, total: p.total, file: p.file });
    };
  }

  uploader(): ((p: UploadProgress) => void) | undefined {
    if (!this.onProgress) return undefined;
    return (p) => {
      this.bytes = advanced(this.bytes, p.loaded - this.uploaded, p.total - this.uploaded);
      this.uploaded = p.loaded;
      this.emit({ phase: 'upload', loaded: p.loaded, total: p.total, file: p.file });
      this.written = p.loaded >= p.total;
      if (this.written) for (const held of this.heldCompiles.splice(0)) this.reportCompile(held);
    };
  }

  compiler(): ((p: CompileProgress) => void) | undefined {
    if (!this.onProgress) return undefined;
    return (p) => {
      // Kernels built while the weights' buffers are still made or written (both let the event
      // loop turn) are said after the upload, each in turn: the phases come in order.
      if (!this.written) this.heldCompiles.push(p);
      else this.reportCompile(p);
    };
  }

  /** One kernel's compile report. */
  private reportCompile(p: CompileProgress): void {
    // One unit more than the kernels begun: more may begin, and only ready() says the model is.
    this.compiled = advanced(this.compiled, p.built - this.built, p.total - this.built + 1);
    this.built = p.built;
    this.kernels = p.total;
    this.emit({ phase: 'compile', loaded: p.built, total: p.total, file: p.kernel });
  }

  /**
   * The last report, fraction 1: every kernel the model runs is built (its passes awaited them);
   * a kernel another load began meanwhile may still be compiling, so `loaded` may be short of `total`.
   */
  ready(): void {
    if (!this.onProgress) return;
    this.bytes = 1;
    this.compiled = 1;
    this.emit({ phase: 'compile', loaded: this.built, total: this.kernels, file: '' });
  }

  private emit(p: Omit<LoadProgress, 'fraction'>): void {
    this.onProgress!({ ...p, fraction: (1 - COMPILE_SHARE) * this.bytes + COMPILE_SHARE * this.compiled });
  }
}

/** A fraction advanced by `done` more units of work, out of `left` that remained before them. */
function advanced(fraction: number, done: number, left: number): number {
  if (done <= 0) return fraction;
  return done >= left ? 1 : fraction + (1 - fraction) * (done / left);
}
