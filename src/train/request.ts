// The checks a TrainRequest gets before anything runs, kept apart from the trainer so that a
// RemoteEngine's page can run them without bundling it: option names (a misspelt one is refused,
// never ignored), and the signal and onStep, which cannot cross to a worker. Used by api.ts.

import { hubEndpointProblem, hubTokenProblem } from '../model/hub.js';
import { isAbortSignal, withoutUndefined } from '../model/options.js';
import type { TrainData, TrainRequest } from './api.js';
import type { DataSource } from './data/index.js';
import { describe } from '../value-words.js';

// Every option name a request, its data, each data source and a fresh model's shape take: a
// misspelt one (stepz, heldout) is refused, never ignored. Typed so that a new option must be listed.
const REQUEST_OPTIONS = {
  data: 1, model: 1, from: 1, resume: 1, steps: 1, batchSize: 1, contextLength: 1, learningRate: 1, warmup: 1, schedule: 1, minLearningRate: 1,
  weightDecay: 1, gradClip: 1, beta1: 1, beta2: 1, eps: 1, evalEvery: 1, evalTokens: 1, seed: 1, stopAt: 1, maxMemory: 1, signal: 1, onStep: 1, fetch: 1, hfToken: 1, hfEndpoint: 1, modelsBase: 1,
} satisfies Record<keyof TrainRequest, 1>;
const DATA_OPTIONS = { train: 1, heldOut: 1, heldOutFraction: 1, tokenizer: 1 } satisfies Record<keyof TrainData, 1>;
const SOURCE_OPTIONS = { name: 1, text: 1, format: 1 } satisfies Record<keyof DataSource, 1>;
const MODEL_OPTIONS = { architecture: 1, layers: 1, width: 1, heads: 1, kvHeads: 1, mlpWidth: 1 } satisfies Record<keyof NonNullable<TrainRequest['model']>, 1>;

/**
 * The checks a request gets before anything runs, in the page too (a RemoteEngine's, before it
 * crosses to the worker): option names, and the signal and onStep, which cannot cross.
 */
export function checkTrainRequest(request: TrainRequest, { without = [] }: { without?: ReadonlyArray<keyof TrainRequest> } = {}): void {
  checkOptionNames(request, without);
  if (request.signal !== undefined && !isAbortSignal(request.signal)) throw new RangeError(`train: signal must be an AbortSignal, got ${describe(request.signal)}`);
  if (request.onStep !== undefined && typeof request.onStep !== 'function') throw new RangeError(`train: onStep must be a function, got ${describe(request.onStep)}`);
  const shown = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : String(v));
  if (request.resume !== undefined && typeof request.resume !== 'boolean') throw new RangeError(`train: resume must be true or false, got ${shown(request.resume)}`);
  if (request.fetch !== undefined && typeof request.fetch !== 'function') throw new TypeError(`train: fetch must be a function, got ${shown(request.fetch)}`);
  const tokenProblem = request.hfToken === undefined ? undefined : hubTokenProblem(request.hfToken);
  if (tokenProblem) throw new TypeError(`train: hfToken ${tokenProblem}`);
  const endpointProblem = request.hfEndpoint === undefined ? undefined : hubEndpointProblem(request.hfEndpoint);
  if (endpointProblem) throw new TypeError(`train: hfEndpoint ${endpointProblem}`);
  if (request.modelsBase !== undefined && typeof request.modelsBase !== 'string') throw new TypeError(`train: modelsBase must be a string (a folder path or URL), got ${shown(request.modelsBase)}`);
  // Training evaluates on the held-out split: a fraction of 0 would leave it empty.
  const fraction = request.data.heldOutFraction;
  if (fraction !== undefined && !(typeof fraction === 'number' && fraction > 0 && fraction < 1)) {
    throw new RangeError(`train: data.heldOutFraction must be a number in (0, 1) (training evaluates on the held-out split), got ${shown(fraction)}`);
  }
}

/** Throws a RangeError naming an option the request (or a part of it) does not take; a TypeError for a part that is no object. */
function checkOptionNames(request: TrainRequest, without: ReadonlyArray<keyof TrainRequest>): void {
  const known = (what: string, value: unknown, names: Record<string, 1>) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError(`${what} must be an object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
    for (const key of Object.keys(value)) {
      if (!Object.hasOwn(names, key)) throw new RangeError(`unknown option ${what}.${key} (known: ${Object.keys(names).join(', ')})`);
    }
  };
  // A RemoteEngine's list leaves out what its worker cannot take.
  // Given as undefined, they are absent, as in-page.
  known('train', withoutUndefined(request, without), Object.fromEntries(Object.entries(REQUEST_OPTIONS).filter(([name]) => !(without as readonly string[]).includes(name))));
  known('train: data', request.data, DATA_OPTIONS);
  const sources = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  for (const [part, value] of [['train', request.data.train], ['heldOut', request.data.heldOut]] as const) {
    sources(value).forEach((source, i) => known(`train: data.${part}${Array.isArray(value) ? `[${i}]` : ''}`, source, SOURCE_OPTIONS));
  }
  if (request.model !== undefined) known('train: model', request.model, MODEL_OPTIONS);
}
