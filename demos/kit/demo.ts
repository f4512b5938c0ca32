// A demo page's life: the engine worker, the model picker, the current model, the page's error
// box, and the page state that tests wait on (body[data-state]). A page calls startDemo() once and
// runs its interactions through demo.run(). A load that fails leaves the previous model in place;
// a lost GPU device offers "Reload the model" on a new engine.
// Tests: tests/browser/playground.test.ts, picker.test.ts.

import { DeviceLostError, NoAdapterError, WebGPUUnavailableError } from '../../src/errors.js';
import { renamingOptions } from '../../src/option-names.js';
import type { RemoteEngine, RemoteModel } from '../../src/worker/client.js';
import { $ } from './dom.js';
import { startEngine } from './engine.js';
import { ErrorBox } from './errors.js';
import { ModelPicker, sourceLabel, type Pick } from './picker.js';

/**
 * body[data-state]: 'loading' (a model loads), 'ready' (a model is loaded, nothing runs), 'busy'
 * (a page task runs), 'done' (it ended), 'error' (the last load or task failed; the message shows).
 */
export type DemoState = 'loading' | 'ready' | 'busy' | 'done' | 'error';

export interface DemoOptions {
  /** The source the page opens on (default:shakespeare); the page URL's ?model= (and ?tokenizer=) override it. */
  model: string;
  /** Called after each load, before the previous model is disposed: the page redraws for the new model. */
  onModel?: (model: RemoteModel) => void | Promise<void>;
  /** The page's field for each engine option it sets ({ topP: 'top-p' }): errors name the field, not the option. */
  fields?: Record<string, string>;
}

export interface Demo {
  /** The model now loaded; undefined until the first load succeeds. */
  readonly model: RemoteModel | undefined;
  readonly engine: RemoteEngine | undefined;
  /** Settles once the first load has ended, loaded or not. */
  readonly ready: Promise<void>;
  /**
   * Runs a page task on the current model: state 'busy', then 'done'; a failure is shown in the
   * page's error box (state 'error') and gives undefined. Does nothing without a model. `names`:
   * this task's own words for options, quotes included, before the page's `fields` (where two
   * parts of a page have a field of one name: { seed: '"seed" of fine-tuning (2)' }).
   */
  run<T>(task: (model: RemoteModel) => Promise<T>, names?: Record<string, string>): Promise<T | undefined>;
  /**
   * The page's #run and #stop buttons: Run runs `task` (through run()) with a signal of that run's
   * own, made before the task starts, so Stop ends this run and never a later one; with ?autorun=1
   * in the page's URL it runs once the opening model is ready.
   */
  runButtons(task: (model: RemoteModel, signal: AbortSignal) => Promise<void>): void;
  /** Settles once no load and no task runs: after it, run() runs (with a model) rather than doing nothing. */
  idle(): Promise<void>;
  /** Shows an error in the page's error box (state 'error'), its options named as run()'s `names` are. */
  fail(error: unknown, names?: Record<string, string>): void;
}

/**
 * Starts the page: mounts the model picker into #model-picker, shows errors in #error, and loads
 * the opening model. While no model is ready or a task runs, every [data-needs-model] control is
 * disabled; [data-while-busy] controls (a stop button) are enabled only while a task runs.
 */
export function startDemo(options: DemoOptions): Demo {
  const demo = new DemoPage(options);
  if (import.meta.env.DEV) {
    // For trying (and testing) the recovery: what a driver reset or a GPU process crash looks like.
    Object.assign(window, { __shaderlmLoseDevice: () => demo.engine?.loseDevice() });
  }
  return demo;
}

/**
 * Calls `stop` when the page is left. A page the browser keeps in its back-forward cache is
 * frozen, but its engine worker is not: a run would go on unseen, using the GPU (a generation with
 * context shifts never ends by itself). Back on the page, the run shows as stopped.
 */
export function stopWhenLeft(stop: () => void): void {
  addEventListener('pagehide', stop);
}

/** A rewrite of messages that names each option as the page's field: "topP must be ..." -> '"top-p" must be ...'. */
export function fieldNames(fields: Record<string, string>): (message: string) => string {
  // A field's own label (numberIn's message) is in quotes already, and may be spelled as the option is: renamingOptions leaves it.
  return renamingOptions(Object.fromEntries(Object.entries(fields).map(([option, field]) => [option, `"${field}"`])));
}

class DemoPage implements Demo {
  model: RemoteModel | undefined;
  engine: RemoteEngine | undefined;
  readonly ready: Promise<void>;
  private readonly picker: ModelPicker | undefined;
  private readonly errors: ErrorBox;
  private lastPick: Pick | undefined;
  private busy = false;
  private loadingNow = false;
  /** Settles when every load and task begun so far has ended. */
  private activity: Promise<void> = Promise.resolve();

  constructor(private readonly options: DemoOptions) {
    this.errors = new ErrorBox($('error'), fieldNames(options.fields ?? {}));
    // A page without a #model-picker (training: it trains its own) keeps the model it opens on.
    const pickerBox = document.getElementById('model-picker');
    this.picker = pickerBox ? new ModelPicker(pickerBox, (pick) => void this.load(pick)) : undefined;
    const params = new URLSearchParams(location.search);
    const model = params.get('model') ?? options.model;
    this.ready = this.load({ source: model, label: sourceLabel(model), tokenizer: params.get('tokenizer') ?? undefined });
  }

  run<T>(task: (model: RemoteModel) => Promise<T>, names?: Record<string, string>): Promise<T | undefined> {
    return this.track(this.runNow(task, names));
  }

  runButtons(task: (model: RemoteModel, signal: AbortSignal) => Promise<void>): void {
    let controller: AbortController | undefined;
    const run = () => this.run((model) => {
      controller = new AbortController();
      return task(model, controller.signal);
    });
    $('run').addEventListener('click', () => void run());
    $('stop').addEventListener('click', () => controller?.abort());
    stopWhenLeft(() => controller?.abort());
    if (new URLSearchParams(location.search).get('autorun') === '1') void this.ready.then(run);
  }

  async idle(): Promise<void> {
    const now = this.activity;
    await now;
    if (this.activity !== now) await this.idle(); // more began meanwhile
  }

  private track<T>(work: Promise<T>): Promise<T> {
    const ended = work.then(() => undefined, () => undefined);
    this.activity = Promise.all([this.activity, ended]).then(() => undefined);
    return work;
  }

  private async runNow<T>(task: (model: RemoteModel) => Promise<T>, names: Record<string, string> | undefined): Promise<T | undefined> {
    const model = this.model;
    if (!model || this.busy || this.loadingNow) return undefined;
    this.errors.clear();
    this.setBusy(true);
    this.setState('busy');
    try {
      const result = await task(model);
      this.setState('done');
      return result;
    } catch (error) {
      this.fail(error, names);
      return undefined;
    } finally {
      this.setBusy(false);
    }
  }

  fail(error: unknown, names?: Record<string, string>): void {
    const rename = names ? renamingOptions(names) : undefined;
    if (error instanceof DeviceLostError) {
      // Every model on the lost device is gone with it, and the engine: the next load (the reload,
      // or any pick) starts a new one.
      this.model = undefined;
      this.engine?.destroy();
      this.engine = undefined;
      this.picker?.lost();
      this.errors.show(error, { label: 'Reload the model', run: () => void this.recover() }, rename);
    } else {
      this.errors.show(error, undefined, rename);
    }
    this.setState('error');
    this.updateControls();
  }

  private load(pick: Pick): Promise<void> {
    return this.track(this.loadNow(pick));
  }

  private async loadNow(pick: Pick): Promise<void> {
    if (this.busy || this.loadingNow) return;
    this.loadingNow = true;
    this.errors.clear();
    const cancel = new AbortController();
    this.picker?.loading(pick, () => cancel.abort());
    this.setState('loading');
    this.updateControls();
    const started = performance.now();
    let model: RemoteModel;
    try {
      this.engine ??= await startEngine();
      model = await this.engine.load(pick.source, { tokenizer: pick.tokenizer, ...pick.hub, signal: cancel.signal, onProgress: (p) => this.picker?.progress(p) });
    } catch (error) {
      this.loadingNow = false;
      if (cancel.signal.aborted && this.picker) {
        // Asked for: not an error. The model loaded before (if any) stays, and nothing of the load is kept.
        this.picker.cancelled(pick);
        this.setState(this.model ? 'ready' : 'error');
      } else if (error instanceof DeviceLostError) {
        this.picker?.failed();
        this.lastPick = pick; // what "Reload the model" loads: the pick the device was lost under
        this.fail(error); // the page's box, with the reload
      } else if (this.picker && (error instanceof WebGPUUnavailableError || error instanceof NoAdapterError)) {
        // No model can load in this browser: the picker goes off rather than fail the same way at every pick.
        this.picker.unavailable(error);
        this.setState('error');
      } else if (this.picker) {
        this.picker.failed(error); // beside the pick it is about
        this.setState('error');
      } else {
        this.fail(error);
      }
      this.updateControls();
      return;
    }
    const previous = this.model;
    this.model = model;
    this.lastPick = pick;
    this.picker?.loaded(pick, model, (performance.now() - started) / 1000);
    // While the page redraws for the new model (seconds on a large one), a pick would be dropped: the picker waits too.
    if (this.picker) this.picker.enabled = false;
    try {
      await this.options.onModel?.(model);
      this.setState('ready');
    } catch (error) {
      this.fail(error);
    } finally {
      previous?.dispose();
      this.loadingNow = false;
      if (this.picker && !this.busy) this.picker.enabled = true;
      this.updateControls();
    }
  }

  /** After a lost device: a new engine (a new worker), and the last model loaded onto it. */
  private async recover(): Promise<void> {
    if (this.lastPick) await this.load(this.lastPick);
  }

  private setBusy(on: boolean): void {
    this.busy = on;
    if (this.picker) this.picker.enabled = !on;
    this.updateControls();
  }

  private updateControls(): void {
    const usable = this.model !== undefined && !this.busy && !this.loadingNow;
    for (const el of document.querySelectorAll<HTMLButtonElement | HTMLInputElement>('[data-needs-model]')) el.disabled = !usable;
    for (const el of document.querySelectorAll<HTMLButtonElement | HTMLInputElement>('[data-while-busy]')) el.disabled = !this.busy;
  }

  private setState(state: DemoState): void {
    document.body.dataset.state = state;
  }
}
