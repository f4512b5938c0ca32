// One generation: prompt ids in, text pieces out, one GPU step per token with sampling on the GPU,
// read from a decode stream that queues steps ahead (decode-stream.ts).
// `Generation` is what model.generate() and model.chat() return: an async iterable of pieces,
// plus the run's stats and whole text as promises. Options: options.ts; the forward pass and the
// KV cache: transformer.ts. Tests: tests/model/generate.test.ts.

import { logNormalizer, logProbability, tokenTexts, topIndices } from './distribution.js';
import { endingText, firstStop, heldBack } from './stop-text.js';
import type { Tokenizer } from '../tokenizer/types.js';
import type { CheckedOptions } from './options.js';
import { SupersededError, type DecodeStream, type Session } from './transformer.js';
import { DeviceLostError, EngineDestroyedError, ModelDisposedError } from '../errors.js';

export interface TokenLogprob {
  id: number;
  /** The token's text as it reads inside a text (" the", SentencePiece's leading space kept; a special token written out, "<|endoftext|>"; bytes of part of a character as "<0xE2>"): tokenPiece. */
  text: string;
  logprob: number;
}

export interface GeneratedPiece {
  /** Text completed by this token (may be empty while a multi-token character is pending). */
  text: string;
  /** The token generated at this step; absent on a final piece that only flushes held-back text. */
  id?: number;
  logprobs?: { chosen: TokenLogprob; top: TokenLogprob[] };
}

export type StopReason = 'maxTokens' | 'eos' | 'stop' | 'aborted' | 'context' | 'superseded';

export interface GenerationStats {
  promptTokens: number;
  /** Tokens generated (an end-of-sequence token that stopped the run is not counted). */
  generatedTokens: number;
  /** Milliseconds from the call (tokenising included, and any wait before the generation is first read) to the first generated token. */
  timeToFirstTokenMs: number;
  prefillTokensPerSecond: number;
  /**
   * Decode steps per second of the time the pipeline spent on them as the host saw it
   * (StepResult.busyMs). A reader pausing between pieces does not inflate it; one that leaves the
   * queue empty gets each step's time alone (no overlap), and one that blocks the thread delays the
   * readbacks it sees.
   */
  decodeTokensPerSecond: number;
  /**
   * 'aborted': the signal fired, or the consumer stopped iterating; 'superseded': a newer call on
   * the same model took its KV cache over; 'context': the context is full (contextShift: false).
   */
  stopReason: StopReason;
  /** Times the full context was cut to its recent half to go on (GenerateOptions.contextShift). */
  contextShifts: number;
  /** GPU dispatches one decode step records (0 when the run decoded no token after the prompt). */
  dispatchesPerToken: number;
  /** The sampler's seed: the one given, or the one drawn when none was (given as `seed`, it draws this run's tokens again). */
  seed: number;
}

/** The stats of a run stopped before its first step: its signal had fired when it was asked for. */
export function abortedBeforeStart(promptTokens: number, seed: number): GenerationStats {
  return { promptTokens, generatedTokens: 0, timeToFirstTokenMs: 0, prefillTokensPerSecond: 0, decodeTokensPerSecond: 0, stopReason: 'aborted', contextShifts: 0, dispatchesPerToken: 0, seed };
}

/** What a generation needs, checked before it starts. */
export interface GenerationPlan {
  started: number;
  promptIds: number[];
  options: CheckedOptions;
  /** Ids that end the run (the tokenizer's and the model config's end-of-sequence ids). */
  endIds: Set<number>;
  /** The end-of-sequence tokens' texts: spelled out right before an end token, they are dropped with it. */
  endTexts: string[];
  /**
   * Prompt tokens every context shift keeps at the start (chat: through the system turn), when they
   * take at most a quarter of the context; else, and by default, a BOS the prompt begins with.
   */
  keep?: number;
}

/**
 * A running generation: iterate it once for the pieces; `stats` and `text()` settle when it ends
 * (and run it to the end themselves when nobody iterates). Errors reject both and the iteration.
 */
export class Generation implements AsyncIterable<GeneratedPiece> {
  private readonly finished: Promise<GenerationStats>;
  private consumed = false;
  private whole = '';
  private settle!: { resolve(s: GenerationStats): void; reject(e: unknown): void };

  /**
   * `run` is the checked run, the error that rejected the call (it surfaces when consumed), or the
   * stats of a run that ended before it began (its signal had fired: it took no KV cache over).
   */
  constructor(private readonly run: TokenRun | { error: unknown } | { unrun: GenerationStats }) {
    this.finished = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
    this.finished.catch(() => undefined); // rejections reach whoever awaits; none go unhandled
    if ('unrun' in run) this.settle.resolve(run.unrun);
    else if (!(run instanceof TokenRun)) this.settle.reject(run.error);
    // Superseded (or the model or device gone) while its consumer holds the loop between pieces:
    // the run has ended, so its stats settle now (or reject with why it cannot go on).
    else run.onEnded((error) => (error ? this.settle.reject(error) : this.settle.resolve(run.stats())));
  }

  /**
   * The run's stats, once it ends. Asking for them when nobody iterates the generation runs it to
   * its end (from the next microtask, so a loop started right after still gets the pieces).
   */
  get stats(): Promise<GenerationStats> {
    if (!this.consumed) queueMicrotask(() => void this.drain().catch(() => undefined));
    return this.finished;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<GeneratedPiece, void> {
    if (this.consumed) throw new Error('this Generation was already consumed (by a loop, text() or stats); call generate() again for another run');
    this.consumed = true;
    const run = this.run;
    if ('unrun' in run) return;
    if (!(run instanceof TokenRun)) throw run.error;
    // Aborted while its consumer holds the loop between pieces: the run has ended, so its stats
    // settle now, as on supersession. Only then: an abort during a step leaves the step's own
    // outcome (an error rejects the stats) to the loop.
    const { signal } = run;
    const settleOnAbort = () => this.settle.resolve(run.stats());
    try {
      for await (const piece of run.pieces()) {
        this.whole += piece.text;
        signal?.addEventListener('abort', settleOnAbort, { once: true });
        yield piece;
        signal?.removeEventListener('abort', settleOnAbort);
      }
    } catch (e) {
      this.settle.reject(e);
      throw e;
    } finally {
      signal?.removeEventListener('abort', settleOnAbort);
      this.settle.resolve(run.stats()); // no-op after a rejection; an early stop reports 'aborted'
    }
  }

  /** The whole generated text: runs the generation to its end unless someone is iterating it. */
  async text(): Promise<string> {
    await this.drain();
    await this.finished;
    return this.whole;
  }

  /** Runs the generation to its end if nobody has started iterating it. */
  private async drain(): Promise<void> {
    if (this.consumed) return;
    for await (const _piece of this) {
      // pieces are collected as they pass
    }
  }
}

/**
 * The token loop of one run on its session. Ends with 'superseded' when another call takes the
 * KV cache over, 'aborted' on the signal or when the consumer stops iterating.
 */
export class TokenRun {
  private stopReason: StopReason = 'aborted'; // what an early stop by the consumer leaves
  /** The run has decided to end with the piece being yielded: nothing later changes why it stopped. */
  private complete = false;
  /** The model or its device went before any stop: its error rejected the stats, and the loop throws it too. */
  private goneBeforeStop: Error | undefined;
  private generated = 0;
  private firstTokenMs = 0;
  private prefillMs = 0;
  private decodeMs = 0;
  private decodeSteps = 0; // steps after the first, the one that met an end token included, the refills after shifts not
  private contextShifts = 0;

  constructor(
    private readonly session: Session,
    private readonly tokenizer: Tokenizer,
    private readonly maxSeqLen: number,
    private readonly plan: GenerationPlan,
  ) {}

  /** The run's abort signal, if it has one. */
  get signal(): AbortSignal | undefined {
    return this.plan.options.signal;
  }

  /**
   * Calls `callback` when the run's hold ends between its steps: another call takes the KV cache
   * over (the stop reason is 'superseded' from then), or the model or its device goes (the error).
   * A run whose last piece was out already ('stop', 'maxTokens') keeps its reason, and no error;
   * one whose signal had fired, its step in flight, stays 'aborted'.
   */
  onEnded(callback: (error?: Error) => void): void {
    this.session.onEnded((error) => {
      if (this.complete) return callback();
      if (!error) this.stopReason = 'superseded';
      else if (this.signal?.aborted) return callback(); // stopped before the model or its device went: 'aborted' stands
      else this.goneBeforeStop = error;
      callback(error);
    });
  }

  stats(): GenerationStats {
    const prompt = this.plan.promptIds.length;
    return {
      promptTokens: prompt,
      generatedTokens: this.generated,
      timeToFirstTokenMs: this.firstTokenMs,
      prefillTokensPerSecond: this.prefillMs > 0 ? (prompt / this.prefillMs) * 1000 : 0,
      decodeTokensPerSecond: this.decodeMs > 0 ? (this.decodeSteps / this.decodeMs) * 1000 : 0,
      stopReason: this.stopReason,
      contextShifts: this.contextShifts,
      dispatchesPerToken: this.decodeSteps > 0 ? this.session.dispatchesPerToken ?? 0 : 0,
      seed: this.plan.options.sampling.seed,
    };
  }

  async *pieces(): AsyncGenerator<GeneratedPiece, void> {
    try {
      yield* this.loop();
    } finally {
      this.session.end();
    }
  }

  private async *loop(): AsyncGenerator<GeneratedPiece, void> {
    const { started, promptIds, options: o, endIds, endTexts } = this.plan;
    const { stops } = o;
    const forming = heldBack([...stops, ...endTexts]); // a tail that may still become one of these is held back
    const { session, tokenizer } = this;
    const decoder = tokenizer.createStreamDecoder(promptIds);
    const textOf = tokenTexts(tokenizer); // logprobs name the same likely tokens step after step
    // The text not yielded yet: held back while a stop string or an end token's text may be forming.
    // Only it is kept: on the whole text, V8 flattened (copied) a string as long as the run at each
    // token's search (24 s over 128k tokens).
    let text = '';
    let input = promptIds;
    const history = [...promptIds];
    // Runs from `input` until the context is full or the run stops; closing it discards the steps
    // it queued past the last token read.
    let stream: DecodeStream | undefined;
    let firstTimed = false;
    try {
      for (;;) {
        if (this.goneBeforeStop) throw this.goneBeforeStop; // held between pieces when it went: a later stop changes nothing
        const stop = this.stopBefore(input.length);
        if (stop) { this.stopReason = stop; break; }
        const stepStart = now();
        let step;
        let refill = false; // this step re-runs the kept half after a shift: a prefill, not a decode step
        try {
          if (!stream) {
            const restart = this.mustShift(input.length);
            refill = restart;
            if (restart) {
              input = this.recentHalf(history);
              this.contextShifts++;
            }
            // The penalty's context after a shift is the kept half, the ids the cache holds.
            const context = restart ? input : [...history];
            const sampling = { ...o.sampling, step: this.generated, history: context };
            stream = await session.decode(input, sampling, { logits: o.logprobs > 0, restart, limit: o.maxTokens - this.generated, signal: o.signal });
          }
          step = await stream.next();
        } catch (e) {
          // A newer call took the cache over: superseded, also where the model then went before this
          // step landed (its stats settled 'superseded' then; review X).
          if (e instanceof SupersededError || (isGone(e) && session.superseded)) { this.stopReason = 'superseded'; break; }
          // Stopped before its step met the model or its device going: the stop wins, as it does
          // over a step that lands (the next call still says what went).
          if (o.signal?.aborted && isGone(e) && !this.goneBeforeStop) { this.stopReason = 'aborted'; break; }
          throw e;
        }
        if (this.goneBeforeStop) throw this.goneBeforeStop; // went while the step landed, before any stop
        if (!step) { // the context is full (the next stream starts from its recent half), or the signal stopped a long prefill
          stream.close();
          stream = undefined;
          continue;
        }
        const stepMs = now() - stepStart;
        if (!firstTimed) {
          firstTimed = true; // a flag, not prefillMs === 0: a coarse clock may time the prefill at 0
          this.prefillMs = stepMs;
          this.firstTokenMs = now() - started;
        } else if (!refill) {
          // The step's own GPU time, not the wait: a slow reader finds queued steps done already.
          this.decodeMs += step.busyMs;
          this.decodeSteps++;
        }
        // An abort or a newer call that came during the step wins over its token: the stats
        // settled then (Generation), and the pieces must not outrun them.
        if (o.signal?.aborted) { this.stopReason = 'aborted'; break; }
        if (session.superseded) { this.stopReason = 'superseded'; break; }
        const { token, logits } = step;
        history.push(token);
        if (endIds.has(token) && !o.ignoreEos) {
          // An end token's text the model spelled out right before the token itself is the same end: dropped.
          text = text.slice(0, text.length - endingText(text, endTexts));
          this.stopReason = 'eos';
          break;
        }
        this.generated++;
        text += decoder.push(token);
        const cut = firstStop(text, stops);
        if (cut >= 0) text = text.slice(0, cut);
        // Hold back a tail that could still grow into a stop string, or an end token's text that
        // the end token may follow; spelled out anywhere else, that text is text like any other.
        const safe = cut >= 0 ? text.length : text.length - Math.max(forming(text), endingText(text, endTexts));
        const piece: GeneratedPiece = { text: text.slice(0, safe), id: token };
        // Over the tokenizer's ids only: a checkpoint's padding rows are never sampled or decodable.
        if (logits) piece.logprobs = logprobsOf(logits.subarray(0, tokenizer.vocabSize), token, o.logprobs, textOf);
        text = text.slice(safe);
        if (cut >= 0) {
          this.stopReason = 'stop';
          this.complete = true;
          yield piece;
          return;
        }
        // The run is complete with this token: a consumer that stops after it has not cut it short.
        if (this.generated === o.maxTokens) {
          this.stopReason = 'maxTokens';
          this.complete = true;
        }
        yield piece;
        input = [token];
      }
    } finally {
      stream?.close();
    }
    // Ended for its own reason ('eos', 'context', ...): a newer call during the tail's yield changes nothing.
    const ownEnd = this.stopReason !== 'aborted' && this.stopReason !== 'superseded';
    if (ownEnd) this.complete = true;
    // The decoder holds back text while a character's bytes are unfinished: a stop string in what it
    // held is cut here, and ended the run where it began (else "." of ['.'] came out before a "\uFFFD").
    text += decoder.flush();
    const cut = firstStop(text, stops);
    if (cut >= 0) {
      text = text.slice(0, cut);
      if (ownEnd) this.stopReason = 'stop';
    }
    if (text) yield { text };
  }

  /** Why the run must stop before feeding `inputLength` more tokens, if it must. */
  private stopBefore(inputLength: number): StopReason | undefined {
    const o = this.plan.options;
    if (this.generated >= o.maxTokens) return 'maxTokens';
    if (o.signal?.aborted) return 'aborted';
    if (this.session.superseded) return 'superseded';
    if (!o.contextShift && this.mustShift(inputLength)) return 'context';
    return undefined;
  }

  /** Feeding `inputLength` more tokens would overflow the context. */
  private mustShift(inputLength: number): boolean {
    return this.generated > 0 && this.session.position + inputLength > this.maxSeqLen;
  }

  /**
   * The tokens a shifted context starts again from, half the context: the prompt's first
   * `plan.keep` tokens (a chat's system turn), else the BOS it began with (a model trained with
   * BOS first expects one there), then the most recent of the history. Re-running them costs one
   * prefill every maxSeqLen / 2 tokens, not one per token as cropping each step would.
   */
  private recentHalf(history: number[]): number[] {
    const half = Math.max(1, Math.floor(this.maxSeqLen / 2));
    const bos = half > 1 && this.tokenizer.bosId !== undefined && history[0] === this.tokenizer.bosId ? 1 : 0;
    const { keep } = this.plan;
    const kept = history.slice(0, keep !== undefined && keep <= half / 2 ? keep : bos);
    return [...kept, ...history.slice(history.length - (half - kept.length))];
  }
}

/** The model, its engine or its device went: no step can follow, whatever the run does. */
function isGone(error: unknown): boolean {
  return error instanceof DeviceLostError || error instanceof EngineDestroyedError || error instanceof ModelDisposedError;
}

/**
 * Log-probabilities under the model's distribution for this step (softmax of the logits after
 * the repetition penalty and the logit bias, before temperature and filters): the chosen token and the k best.
 */
function logprobsOf(logits: Float32Array, chosen: number, k: number, textOf: (id: number) => string): { chosen: TokenLogprob; top: TokenLogprob[] } {
  const norm = logNormalizer(logits);
  const entry = (id: number): TokenLogprob => ({ id, text: textOf(id), logprob: logProbability(logits[id], norm) });
  return { chosen: entry(chosen), top: topIndices(logits, k).map(entry) };
}

export function now(): number {
  return performance.now();
}
