// What the page and the engine worker say to each other: the service the worker exposes through
// comlink (serve.ts implements it, client.ts calls it) and the plain-data shapes that cross.
// Functions cross as comlink proxies; AbortSignals do not cross at all: each streaming call gets an
// operation id, and abort(op) stops it. Tests: tests/browser/playground.test.ts.

import type { LoadOptions, LoadProgress } from '../engine.js';
import type { GeneratedPiece, GenerationStats } from '../model/generation.js';
import type { ChatMessage, ChatOptions, ModelInfo } from '../model/model.js';
import type { GenerateOptions } from '../model/options.js';
import type { GpuOptions } from '../gpu/device.js';
import type { TrainedModel, TrainRequest, TrainStep } from '../train/api.js';
import type { WireReason } from './wire-errors.js';

export interface EngineSettings {
  /**
   * Where `default:<name>` folders are (a URL; the trailing / is optional): the page's site has them at
   * `<site>/models/`, not where the bundled library module happens to be. A relative URL is the
   * page's (connectEngine resolves it against document.baseURI), not the worker script's.
   */
  modelsBase: string;
  /** Keep files downloaded from URLs and hf: in Cache Storage (default true); never those under modelsBase. */
  cache?: boolean;
  gpu?: GpuOptions;
}

/** A model source that can cross: a string (default:, URL, hf:) or the files themselves. */
export type WireSource = string | File[];
export type WireLoadOptions = Omit<LoadOptions, 'onProgress' | 'signal'>;
export type WireGenerateOptions = Omit<GenerateOptions, 'signal'>;
export type WireTrainRequest = Omit<TrainRequest, 'onStep' | 'signal' | 'from'> & { from?: WireSource | ReadonlyMap<string, Uint8Array> };
/** A TrainedModel as data: its checkpoint files instead of files() and load(). */
export type WireTrained = Omit<TrainedModel, 'files' | 'load'> & { files: Map<string, Uint8Array> };

/** `aborted`: the page's signal had fired at the call, so the run ends before it takes the KV cache over, as in-page. */
export type GenerateRequest =
  | { kind: 'generate'; prompt: string; options: WireGenerateOptions; aborted?: true }
  | { kind: 'chat'; messages: ChatMessage[]; options: Omit<ChatOptions, 'signal'>; aborted?: true };

export interface LoadedModel {
  id: number;
  info: ModelInfo;
}

/** Model methods answered by one call with a plain-data result. */
export type ModelCall = 'tokenize' | 'applyChatTemplate' | 'decode' | 'decodeEach' | 'unknownCharacters' | 'logits' | 'inspect';

export interface EngineService {
  /**
   * Creates the worker's engine (once per worker); the adapter in words. `lossPort` is sent the
   * device's loss (a WireError) when it happens, not at the page's next call: the page ends the
   * generations it holds, whose pieces made before the loss would otherwise play out to a loop held
   * between them. A port of its own, which the page closes when the engine ends (a comlink proxy's
   * port stayed open, and kept a Node process alive after destroy()).
   */
  start(settings: EngineSettings, lossPort?: MessagePort): Promise<{ adapter: string }>;
  /**
   * Takes the Web Lock `name` and holds it for the worker's life, so that the page learns of the
   * worker's end (a terminate() or close() fires no event) when the lock frees; false where the
   * worker has no Web Locks or may not use them.
   */
  holdLifeLock(name: string): Promise<boolean>;
  load(op: number, source: WireSource, options: WireLoadOptions, onProgress?: (p: LoadProgress) => void): Promise<LoadedModel>;
  /** Runs a generation to its end, handing each piece to onPiece in order; the last piece is delivered before this settles. */
  generate(op: number, model: number, request: GenerateRequest, onPiece: (piece: GeneratedPiece) => void): Promise<GenerationStats>;
  /** Trains as engine.train() does, handing each step's report to onStep; the last report arrives before this settles. */
  train(op: number, request: WireTrainRequest, onStep?: (step: TrainStep) => void): Promise<WireTrained>;
  /** Stops the load, generation, training or model call `op` as its AbortSignal would, with the signal's reason; unknown or finished ops are ignored. */
  abort(op: number, reason?: WireReason): void;
  /** A model call; with `op`, abort(op) stops it as the call's own signal would (logits, inspect). */
  call(model: number, method: ModelCall, args: unknown[], op?: number): Promise<unknown>;
  /** Frees the model's GPU memory as Model.dispose() does; tokenize and info go on working, other calls throw ModelDisposedError. */
  dispose(model: number): void;
  /** The page holds the model no more: the worker lets go of it too (a generation still running keeps what it uses). */
  forget(model: number): void;
  /** Destroys the GPU device as a driver reset would (for trying and testing recovery). */
  loseDevice(): void;
}
