// The kernel lab page: a kernel and a shape run on this page's own GPU device and on the CPU
// reference; the largest difference against the tolerance (charted), time and GFLOP/s or GB/s, the
// runs so far, the WGSL it ran. No model, no worker, no picker; body[data-state] takes the kit's
// states. ?kernel=norm&kind=rms&C=100&autorun=1 picks and runs. Tests: tests/browser/kernel-lab.test.ts.

import { createGpu, type Gpu } from '../../src/gpu/device.js';
import type { ProfileName } from '../../src/gpu/profile.js';
import { DeviceLostError } from '../../src/errors.js';
import { $, ErrorBox, fillFromQuery, h, mountChart, numberIn, Plot, type DemoState } from '../kit/index.js';
import { LAB_KERNELS } from './kernels.js';
import type { LabKernel, Settings, Tolerance } from './lab-kernel.js';
import { runKernel, type ErrorPoint, type LabRun } from './run.js';

const errors = new ErrorBox($('error'));
const chart = mountChart($('chart'), null);
const kernelSelect = $<HTMLSelectElement>('kernel');
const profileSelect = $<HTMLSelectElement>('profile');
const runButton = $<HTMLButtonElement>('run');
const runsTable = $<HTMLTableElement>('runs');
let gpu: Gpu | undefined;

/** The kit's page states (kit/demo.ts), which the tests wait on; this page has no model to load, only a device. */
function setState(state: DemoState): void {
  document.body.dataset.state = state;
}

function currentKernel(): LabKernel {
  return LAB_KERNELS.find((k) => k.name === kernelSelect.value) ?? LAB_KERNELS[0]!;
}

/** The kernel's formula, and an input per shape field and a select per variant choice (ids: the field's). */
function showKernel(kernel: LabKernel): void {
  $('formula').textContent = kernel.formula;
  $('shape').replaceChildren(
    ...kernel.fields.map((f) => h('label', f.title ? { title: f.title } : {}, f.label,
      h('input', { id: f.id, type: 'number', value: String(f.value), min: String(f.min), step: f.integer ? '1' : 'any' }))),
    ...kernel.choices.map((c) => h('label', c.title ? { title: c.title } : {}, c.label,
      h('select', { id: c.id }, ...c.options.map((option) => h('option', { value: option }, option))))),
  );
}

function readSettings(kernel: LabKernel): Settings {
  const dims: Record<string, number> = {};
  for (const f of kernel.fields) {
    const value = numberIn(f.id);
    if (value < f.min || (f.integer && !Number.isInteger(value))) {
      throw new RangeError(`"${f.label}" must be ${f.integer ? 'an integer' : 'a number'} of at least ${f.min}, got ${value}`);
    }
    dims[f.id] = value;
  }
  const choices = Object.fromEntries(kernel.choices.map((c) => [c.id, $<HTMLSelectElement>(c.id).value]));
  return { dims, choices, ...(profileSelect.value ? { profile: profileSelect.value as ProfileName } : {}) };
}

async function run(): Promise<void> {
  if (!gpu) return;
  const kernel = currentKernel();
  errors.clear();
  setState('busy');
  runButton.disabled = true;
  try {
    const settings = readSettings(kernel);
    show(kernel, settings, await runKernel(gpu, kernel, settings));
    setState('done');
  } catch (error) {
    if (error instanceof DeviceLostError) errors.show(error, { label: 'Start a new GPU device', run: () => void start() });
    else errors.show(error);
    setState('error');
  } finally {
    runButton.disabled = gpu === undefined;
  }
}

/** 3 significant digits, or whole numbers from 100 up. */
function figure(x: number): string {
  return x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3);
}

function errorText(x: number): string {
  return x === 0 ? '0' : Number.isFinite(x) ? x.toExponential(1) : 'NaN';
}

function toleranceText(t: Tolerance): string {
  return t.atol === 0 && t.rtol === 0 ? `exactly equal: ${t.why}` : `|GPU − CPU| ≤ ${errorText(t.atol)} + ${errorText(t.rtol)} · |CPU| for each output: ${t.why}`;
}

function show(kernel: LabKernel, settings: Settings, r: LabRun): void {
  const c = r.comparison;
  const pass = c.failures === 0;
  const verdict = $('verdict');
  verdict.textContent = `${kernel.name}: the largest |GPU − CPU| is ${errorText(c.maxError)} over ${c.outputs.toLocaleString('en-US')} outputs · `
    + (pass ? 'every one within the tolerance' : `${c.failures.toLocaleString('en-US')} outside the tolerance`);
  Object.assign(verdict.dataset, { pass: String(pass), maxError: String(c.maxError) });
  const throughput = [r.gflops === undefined ? '' : `${figure(r.gflops)} GFLOP/s`, `${figure(r.gbs)} GB/s`].filter(Boolean).join(' · ');
  $('timing').textContent = `${r.describe} · tolerance: ${toleranceText(r.tolerance)}. `
    + `GPU: ${figure(r.gpuMs)} ms per call, ${throughput} (wall time on this adapter: the fastest of 3 batches of ${r.callsPerBatch} calls, after a first call) · `
    + `CPU reference: ${figure(r.cpuMs)} ms (plain loops in float64, for checking, not speed)`;
  chart((width) => errorChart(c.points, r.tolerance, width));
  addRun(kernel, settings, r);
  showPrograms(r);
}

/** Each output's GPU − CPU against its CPU value, red outside the tolerance (shaded). */
function errorChart(points: ErrorPoint[], t: Tolerance, width: number): SVGSVGElement | HTMLElement {
  const diffs = points.map((p) => ({ cpu: p.cpu, diff: p.gpu - p.cpu, within: p.within }));
  const limits = diffs.map((d) => ({ cpu: d.cpu, limit: t.atol + t.rtol * Math.abs(d.cpu) })).sort((a, b) => a.cpu - b.cpu);
  const worst = Math.max(0, ...diffs.map((d) => Math.abs(d.diff)).filter(Number.isFinite));
  // Scaled to the differences themselves (the tolerance band may fill it all); exact results get a band of 0 on a unit axis.
  const span = worst > 0 ? 1.15 * worst : Math.max(1, ...limits.map((l) => l.limit));
  return Plot.plot({
    width,
    height: 220,
    marginLeft: 56, // room for "−1.0e-6": Plot's default cut the minus sign off
    caption: `GPU − CPU for ${points.length < 2000 ? 'each output' : '2,000 of the outputs'}, against the CPU's value; shaded: the tolerance`,
    x: { label: 'CPU reference value' },
    y: { label: 'GPU − CPU', domain: [-span, span], tickFormat: (d: number) => (d < 0 ? `−${errorText(-d)}` : errorText(d)) },
    marks: [
      Plot.areaY(limits, { x: 'cpu', y1: (l: { limit: number }) => -l.limit, y2: 'limit', fill: '#e4eefc', clip: true }),
      Plot.ruleY([0], { stroke: '#999' }),
      Plot.dot(diffs, { x: 'cpu', y: 'diff', r: 1.6, fill: (d: { within: boolean }) => (d.within ? '#2457c5' : '#b00020'), clip: true }),
    ],
  });
}

function addRun(kernel: LabKernel, settings: Settings, r: LabRun): void {
  if (!runsTable.rows.length) {
    runsTable.append(h('thead', {}, h('tr', {}, ...['kernel', 'shape', 'variant', 'max error', 'within', 'GPU ms', 'GFLOP/s', 'GB/s', 'CPU ms'].map((t) => h('th', {}, t)))));
    runsTable.append(h('tbody'));
  }
  // In the form's words ("W stored nk", "top-k=40"), without the labels' explanations in brackets.
  const named = (fields: readonly { id: string; label: string }[], id: string) => fields.find((f) => f.id === id)?.label.replace(/ \(.*\)$/, '') ?? id;
  const variant = [...Object.entries(settings.choices).map(([id, v]) => `${named(kernel.choices, id)} ${v}`), `tuning ${settings.profile ?? gpu?.profile}`].join(', ');
  const shape = Object.entries(settings.dims).map(([id, v]) => `${named(kernel.fields, id)}=${v}`).join(' ');
  const cells = [kernel.name, shape, variant, errorText(r.comparison.maxError), r.comparison.failures ? `${r.comparison.failures} out` : 'all',
    figure(r.gpuMs), r.gflops === undefined ? '–' : figure(r.gflops), figure(r.gbs), figure(r.cpuMs)];
  runsTable.tBodies[0]!.prepend(h('tr', {}, ...cells.map((text) => h('td', {}, text))));
}

function showPrograms(r: LabRun): void {
  $('wgsl').replaceChildren(...r.programs.map((p, i) => {
    const constants = Object.entries(p.constants).map(([name, value]) => `${name} = ${value}`).join(', ');
    return h('details', { className: 'program', open: i === 0 },
      h('summary', {}, `pipeline ${p.key}`),
      h('p', { className: 'hint' }, constants ? `override constants: ${constants}` : 'no override constants'),
      h('pre', { className: 'wgsl' }, h('code', {}, p.code.trim())));
  }));
}

/** A GPU device for this page (again after a lost one). */
async function start(): Promise<void> {
  setState('loading');
  errors.clear();
  runButton.disabled = true;
  try {
    gpu?.destroy();
    gpu = await createGpu();
    const a = gpu.adapter;
    const yes = (on: boolean) => (on ? 'yes' : 'no');
    $('adapter').textContent = `GPU: ${[a.vendor, a.architecture, a.description].filter(Boolean).join(' · ') || 'an unnamed adapter'} · its tuning table: ${gpu.profile} · subgroups: ${yes(gpu.features.subgroups)} · shader-f16: ${yes(gpu.features.f16)}`;
    profileSelect.options[0]!.textContent = `this adapter's (${gpu.profile})`;
    runButton.disabled = false;
    setState('ready');
  } catch (error) {
    gpu = undefined;
    errors.show(error);
    setState('error');
  }
}

kernelSelect.append(...LAB_KERNELS.map((k) => h('option', { value: k.name }, k.name)));
profileSelect.append(h('option', { value: '' }, 'this adapter\'s'), ...(['gpu', 'software'] as const).map((p) => h('option', { value: p }, p)));
const params = new URLSearchParams(location.search);
const askedKernel = params.get('kernel');
// A name the lab has no kernel for: the first kernel shows (not a blank menu over matmul's page), and the page says why.
const unknownKernel = askedKernel !== null && !LAB_KERNELS.some((k) => k.name === askedKernel);
kernelSelect.value = askedKernel !== null && !unknownKernel ? askedKernel : LAB_KERNELS[0]!.name;
showKernel(currentKernel());
fillFromQuery(['kernel', 'autorun']); // after the shape fields exist: they take the query's values too
kernelSelect.addEventListener('change', () => showKernel(currentKernel()));
runButton.addEventListener('click', () => void run());

void start().then(() => {
  if (unknownKernel && gpu) {
    errors.show(new RangeError(`?kernel=${askedKernel} names no kernel of the lab (${LAB_KERNELS.map((k) => k.name).join(', ')}): ${currentKernel().name} is shown instead`));
    setState('error'); // as every shown error does: ?autorun=1's caller waits for 'done' or 'error'
    return undefined;
  }
  if (params.get('autorun') === '1') return run();
  return undefined;
});
