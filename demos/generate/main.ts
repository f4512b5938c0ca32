// The generate demo: load a model from files, a folder or a URL, then stream generated text with
// tokens per second. Query parameters (?model=&tokenizer=&prompt=&autorun=1&temperature=...) let
// a link (or the browser test) run it without clicks. A lost GPU device offers a reload of the
// model on a new engine; in development, window.__shaderlmLoseDevice() simulates the loss.

import { createEngine, DeviceLostError, type Engine, type Model } from '../../src/index.js';
import { renameLoadOptions } from '../../src/engine.js';
import { $, formatBytes, showError } from '../kit/kit.js';

const params = new URLSearchParams(location.search);
const error = $<HTMLParagraphElement>('error');
const output = $<HTMLDivElement>('output');
const stats = $<HTMLParagraphElement>('stats');
const progress = $<HTMLProgressElement>('progress');
const modelInfo = $<HTMLDivElement>('model-info');
const runButton = $<HTMLButtonElement>('run');
const loadButton = $<HTMLButtonElement>('load');
const stopButton = $<HTMLButtonElement>('stop');
const reloadButton = $<HTMLButtonElement>('reload');
let engine: Engine | undefined;
let model: Model | undefined;
let controller: AbortController | undefined;

/** The engine's errors name load options as LoadOptions.<name>; this page's fields in their place. */
const LOAD_OPTION_FIELDS = { tokenizer: 'the "tokenizer (llama2.c)" URL above, or a file selected together with the checkpoint' };

for (const [key, value] of params) {
  const input = document.getElementById(key === 'model' ? 'url' : key) as HTMLInputElement | HTMLTextAreaElement | null;
  if (input && 'value' in input) input.value = value;
}

async function load(): Promise<void> {
  error.hidden = true;
  reloadButton.hidden = true;
  const files = [...($<HTMLInputElement>('files').files ?? []), ...($<HTMLInputElement>('folder').files ?? [])];
  const url = $<HTMLInputElement>('url').value.trim();
  const tokenizer = $<HTMLInputElement>('tokenizer').value.trim() || undefined;
  if (files.length === 0 && !url) throw new Error('choose model files, a folder, or enter a URL first');
  engine ??= await createEngine();
  model?.dispose();
  model = undefined;
  modelInfo.textContent = '';
  runButton.disabled = true;
  loadButton.disabled = true;
  progress.hidden = false;
  progress.value = 0;
  document.body.dataset.state = 'loading';
  const started = performance.now();
  try {
    model = await engine.load(files.length ? files : url, {
      tokenizer,
      onProgress: (p) => {
        progress.value = p.fraction;
        modelInfo.textContent = p.phase === 'read'
          ? `reading ${p.file}: ${formatBytes(p.loaded)} of ${formatBytes(p.total)}`
          : `uploading to the GPU: ${formatBytes(p.loaded)} of ${formatBytes(p.total)}`;
      },
    });
  } catch (e) {
    modelInfo.textContent = ''; // the progress of a load that failed says nothing true any more
    throw e;
  } finally {
    progress.hidden = true;
    loadButton.disabled = false;
  }
  const info = model.info();
  const c = info.config;
  modelInfo.textContent = `${c.modelType} · ${(info.parameters / 1e6).toFixed(2)}M parameters · ${c.nLayers} layers · width ${c.dim} · ${c.nHeads} heads · context ${info.contextLength} · loaded in ${((performance.now() - started) / 1000).toFixed(1)} s on ${engine.adapter}`;
  runButton.disabled = false;
  document.body.dataset.state = 'loaded';
}

/** After a lost device: a new engine, and the same model loaded onto it. */
async function reload(): Promise<void> {
  model?.dispose();
  model = undefined;
  engine?.destroy();
  engine = undefined;
  await load();
}

function numberOf(id: string): number {
  return Number($<HTMLInputElement>(id).value);
}

async function generate(): Promise<void> {
  if (!model) return;
  error.hidden = true;
  const prompt = $<HTMLTextAreaElement>('prompt').value;
  output.innerHTML = '';
  const promptSpan = document.createElement('span');
  promptSpan.className = 'prompt';
  promptSpan.textContent = prompt;
  output.append(promptSpan);
  const generated = document.createTextNode('');
  output.append(generated);
  controller = new AbortController();
  runButton.disabled = true;
  loadButton.disabled = true; // loading would dispose the model mid-generation
  stopButton.disabled = false;
  document.body.dataset.state = 'generating';
  try {
    const run = model.generate(prompt, {
      maxTokens: numberOf('max-tokens'),
      temperature: numberOf('temperature'),
      topK: numberOf('top-k'),
      topP: numberOf('top-p'),
      seed: numberOf('seed'),
      signal: controller.signal,
    });
    let count = 0;
    const t0 = performance.now();
    for await (const piece of run) {
      generated.appendData(piece.text);
      if (piece.id !== undefined) count++;
      stats.textContent = `${count} tokens · ${(count / ((performance.now() - t0) / 1000)).toFixed(1)} tokens/s`;
    }
    const s = await run.stats;
    stats.textContent = `${s.promptTokens} prompt tokens · ${s.generatedTokens} generated · first token after ${s.timeToFirstTokenMs.toFixed(0)} ms · ${s.decodeTokensPerSecond.toFixed(1)} tokens/s · stopped by ${s.stopReason}`;
  } finally {
    runButton.disabled = false;
    loadButton.disabled = false;
    stopButton.disabled = true;
    document.body.dataset.state = 'done';
  }
}

function guard(task: () => Promise<void>): () => void {
  return () => {
    task().catch((e: unknown) => {
      document.body.dataset.state = 'error';
      showError(error, e, (message) => renameLoadOptions(message, LOAD_OPTION_FIELDS));
      // A lost device takes every model on it along: only a new engine and a reload help.
      if (e instanceof DeviceLostError) {
        runButton.disabled = true;
        reloadButton.hidden = false;
      }
    });
  };
}

loadButton.addEventListener('click', guard(load));
runButton.addEventListener('click', guard(generate));
stopButton.addEventListener('click', () => controller?.abort());
reloadButton.addEventListener('click', guard(reload));

if (import.meta.env.DEV) {
  // For trying (and testing) the reload: what a driver reset or a GPU process crash looks like here.
  Object.assign(window, { __shaderlmLoseDevice: () => engine?.gpu.device.destroy() });
}

if (params.get('autorun') === '1') guard(async () => { await load(); await generate(); })();
