// The GPU side of one model.inspect() call: the tap buffers an inspecting pass records into (the
// residual stream, attention maps), sized for its rows and the input's length, and the staging
// buffers that bring a pass's results back with one submit and one wait. Made per call and
// destroyed after it: a model that is never inspected holds none of it. Not the pass (forward.ts,
// Taps) nor the run (Transformer.inspect); tests: tests/model/inspect.test.ts.

import { createStorage, readMapped } from '../gpu/buffers.js';
import type { Gpu } from '../gpu/device.js';
import { Usage } from '../gpu/flags.js';
import type { Recorder } from '../gpu/recorder.js';
import type { ModelConfig } from './config.js';
import type { Taps } from './forward.js';

/**
 * What Transformer.inspect hands its caller, pass by pass, for the input rows at .. at + T - 1;
 * an optional method that is present asks for its data.
 */
export interface InspectSink {
  /** The model's logits (T, V). */
  logits(at: number, logits: Float32Array): void;
  /** The residual stream (T, C) in `slot`: 0 after the embedding, l + 1 after layer l. */
  hidden?(at: number, slot: number, states: Float32Array): void;
  /** The attention probabilities (H, T, width) of attentionLayers[slot]'s H heads of attentionHeads, width being the input's length. */
  attention?(at: number, slot: number, probs: Float32Array): void;
  /** The layers attention() hears of (default: every layer). */
  attentionLayers?: readonly number[];
  /** The query heads attention() hears of, in this order (default: every head). */
  attentionHeads?: readonly number[];
  /** The logit lens: slot `slot`'s residual stream through the final norm and the unembedding, (T, V). */
  lens?(at: number, slot: number, logits: Float32Array): void;
}

export interface CaptureShape {
  /** Rows per pass. */
  rows: number;
  /** The input's length: the attention maps' row width. */
  width: number;
  hidden: boolean;
  /** The layers whose attention maps are tapped (none: no maps). */
  attentionLayers: readonly number[];
  /** The query heads of each tapped map that are read back, in this order. */
  attentionHeads: readonly number[];
}

/**
 * Rows per inspecting pass: at most `most`, and with attention maps of `mapLayers` layers few
 * enough that one layer's (NH, rows, width) fits a storage binding and the `mapHeads` heads read
 * back of all of them one staging buffer.
 */
export function inspectRows(gpu: Gpu, c: ModelConfig, width: number, most: number, mapLayers: number, mapHeads: number): number {
  if (mapLayers === 0) return most;
  const rowBytes = c.nHeads * width * 4;
  const fit = Math.min(gpu.limits.maxStorageBufferBindingSize / rowBytes, gpu.limits.maxBufferSize / (mapHeads * width * 4 * mapLayers));
  return Math.max(1, Math.min(most, Math.floor(fit)));
}

/** A MAP_READ buffer a result is copied into, then mapped and copied out. */
class Staging {
  readonly buffer: GPUBuffer;

  constructor(device: GPUDevice, bytes: number, label: string) {
    this.buffer = device.createBuffer({ label: `inspect:${label}`, size: Math.max(4, bytes), usage: Usage.MAP_READ | Usage.COPY_DST });
  }

  /** The first `floats` floats, once the copies submitted before have landed; `destroyed`: its capture was. */
  async read(floats: number, destroyed: () => boolean): Promise<Float32Array> {
    return new Float32Array(await readMapped(this.buffer, floats * 4, destroyed));
  }
}

/** One pass's results: logits (T, V); hidden (L + 1) x (T, C) and attention (H, T, width) per layer of attentionLayers, when tapped. */
export interface CapturedPass {
  logits: Float32Array;
  hidden?: Float32Array[];
  attention?: Float32Array[];
}

export class Capture {
  private destroyed = false;

  private constructor(
    readonly taps: Taps,
    private readonly c: ModelConfig,
    private readonly shape: CaptureShape,
    private readonly logits: Staging,
    private readonly hidden: Staging | undefined,
    private readonly attention: Staging | undefined,
    private readonly owned: GPUBuffer[],
  ) {}

  /** Tap and staging buffers for passes of `rows` rows over an input of `width` tokens. */
  static create(gpu: Gpu, c: ModelConfig, shape: CaptureShape): Capture {
    const { rows, width, attentionLayers } = shape;
    const { dim: C, nLayers: L, nHeads: NH, vocabSize: V } = c;
    const maps = attentionLayers.length;
    const H = shape.attentionHeads.length;
    const owned: GPUBuffer[] = [];
    const storage = (floats: number, label: string) => {
      const b = createStorage(gpu.device, floats * 4, `inspect:${label}`);
      owned.push(b);
      return b;
    };
    const staging = (floats: number, label: string) => {
      const s = new Staging(gpu.device, floats * 4, label);
      owned.push(s.buffer);
      return s;
    };
    try {
      const taps: Taps = { rows };
      if (shape.hidden) taps.hidden = storage((L + 1) * rows * C, 'hidden');
      if (maps) {
        const layers = Array.from<GPUBuffer | undefined>({ length: L });
        for (const l of attentionLayers) layers[l] = storage(NH * rows * width, `attention${l}`);
        taps.attention = { layers, width };
      }
      return new Capture(
        taps, c, shape,
        staging(rows * V, 'logits'),
        shape.hidden ? staging((L + 1) * rows * C, 'hidden') : undefined,
        maps ? staging(maps * H * rows * width, 'attention') : undefined,
        owned,
      );
    } catch (e) {
      for (const b of owned) b.destroy();
      throw e;
    }
  }

  /** Records the copies of a pass of T rows into staging: its logits (from `logits`) and its taps. */
  stage(rec: Recorder, T: number, logits: GPUBuffer): void {
    const { dim: C, nLayers: L } = this.c;
    const { rows, width, attentionLayers, attentionHeads } = this.shape;
    this.stageLogits(rec, T, logits);
    if (this.taps.hidden && this.hidden) rec.copy(this.taps.hidden, 0, this.hidden.buffer, 0, (L + 1) * rows * C * 4);
    if (this.taps.attention && this.attention) {
      // A tap holds (NH, T, width), the pass's T rows packed; staging (H, T, width) per layer, in
      // attentionLayers' order: a run of consecutive heads is one copy (every head: one a layer).
      const head = T * width * 4;
      const H = attentionHeads.length;
      attentionLayers.forEach((l, i) => {
        for (const { at, first, count } of headRuns(attentionHeads)) {
          rec.copy(this.taps.attention!.layers[l]!, first * head, this.attention!.buffer, (i * H + at) * head, count * head);
        }
      });
    }
  }

  /** Records the copy of T rows of logits (T, V) into staging: the logit lens's passes. */
  stageLogits(rec: Recorder, T: number, logits: GPUBuffer): void {
    rec.copy(logits, 0, this.logits.buffer, 0, T * this.c.vocabSize * 4);
  }

  /** Records the copy of slot `slot`'s T rows of the residual stream into x, for the head pass. */
  restore(rec: Recorder, slot: number, T: number, x: GPUBuffer): void {
    const bytes = this.c.dim * 4;
    rec.copy(this.taps.hidden!, slot * this.shape.rows * bytes, x, 0, T * bytes);
  }

  /** What stage() copied for a pass of T rows, once it has landed. */
  async read(T: number): Promise<CapturedPass> {
    const { dim: C, nLayers: L } = this.c;
    const { rows, width, attentionLayers } = this.shape;
    const maps = attentionLayers.length;
    const map = this.shape.attentionHeads.length * T * width; // (H, T, width)
    const [logits, hidden, attention] = await Promise.all([
      this.readLogits(T),
      this.hidden?.read((L + 1) * rows * C, this.isDestroyed),
      this.attention?.read(maps * map, this.isDestroyed),
    ]);
    return {
      logits,
      hidden: hidden && Array.from({ length: L + 1 }, (_, slot) => hidden.subarray(slot * rows * C, (slot * rows + T) * C)),
      attention: attention && Array.from({ length: maps }, (_, i) => attention.subarray(i * map, (i + 1) * map)),
    };
  }

  /** The logits stageLogits() copied, (T, V). */
  readLogits(T: number): Promise<Float32Array> {
    return this.logits.read(T * this.c.vocabSize, this.isDestroyed);
  }

  destroy(): void {
    this.destroyed = true;
    for (const b of this.owned) b.destroy();
  }

  private readonly isDestroyed = () => this.destroyed;
}

/** The heads as runs of consecutive ones: heads[at .. at + count - 1] are first .. first + count - 1. */
function headRuns(heads: readonly number[]): Array<{ at: number; first: number; count: number }> {
  const runs: Array<{ at: number; first: number; count: number }> = [];
  heads.forEach((h, at) => {
    const last = runs[runs.length - 1];
    if (last && last.first + last.count === h) last.count++;
    else runs.push({ at, first: h, count: 1 });
  });
  return runs;
}
