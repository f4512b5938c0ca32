// The recording machinery of the training passes: steps over bound kernels collected in order,
// per section (forward, backward, optimizer), while their kernels compile; each kernel bound once
// and its shape updated per pass from a StepContext. Knows no model; passes.ts does.

import type { Recorder } from '../../gpu/recorder.js';

/** What changes from pass to pass. */
export interface StepContext {
  /** Sequences in this pass: B in training, up to B in evaluation (a last short batch). */
  rows: number;
  /** Distinct token ids among the pass's inputs (the embedding backward's workgroups). */
  distinct: number;
  /** AdamW's step number, from 1, and learning rate. */
  step: number;
  lr: number;
}

export type Step = (rec: Recorder, ctx: StepContext) => void;

export type Section = 'forward' | 'backward' | 'optimizer';

export type Sections = Record<Section, Step[]>;

/** A bound kernel call: the surface of the kernel modules' Bound. */
interface BoundCall<S> {
  update(shape: S): unknown;
  record(rec: Recorder): void;
  destroy(): void;
}

export class StepBuilder {
  private readonly pending: Array<[Section, Promise<Step>]> = [];
  private readonly bound: Array<{ destroy(): void }> = [];
  private current: Section = 'forward';

  /** `full`: the context kernels are first bound with (every sequence), so buffers are sized for it. */
  constructor(private readonly full: StepContext) {}

  /** Steps added from now on go to `section`. */
  section(s: Section): void {
    this.current = s;
  }

  /**
   * Appends the step of a kernel still compiling: bound once (with the shape of the full context),
   * its shape updated each pass from the context; `when` skips it in passes where it has nothing to
   * do (a sequence past ctx.rows).
   */
  add<K, S>(kernel: Promise<K>, shape: (ctx: StepContext) => S, bind: (k: K, shape: S) => BoundCall<S>, when?: (ctx: StepContext) => boolean): void {
    this.pending.push([this.current, kernel.then((k) => {
      const bound = this.own(bind(k, shape(this.full)));
      return (rec: Recorder, ctx: StepContext) => {
        if (when && !when(ctx)) return;
        bound.update(shape(ctx));
        bound.record(rec);
      };
    })]);
  }

  /**
   * The step `record` lays out (its calls on this builder), once every kernel is bound. If any
   * call or kernel fails, those already bound are freed once all have settled.
   */
  async build(record: () => void): Promise<Sections & { destroy(): void }> {
    const destroy = () => this.bound.splice(0).forEach((b) => b.destroy());
    try {
      record();
      const steps = await Promise.all(this.pending.map(([, p]) => p));
      const sections: Sections = { forward: [], backward: [], optimizer: [] };
      this.pending.forEach(([s], i) => sections[s].push(steps[i]));
      return { ...sections, destroy };
    } catch (e) {
      await Promise.allSettled(this.pending.map(([, p]) => p));
      destroy();
      throw e;
    }
  }

  private own<B extends { destroy(): void }>(b: B): B {
    this.bound.push(b);
    return b;
  }
}
