// The model picker every demo page shares: the embedded defaults, local files or a folder (file
// pickers, or dropped on the picker), a URL or hf:org/name (with an optional llama2.c tokenizer
// URL, and for the Hub an access token and a mirror); load progress with a Cancel button, the loaded model in one line, load errors, and the downloads kept in Cache
// Storage with a control that clears them. It only asks for loads (onPick); demo.ts performs them.
// Tests: tests/browser/picker.test.ts.

import type { LoadProgress, ModelSource } from '../../src/engine.js';
import { renameLoadOptions } from '../../src/model/load-options.js';
import { DEFAULT_MODELS } from '../../src/model/defaults.js';
import { clearModelCache, modelCacheSize } from '../../src/worker/cache.js';
import type { RemoteModel } from '../../src/worker/client.js';
import { formatBytes, h } from './dom.js';
import { ErrorBox } from './errors.js';

/** A load the user asked for: what to load and how to name it on the page. */
export interface Pick {
  source: ModelSource;
  label: string;
  /** A llama2.c tokenizer's URL, loaded beside the checkpoint. */
  tokenizer?: string;
  /** For an hf: source: an access token (gated or private repositories) and a mirror, as LoadOptions names them. */
  hub?: { hfToken?: string; hfEndpoint?: string };
}

const DEFAULT_LABELS: Readonly<Record<string, string>> = {
  shakespeare: 'Shakespeare, character by character',
  dna: 'DNA, base by base',
};

/** What a page calls a model source: an embedded model by its menu name, anything else as given. */
export function sourceLabel(source: string): string {
  const name = source.startsWith('default:') ? source.slice('default:'.length) : undefined;
  return (name && DEFAULT_LABELS[name]) ?? source;
}

/** The engine's LoadOptions.<name> in error messages, as this picker's fields. */
const FIELD_NAMES = {
  tokenizer: 'the "llama2.c tokenizer" field under the URL, or a tokenizer.bin picked together with the checkpoint',
  hfToken: 'the "access token" field under the URL',
  hfEndpoint: 'the "Hub mirror" field under the URL',
};

export class ModelPicker {
  private readonly defaults: HTMLSelectElement;
  private readonly url: HTMLInputElement;
  private readonly tokenizer: HTMLInputElement;
  /** Held by the field alone, while the page is open: never stored. */
  private readonly hfToken: HTMLInputElement;
  private readonly hfEndpoint: HTMLInputElement;
  private readonly progressBar: HTMLProgressElement;
  private readonly cancelButton: HTMLButtonElement;
  private readonly loadingRow: HTMLDivElement;
  private cancelLoad: (() => void) | undefined;
  private readonly status: HTMLParagraphElement;
  private readonly cacheLine: HTMLSpanElement;
  /** Clear downloads: shown only while there are some. */
  private readonly clearButton: HTMLButtonElement;
  private readonly errors: ErrorBox;
  private readonly controls: (HTMLInputElement | HTMLSelectElement | HTMLButtonElement)[];
  /** The line describing the model that is loaded, and its entry in the defaults list: shown again when a later load fails. */
  private loadedLine = '';
  private loadedDefault = '';
  private on = true;
  private unavailableReason: unknown;
  /**
   * The embedded-model list was stepped through with the keyboard: a closed select changes (and
   * fires change) at each arrow key, which would start a load a key. Enter loads the choice.
   */
  private keyed = false;

  constructor(container: HTMLElement, private readonly onPick: (pick: Pick) => void) {
    this.defaults = h('select', {
      id: 'model-default', 'aria-label': 'embedded model (arrow keys choose, Enter loads)',
      onchange: () => { if (!this.keyed) this.pickDefault(); },
      onkeydown: (e) => this.selectKey(e as KeyboardEvent), onmousedown: () => { this.keyed = false; }, onblur: () => this.dropKeyedChoice(),
    },
      h('option', { value: '' }, 'embedded model…'),
      ...Object.keys(DEFAULT_MODELS).map((name) => h('option', { value: `default:${name}` }, DEFAULT_LABELS[name] ?? name)));
    const files = h('input', { id: 'model-files', type: 'file', multiple: true, onchange: () => this.pickFiles(files) });
    const folder = h('input', { id: 'model-folder', type: 'file', webkitdirectory: true, onchange: () => this.pickFiles(folder) });
    this.url = h('input', { id: 'model-url', type: 'text', 'aria-label': 'model URL or hf:org/name', placeholder: 'URL of a model folder or llama2.c .bin, or hf:org/name', onkeydown: (e) => { if ((e as KeyboardEvent).key === 'Enter') this.pickUrl(); } });
    this.tokenizer = h('input', { id: 'model-tokenizer', type: 'text', 'aria-label': 'llama2.c tokenizer URL', placeholder: 'URL of tokenizer.bin (llama2.c checkpoints only)' });
    this.hfToken = h('input', { id: 'model-hf-token', type: 'password', autocomplete: 'off', spellcheck: false, placeholder: 'hf_… (gated or private repositories)' });
    this.hfEndpoint = h('input', { id: 'model-hf-endpoint', type: 'text', spellcheck: false, placeholder: 'https://huggingface.co' });
    const load = h('button', { id: 'model-load', type: 'button', onclick: () => this.pickUrl() }, 'Load');
    const clear = h('button', { id: 'model-cache-clear', type: 'button', className: 'quiet', hidden: true, onclick: () => this.clearCache().catch((e: unknown) => this.errors.show(e)) }, 'Clear downloads');
    this.clearButton = clear;
    this.progressBar = h('progress', { id: 'model-progress', value: 0, max: 1, hidden: true });
    this.cancelButton = h('button', { id: 'model-cancel', type: 'button', className: 'quiet', hidden: true, onclick: () => this.cancelLoad?.() }, 'Cancel');
    this.loadingRow = h('div', { className: 'row', hidden: true }, this.progressBar, this.cancelButton);
    this.status = h('p', { id: 'model-status', className: 'status' });
    this.cacheLine = h('span', { id: 'model-cache' });
    const errorBox = h('p', { id: 'model-error' });
    this.errors = new ErrorBox(errorBox, (message) => renameLoadOptions(message, FIELD_NAMES));
    this.controls = [this.defaults, files, folder, this.url, this.tokenizer, this.hfToken, this.hfEndpoint, load, clear]; // clear: a load writes the downloads

    const fieldset = h('fieldset', { className: 'picker' },
      h('legend', {}, 'Model'),
      h('div', { className: 'row' },
        this.defaults,
        h('label', { className: 'button' }, 'Files…', files),
        h('label', { className: 'button' }, 'Folder…', folder),
        h('span', { className: 'hint' }, 'or drop a model folder or its files here')),
      h('div', { className: 'row' }, this.url, load),
      h('details', {}, h('summary', {}, 'llama2.c tokenizer'), this.tokenizer),
      h('details', {}, h('summary', {}, 'Hugging Face Hub access'),
        h('label', {}, 'access token ', this.hfToken),
        h('label', {}, 'Hub mirror ', this.hfEndpoint),
        h('span', { className: 'hint' }, 'for hf: sources only; the token is sent to the Hub (or the mirror) alone, and kept only while this page is open')),
      this.loadingRow,
      this.status,
      errorBox,
      h('p', { className: 'status cache' }, this.cacheLine, ' ', clear));
    container.replaceChildren(fieldset);
    this.acceptDrops(fieldset);
    this.showCache();
  }

  /** A load starts: the controls wait, the progress bar and its Cancel button (which calls `cancel`) show. */
  loading(pick: Pick, cancel: () => void): void {
    this.errors.clear();
    this.enabled = false;
    this.cancelLoad = cancel;
    this.cancelButton.hidden = false;
    this.progressBar.hidden = false;
    this.loadingRow.hidden = false;
    this.progressBar.value = 0;
    this.status.textContent = `loading ${pick.label}…`;
    this.defaults.value = typeof pick.source === 'string' && pick.source.startsWith('default:') ? pick.source : '';
  }

  progress(p: LoadProgress): void {
    this.progressBar.value = p.fraction;
    const bytes = `${formatBytes(p.loaded)} of ${formatBytes(p.total)}`;
    this.status.textContent = {
      read: `reading ${p.file}: ${bytes}`,
      convert: `converting the weights: ${bytes}`,
      allocate: `reserving GPU memory: ${bytes}`,
      upload: `uploading to the GPU: ${bytes}`,
      compile: p.total > 0 ? `compiling the GPU kernels: ${p.loaded} of ${p.total}` : 'the GPU kernels are already compiled',
    }[p.phase];
  }

  loaded(pick: Pick, model: RemoteModel, seconds: number): void {
    const info = model.info();
    const c = info.config;
    const parameters = info.parameters >= 1e7 ? `${(info.parameters / 1e6).toFixed(0)}M` : `${(info.parameters / 1e6).toFixed(2)}M`;
    this.loadedDefault = this.defaults.value;
    this.loadedLine = `${pick.label}: ${c.modelType} · ${parameters} parameters · ${c.nLayers} layers · width ${c.dim} · ${c.nHeads} heads · vocabulary ${c.vocabSize} · context ${info.contextLength} · loaded in ${seconds.toFixed(1)} s${info.tokenizerNotes.map((note) => ` · note: ${note}`).join('')}`;
    this.settle();
  }

  /** The model is gone with its device: no line claims it is loaded. */
  lost(): void {
    this.loadedLine = '';
    this.loadedDefault = '';
    this.settle();
  }

  /** The user cancelled the load: the line of the model still loaded (if any) back, and a note that it stays. */
  cancelled(pick: Pick): void {
    this.settle();
    this.status.textContent = this.loadedLine
      ? `${this.loadedLine} (the load of ${pick.label} was cancelled)`
      : `the load of ${pick.label} was cancelled: pick a model`;
  }

  /** The load failed: its error here (unless the page shows it), and the line of the model still loaded (if any) back. */
  failed(error?: unknown): void {
    this.settle();
    if (error !== undefined) this.errors.show(error);
  }

  /** No model can load in this browser (no WebGPU): its controls off for good, and a drop answered with the reason. */
  unavailable(reason: unknown): void {
    this.failed(reason);
    this.enabled = false;
    this.unavailableReason = reason;
  }

  /** Off while a page task runs on the model (a load would take the model from under it); drops are refused then too. */
  set enabled(on: boolean) {
    this.on = on;
    for (const control of this.controls) control.disabled = !on;
  }

  private async refreshCache(): Promise<void> {
    const { files, bytes } = await modelCacheSize();
    this.cacheLine.textContent = files ? `Downloads kept in this browser: ${files} files, ${formatBytes(bytes)}.` : 'No downloads kept in this browser.';
    this.clearButton.hidden = files === 0;
  }

  private settle(): void {
    this.progressBar.hidden = true;
    this.cancelButton.hidden = true;
    this.loadingRow.hidden = true;
    this.cancelLoad = undefined;
    this.status.textContent = this.loadedLine;
    this.defaults.value = this.loadedDefault;
    this.enabled = true;
    this.showCache();
  }

  /** The downloads line, or why Cache Storage cannot be read (storage blocked: the models then load from the network alone). */
  private showCache(): void {
    this.refreshCache().catch((e: unknown) => {
      this.cacheLine.textContent = `Downloads cannot be kept in this browser (${e instanceof Error ? e.message : String(e)}): each load reads them from the network.`;
    });
  }

  private async clearCache(): Promise<void> {
    await clearModelCache();
    await this.refreshCache();
  }

  private pickDefault(): void {
    this.keyed = false;
    const source = this.defaults.value;
    if (source) this.onPick({ source, label: sourceLabel(source) });
  }

  private selectKey(e: KeyboardEvent): void {
    if (e.key === 'Enter') {
      if (this.keyed && this.defaults.value !== this.loadedDefault) this.pickDefault();
      this.keyed = false;
    } else if (/^(Arrow|Page|Home|End)/.test(e.key) || (e.key.length === 1 && e.key !== ' ')) {
      this.keyed = true; // type-ahead letters step through it too; Space opens it, for a pick by mouse
    }
  }

  /** Leaving the list without Enter: it shows the model loaded again, not one that never loaded. */
  private dropKeyedChoice(): void {
    if (this.keyed) this.defaults.value = this.loadedDefault;
    this.keyed = false;
  }

  private pickUrl(): void {
    const source = this.url.value.trim();
    if (!source) {
      this.errors.show(new RangeError('type a URL of a model folder or of a llama2.c .bin, or hf:org/name, then Load'));
      return;
    }
    const hfToken = this.hfToken.value.trim() || undefined;
    const hfEndpoint = this.hfEndpoint.value.trim() || undefined;
    const hub = source.startsWith('hf:') && (hfToken || hfEndpoint) ? { hub: { hfToken, hfEndpoint } } : {};
    this.onPick({ source, label: source, tokenizer: this.tokenizer.value.trim() || undefined, ...hub });
  }

  private pickFiles(input: HTMLInputElement): void {
    const files = [...(input.files ?? [])]; // a folder's subfolders are left out by the engine
    input.value = ''; // picking the same files again is a new pick
    if (files.length) this.onPick({ source: files, label: describeFiles(files) });
  }

  private acceptDrops(zone: HTMLElement): void {
    zone.addEventListener('dragover', (e) => {
      e.preventDefault();
      zone.classList.add('dropping');
    });
    zone.addEventListener('dragleave', () => zone.classList.remove('dropping'));
    zone.addEventListener('drop', (e) => {
      e.preventDefault();
      zone.classList.remove('dropping');
      if (!e.dataTransfer) return;
      if (this.unavailableReason !== undefined) {
        this.errors.show(this.unavailableReason);
        return;
      }
      if (!this.on) {
        this.errors.show(new Error('a model is loading or the page is running one: drop it again once that has ended (or stop the run)'));
        return;
      }
      droppedFiles(e.dataTransfer).then(
        (files) => { if (files.length) this.onPick({ source: files, label: describeFiles(files) }); },
        (error: unknown) => this.errors.show(error),
      );
    });
  }
}

/** The files of a drop: a dropped folder gives the files directly inside it. */
async function droppedFiles(transfer: DataTransfer): Promise<File[]> {
  const files: File[] = [];
  for (const item of [...transfer.items]) {
    const entry = item.kind === 'file' ? item.webkitGetAsEntry() : null;
    if (entry?.isDirectory) files.push(...(await filesIn(entry as FileSystemDirectoryEntry)));
    else if (item.kind === 'file') files.push(item.getAsFile()!); // plain files (and drops made by scripts, which have no entries)
  }
  return files;
}

async function filesIn(folder: FileSystemDirectoryEntry): Promise<File[]> {
  const reader = folder.createReader();
  const entries: FileSystemEntry[] = [];
  // readEntries answers in batches until it answers none.
  for (let batch; (batch = await new Promise<FileSystemEntry[]>((ok, fail) => reader.readEntries(ok, fail))).length;) entries.push(...batch);
  const files = entries.filter((e): e is FileSystemFileEntry => e.isFile);
  return Promise.all(files.map((e) => new Promise<File>((ok, fail) => e.file(ok, fail))));
}

function describeFiles(files: File[]): string {
  const folder = files[0]!.webkitRelativePath.split('/')[0];
  if (folder && files.every((f) => f.webkitRelativePath.startsWith(`${folder}/`))) return `folder ${folder}`;
  return files.length === 1 ? files[0]!.name : `${files.length} files (${files.map((f) => f.name).join(', ')})`;
}
