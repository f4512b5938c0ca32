// Pipelined decoding: a stream runs its input (the prompt, or one token) as step 0, then decode
// steps whose input is the token the step before sampled, fed on the GPU (the sampler writes it
// where the next embedding reads it). The host keeps up to DECODE_WINDOW steps queued and reads
// each step's token back through its own staging buffer of a small ring, in order, instead of
// waiting on a 4-byte map before recording the next step. A browser asks for each step's map at
// its submit; Node, where a pending map keeps a host core polling (src/gpu/map.ts), one step at a
// time, each once the step before has landed. A reader that stops early (EOS, a stop
// string, abort) closes the stream: the queued steps past the last token read are discarded, their
// KV rows lie past the accepted position, where the next step overwrites them. An input longer
// than one prefill pass runs its leading chunks first, one queued ahead of the other and checked
// between them, so that an abort or a newer call stops a long prompt within a chunk or two. Used
// by Transformer (transformer.ts); tests: tests/model/decode-loop.test.ts.

import { NonFiniteLogitsError } from '../errors.js';
import { Usage } from '../gpu/flags.js';
import { mapForReading, queueDone, WAITS_SPIN } from '../gpu/map.js';
import type { Recorder } from '../gpu/recorder.js';
import { describeUnsamplable, NON_FINITE_TOKEN } from '../kernels/sample/kernel.js';
import type { Sampling } from './forward.js';

/**
 * Steps queued ahead of the one being read. Each queued step hides one submit-and-map round trip
 * (3-4 ms measured in Node and Chromium) behind the GPU work of the steps before it; a run that
 * stops early wastes at most this many - 1 steps. 4 covers the round trip for steps of 1 ms and up.
 */
export const DECODE_WINDOW = 4;

export interface StepResult {
  token: number;
  /** The logits the sampler saw (after the repetition penalty and the logit bias), when the stream was asked for them. */
  logits?: Float32Array;
  /**
   * The time the GPU pipeline spent on this step as the host saw it: from the later of its submit
   * and the previous step's readback to its own readback. Unlike the wait in next(), it does not
   * shrink when the reader is slow and the queued steps finish meanwhile.
   */
  busyMs: number;
}

/** What a stream needs from its transformer. */
export interface StreamHost {
  device: GPUDevice;
  /** Logits per row, and the ids below which the sampler draws. */
  vocabSize: number;
  sampleVocab: number;
  /**
   * Records and submits one step at `pos0`: `ids` uploaded, or (absent) the token the previous
   * step sampled as its one input; then `then`'s copies, in the same command buffer.
   */
  submit(ids: number[] | undefined, pos0: number, sampling: Sampling, then: (rec: Recorder) => void): void;
  /** Rows of one prefill pass: a longer input runs in chunks of this many. */
  prefillRows: number;
  /** Records and submits one prefill chunk (at most prefillRows ids) at `pos0`, filling the KV cache only. */
  prefill(ids: number[], pos0: number): void;
  /** Copies of the token (ids[0]) and logits buffers: the sources of each step's readback. */
  tokenBuffer: GPUBuffer;
  logitsBuffer: GPUBuffer;
  /** Throws when this stream may not run another step: its session was superseded, the model disposed. */
  check(): void;
  /** The KV cache now holds `position` accepted positions. */
  accept(position: number): void;
  /** Awaits GPU work, turning a failure into its reason (disposal, a lost device). */
  settle<T>(work: Promise<T>): Promise<T>;
  /** Runs one step again with host ids and returns its logits: the error path of a non-finite row. */
  logitsOf(ids: number[], pos0: number, sampling: Sampling): Promise<Float32Array>;
  /** The stream is closed: its host forgets it. */
  release(stream: DecodeStream): void;
}

interface Queued {
  step: number;
  staging: GPUBuffer;
  /** The readback's map: asked for at submit, or where waits spin, once the step before has landed (watch()). */
  mapped?: Promise<void>;
  submittedAt: number;
  /** When the map landed (set by the map's own callback, before any reader resumes). */
  landedAt?: number;
}

export class DecodeStream {
  private readonly ring: GPUBuffer[] = [];
  private readonly queued: Queued[] = [];
  private readonly tokens: number[] = []; // read so far, in order
  private recorded = 0;
  /** The last next() call's read: the next one waits for it. */
  private reads: Promise<unknown> = Promise.resolve();
  private closed = false;
  private cancelled?: Error;
  /** Input ids run ahead of step 0 (a long input's leading chunks), and that run while it goes on. */
  private prefilled = 0;
  private leading?: Promise<void>;
  /** The signal fired before step 0 was queued: the stream ends without a token. */
  private halted = false;
  /** When the last step read had landed (StepResult.busyMs). */
  private lastLanded = -Infinity;
  /** Where waits spin, the one queued step whose map is asked for (watch()). */
  private watched?: Queued;

  /**
   * `input` runs at `start`; at most `limit` steps (tokens) in all. The sampling's `step` is step
   * 0's; step k draws with step + k. `logits`: each step also copies its logit row back.
   */
  constructor(
    private readonly host: StreamHost,
    private readonly input: number[],
    private readonly start: number,
    private readonly sampling: Sampling,
    private readonly o: { logits: boolean; limit: number; signal?: AbortSignal },
  ) {}

  /** Steps queued whose tokens are not read yet (0 once closed: nothing left mapped or pending). */
  get inFlight(): number {
    return this.queued.length;
  }

  /**
   * The next token, in order; undefined once `limit` tokens were read, or when the signal stopped
   * a long input's prefill (the caller looks at its signal). Throws the step's
   * NonFiniteLogitsError, or SupersededError once another call has taken the model over.
   * Overlapping calls run one after another: a step's staging buffer must be read before
   * fill() records a later step into it.
   */
  next(): Promise<StepResult | undefined> {
    const result = this.reads.then(() => this.read());
    this.reads = result.catch(() => undefined);
    return result;
  }

  private async read(): Promise<StepResult | undefined> {
    if (this.cancelled) throw this.cancelled;
    if (this.closed) throw new Error('this decode stream is closed');
    this.host.check();
    if (this.leading) {
      try {
        await this.leading;
      } catch (e) {
        throw this.cancelled ?? e;
      }
      if (this.closed) throw this.cancelled ?? new Error('this decode stream is closed');
      this.leading = undefined; // done: the input's last chunk goes with step 0
      if (this.o.signal?.aborted) this.halted = true; // before or during the last chunk awaited: step 0 need not be queued
    }
    if (this.halted) return undefined;
    this.fill();
    const head = this.queued.shift();
    if (!head) return undefined;
    try {
      await this.host.settle(head.mapped ?? this.map(head));
    } catch (e) {
      throw this.cancelled ?? e;
    }
    if (this.closed) throw this.cancelled ?? new Error('this decode stream is closed');
    const bytes = await this.host.settle(takeMapped(head.staging));
    const token = new Uint32Array(bytes, 0, 1)[0];
    const logits = this.o.logits ? new Float32Array(bytes, 4, this.host.vocabSize) : undefined;
    if (token === NON_FINITE_TOKEN) throw await this.nonFinite(head.step, logits);
    this.tokens.push(token);
    this.host.accept(this.positionOf(head.step) + this.widthOf(head.step));
    const landed = head.landedAt ?? performance.now();
    const busyMs = landed - Math.max(this.lastLanded, head.submittedAt);
    this.lastLanded = landed;
    return { token, logits, busyMs };
  }

  /** Records steps until the window is full or the limit reached; a long input's leading chunks first. */
  fill(): void {
    if (this.recorded === 0 && this.input.length - this.prefilled > this.host.prefillRows) {
      this.leading ??= this.runLeadingChunks();
      this.leading.catch(() => undefined); // read() reports it
      return;
    }
    while (!this.closed && this.recorded < this.o.limit && this.queued.length < DECODE_WINDOW) {
      const step = this.recorded++;
      const staging = this.staging(step);
      const { tokenBuffer, logitsBuffer, vocabSize } = this.host;
      const logits = this.o.logits;
      const ids = step === 0 ? this.input.slice(this.prefilled) : undefined;
      // Object.assign, not `{ ...a, b }`: the same result without V8's slow path for the spread (attention's params()).
      const sampling = Object.assign({}, this.sampling, { step: (this.sampling.step ?? 0) + step, history: step === 0 ? this.sampling.history : undefined });
      this.host.submit(ids, this.positionOf(step) + (step === 0 ? this.prefilled : 0), sampling, (rec) => {
        rec.copy(tokenBuffer, 0, staging, 0, 4);
        if (logits) rec.copy(logitsBuffer, 0, staging, 4, vocabSize * 4);
      });
      const queued: Queued = { step, staging, submittedAt: performance.now() };
      if (!WAITS_SPIN) this.map(queued);
      this.queued.push(queued);
    }
    this.watch();
  }

  /**
   * Where waits spin, asks for the maps of the queued steps one at a time, in order: each landing
   * asks for the next step's, so a landing is seen when it happens (busyMs) whatever the reader
   * does, and one map at a time is polled (src/gpu/map.ts).
   */
  private watch(): void {
    if (!WAITS_SPIN || this.watched || this.closed) return;
    const next = this.queued.find((q) => !q.mapped);
    if (!next) return;
    this.watched = next;
    const onward = () => {
      this.watched = undefined;
      this.watch();
    };
    this.map(next).then(onward, onward);
  }

  private map(queued: Queued): Promise<void> {
    queued.mapped = mapForReading(queued.staging, () => this.closed); // close() destroys the staging ring
    queued.mapped.then(() => (queued.landedAt = performance.now()), () => undefined); // a closed stream's maps are aborted; the reader sees why
    return queued.mapped;
  }

  /**
   * Runs the input's chunks before its last, each submitted before the one ahead of it is awaited
   * (the GPU stays busy), and stops between them when the stream is closed, its session taken
   * over, or the signal aborted: a long prompt used to run to its end before any of these counted.
   */
  private async runLeadingChunks(): Promise<void> {
    const rows = this.host.prefillRows;
    let ahead: Promise<void> | undefined;
    while (this.input.length - this.prefilled > rows) {
      if (this.closed || this.o.signal?.aborted) return; // read() says why
      this.host.check();
      this.host.prefill(this.input.slice(this.prefilled, this.prefilled + rows), this.start + this.prefilled);
      this.prefilled += rows;
      const done = queueDone(this.host.device);
      done.catch(() => undefined); // a wait left behind when the loop stops (a lost device rejects it); settle() still sees it
      if (ahead) await this.host.settle(ahead);
      ahead = done;
    }
  }

  /** Discards the queued steps and frees the staging buffers (a pending map is aborted). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const b of this.ring) b.destroy();
    this.queued.length = 0;
    this.host.release(this);
  }

  /** Closes the stream for another call: its next() throws `reason`. */
  cancel(reason: Error): void {
    this.cancelled ??= reason;
    this.close();
  }

  private positionOf(step: number): number {
    return step === 0 ? this.start : this.start + this.input.length + step - 1;
  }

  private widthOf(step: number): number {
    return step === 0 ? this.input.length : 1;
  }

  private staging(step: number): GPUBuffer {
    const slot = step % DECODE_WINDOW;
    this.ring[slot] ??= this.host.device.createBuffer({
      label: `decode readback ${slot}`,
      size: 4 + (this.o.logits ? this.host.vocabSize * 4 : 0),
      usage: Usage.MAP_READ | Usage.COPY_DST,
    });
    return this.ring[slot];
  }

  /**
   * The error for a step whose row could not be sampled, naming its step and what was wrong.
   * Without its logits at hand the step runs again (only its row is needed; later ones are void).
   */
  private async nonFinite(step: number, logits: Float32Array | undefined): Promise<NonFiniteLogitsError> {
    this.close();
    const drawn = (this.sampling.step ?? 0) + step;
    const ids = step === 0 ? this.input : [this.tokens[step - 1]];
    const history = step === 0 ? this.sampling.history : [...(this.sampling.history ?? []), ...this.tokens];
    const row = logits ?? await this.host.logitsOf(ids, this.positionOf(step), { ...this.sampling, step: drawn, history });
    return new NonFiniteLogitsError(drawn, describeUnsamplable(row.subarray(0, this.host.sampleVocab)));
  }
}

/**
 * A mapped buffer's bytes, unmapping it. Async so that getMappedRange's throw (a device lost
 * after the map landed unmaps every buffer) reaches the host's settle, which names the loss.
 */
async function takeMapped(buffer: GPUBuffer): Promise<ArrayBuffer> {
  const bytes = buffer.getMappedRange().slice(0);
  buffer.unmap();
  return bytes;
}
