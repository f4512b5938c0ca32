// `shaderlm train` as a user runs it: a tiny model on a slice of tinyshakespeare, plain progress
// lines when stderr is not a terminal, a checkpoint the engine loads, a resume in a second sitting,
// the usage errors a typo gets (before the GPU starts), and a run that diverges.

import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelTooLargeError } from '../../src/errors.js';
import { checkpointFolder } from '../../src/train/api.js';
import { checkHostMemory, terminalLine } from '../../src/train/command.js';
import { prepareData } from '../../src/train/data/index.js';
import { planTraining } from '../../src/train/train.js';
import { dataPath } from '../support/data.js';

const dir = mkdtempSync(join(tmpdir(), 'shaderlm-cli-train-'));
const corpus = join(dir, 'input.txt');
writeFileSync(corpus, readFileSync(dataPath('tinyshakespeare/input.txt'), 'utf8').slice(0, 20_000));
/** A path as a regular expression's literal text: data files are named by their paths. */
const literally = (path: string) => path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const out = join(dir, 'model');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the command line; in train, a flag given again replaces its earlier value (`[...RUN, '--out', other]`), but for the repeatable ones. */
function shaderlm(...args: string[]) {
  return shaderlmAsTyped(...(args[0] === 'train' ? lastWins(args) : args));
}

function shaderlmAsTyped(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/shaderlm.js', ...args], { encoding: 'utf8', timeout: 180_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SWITCHES = new Set(['--resume', '--quiet', '--help']);
const REPEATABLE = new Set(['--data', '--held-out']);

/** The words with each non-repeatable flag once, at its first place, with its last value. */
function lastWins(args: string[]): string[] {
  const words: string[][] = [];
  const at = new Map<string, number>();
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    const takesValue = word.startsWith('--') && !word.includes('=') && !SWITCHES.has(word);
    const item = takesValue ? [word, args[++i]!] : [word];
    if (word.startsWith('--') && !REPEATABLE.has(word) && at.has(word)) words[at.get(word)!] = item;
    else {
      if (word.startsWith('--')) at.set(word, words.length);
      words.push(item);
    }
  }
  return words.flat();
}

/** Exits 1 with `message`, before the GPU starts (the "model:" line is logged just before). */
function expectRefused(args: string[], message: RegExp) {
  const r = shaderlm(...args);
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/^model: /m);
}

const RUN = ['train', '--data', corpus, '--layers', '1', '--width', '16', '--heads', '2', '--context', '16', '--steps', '6', '--batch', '2', '--lr', '3e-3', '--eval-every', '3', '--eval-tokens', '256', '--out', out];

describe('shaderlm train', () => {
  it('trains in two sittings, reports progress and final losses, and leaves a checkpoint that generates', () => {
    const first = shaderlm(...RUN, '--tokenizer', 'char', '--stop-at', '3');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(new RegExp(`^${literally(corpus)}: text, 20,000 characters`, 'm'));
    expect(first.stderr).toMatch(/step 3\/6 ETA [\d:?]+ loss \d+\.\d+ held-out \d+\.\d+/);
    expect(first.stderr).toMatch(/stopped at step 3\/6/);
    for (const f of ['config.json', 'model.safetensors', 'tokenizer.json', 'optimizer.safetensors', 'trainer.json']) expect(existsSync(join(out, f)), f).toBe(true);
    const second = shaderlm(...RUN, '--resume');
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/done at step 6\/6/);
    const gen = shaderlm('generate', '--model', out, '--prompt', 'ROMEO:', '--max-tokens', '5', '--temperature', '0', '--json');
    expect(gen.code, gen.stderr).toBe(0);
    expect(JSON.parse(gen.stdout).stats.generatedTokens).toBeGreaterThan(0);
    // A third sitting has nothing left to do: it says so, and leaves the checkpoint alone (it used to save it again).
    const saved = readFileSync(join(out, 'trainer.json'), 'utf8');
    const third = shaderlm(...RUN, '--resume');
    expect(third.code, third.stderr).toBe(0);
    expect(third.stderr).toMatch(/^nothing to do: the run in .*model is at step 6\/6$/m);
    expect(readFileSync(join(out, 'trainer.json'), 'utf8')).toBe(saved);
    // So does a sitting at or past its --stop-at (it was "--stop-at must be past the step the checkpoint was saved at"),
    // and the first sitting's command repeated with its --tokenizer (it was "--tokenizer goes with a fresh model").
    for (const again of [[...RUN, '--resume', '--stop-at', '3'], [...RUN, '--resume', '--tokenizer', 'char', '--stop-at', '6']]) {
      const r = shaderlm(...again);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/^nothing to do: the run in .*model is at step 6\/6, at or past --stop-at [36]$/m);
    }
    expect(readFileSync(join(out, 'trainer.json'), 'utf8')).toBe(saved);
    // Another tokenizer is still refused: the checkpoint's is the one its ids mean.
    expectRefused([...RUN, '--resume', '--tokenizer', 'nucleotide'], /^shaderlm: --tokenizer nucleotide makes another tokenizer than the checkpoint's tokenizer\.json: leave --tokenizer out/m);
  });

  it('fine-tunes from any model source (default: too), reads no optimizer state for it, and a resume keeps the windows it trained on', async () => {
    // A checkpoint whose optimizer state is damaged (a save cut short) is still a model to start from.
    const damaged = join(dir, 'damaged');
    cpSync(out, damaged, { recursive: true });
    const optimizer = readFileSync(join(damaged, 'optimizer.safetensors'));
    optimizer[optimizer.length - 5] ^= 0xff;
    writeFileSync(join(damaged, 'optimizer.safetensors'), optimizer);
    // The base model's other files are the tuned one's too (only the three model files were saved).
    const template = '{% for m in messages %}{{ m.content }}\n{% endfor %}';
    writeFileSync(join(damaged, 'chat_template.jinja'), template);
    const tuned = join(dir, 'tuned');
    const tune = ['train', '--data', corpus, '--steps', '4', '--batch', '2', '--lr', '1e-3', '--out', tuned];
    const first = shaderlm(...tune, '--from', damaged, '--context', '8', '--stop-at', '2');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/\(trained on windows of 8\)/);
    // Without --context the resume takes the run's 8, not the model's 16 (it was "--context 16 needs 17"-style refusals or a mismatch).
    const second = shaderlm(...tune, '--resume');
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/done at step 4\/4/);
    expect(readFileSync(join(tuned, 'chat_template.jinja'), 'utf8')).toBe(template);
    // A fine-tune does not even read (or download) the optimizer state, twice the weights' size.
    const optimizerFiles = async (resume: boolean) => [...(await checkpointFolder(out, { resume })).keys()].filter((n) => /optimizer|trainer/.test(n)).sort();
    await expect(optimizerFiles(false)).resolves.toEqual([]);
    await expect(optimizerFiles(true)).resolves.toEqual(['optimizer.safetensors', 'trainer.json']);
    const fromDefault = shaderlm('train', '--data', corpus, '--from', 'default:shakespeare', '--steps', '1', '--batch', '1', '--lr', '1e-4', '--context', '16', '--out', join(dir, 'from-default'));
    expect(fromDefault.code, fromDefault.stderr).toBe(0);
    expect(fromDefault.stderr).toMatch(/model: llama, 3 layers, width 96/);
  });

  // The bar line was ~110 characters whatever the terminal (wrapping, a line left per redraw), and each evaluation was redrawn away.
  it('on a terminal the progress line fits its width, and each held-out evaluation keeps its own line', () => {
    const args = lastWins([...RUN, '--tokenizer', 'char', '--out', join(dir, 'tty')]);
    // util-linux's script(1) gives the command a pseudo-terminal, 60 columns wide.
    const command = `stty cols 60; ${[process.execPath, 'bin/shaderlm.js', ...args].map((a) => `'${a}'`).join(' ')}`;
    const r = spawnSync('script', ['-qefc', command, '/dev/null'], { encoding: 'utf8', timeout: 180_000 });
    expect(r.status, r.stdout).toBe(0);
    const screen = r.stdout.replaceAll('\x1b[K', '');
    // 60 columns hold no bar beside the line: the line alone, cut at the width, its ETA kept.
    const bars = screen.split(/\r\n|\r|\n/).filter((l) => /^step \d+\/6 ETA \d+:\d\d:\d\d|^step 1\/6 ETA \?/.test(l));
    expect(bars.length).toBeGreaterThanOrEqual(6);
    for (const line of bars) expect(line.length, line).toBeLessThanOrEqual(59);
    // Evaluations at steps 3 and 6 (--eval-every 3): each progress line ends the screen line it was drawn on.
    for (const step of [3, 6]) expect(screen).toMatch(new RegExp(`(^|\\r|\\n)step ${step}/6 [^\\r\\n]*\\r?\\n`));
  });

  it('Ctrl-C saves the run after its step and exits with code 130, so that a script can tell it from a finished run', async () => {
    const folder = join(dir, 'interrupted');
    const child = spawn(process.execPath, ['bin/shaderlm.js', ...lastWins([...RUN, '--tokenizer', 'char', '--steps', '100000', '--eval-every', '0', '--out', folder])], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      await Promise.race([exited, new Promise<void>((resolve) => child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (/^step 10\//m.test(stderr)) resolve();
      }))]);
      child.kill('SIGINT');
      expect(await exited, stderr).toBe(130);
    } finally {
      child.kill('SIGKILL'); // never left running, whatever failed
    }
    expect(stderr).toMatch(/stopped at step \d+\/100000/);
    expect(existsSync(join(folder, 'optimizer.safetensors'))).toBe(true);
  });

  it('usage errors name the flag', () => {
    expect(shaderlmAsTyped(...RUN, '--steps', '8').stderr).toMatch(/^shaderlm: --steps is given twice: give it once \(only --data and --held-out repeat\)$/m);
    expect(shaderlm(...RUN, '--stop-at', '7', '--out', join(dir, 'never')).stderr).toMatch(/^shaderlm: --stop-at must be at most --steps \(6\), got 7$/m);
    expect(shaderlm('train', '--data', corpus, '--steps', 'many', '--out', join(dir, 'never')).stderr).toMatch(/^shaderlm: --steps needs a decimal number, got "many"$/m);
    // Checked before the checkpoint is read: --from names one that would take a download.
    expect(shaderlm('train', '--from', 'hf:nobody/nothing', '--out', join(dir, 'never'), '--data', corpus, '--batch', '2', '--lr', '1e-3').stderr).toMatch(/^shaderlm: --steps is required/m);
    expect(shaderlm(...RUN, '--schedule', 'constant', '--min-lr', '1e-5').stderr).toMatch(/^shaderlm: --min-lr is where the cosine schedule ends: --schedule constant has none$/m);
    expect(shaderlm(...RUN, '--batch', 'two').stderr).toMatch(/--batch needs a decimal number, got "two"/);
    expect(shaderlm(...RUN, '--batch', '0b10').stderr).toMatch(/--batch needs a decimal number, got "0b10"/);
    expect(shaderlm(...RUN, '--resume', '--from', out).stderr).toMatch(/--resume continues the checkpoint in --out; --from starts a new run/);
    expect(shaderlm(...RUN, 'extra').stderr).toMatch(/unexpected argument 'extra'/);
    expect(shaderlm('train', 'help').stderr).toMatch(/^shaderlm: unexpected argument 'help': shaderlm train --help\n/); // review U: taken for a data file
    const bad = shaderlm(...RUN, '--tokenizer', 'char', '--lr', '0', '--out', join(dir, 'other'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--lr must be a positive number, got 0/);
    expect(shaderlm(...RUN, '--data', join(dir, 'missing.txt')).stderr).toMatch(/cannot read the data file .*missing\.txt: no such file/);
    symlinkSync('loop.txt', join(dir, 'loop.txt'));
    expect(shaderlm(...RUN, '--data', join(dir, 'loop.txt')).stderr).toMatch(/cannot read the data file .*loop\.txt: its symbolic links lead round in a loop$/m);
    // An empty value read as the flag left out: --from "" trained a fresh model in silence.
    expect(shaderlm(...RUN, '--from', '').stderr).toMatch(/^shaderlm: --from is empty: give its value, or leave --from out$/m);
    expectRefused([...RUN, '--resume', '--out', join(dir, 'no-run-here')], /^shaderlm: --resume: no checkpoint to continue in --out \(.*no-run-here: expected a checkpoint folder, and there is no such folder\): give the folder of an earlier run, or leave --resume out to start a new one$/m);
    expect(shaderlm(...RUN, '--data', ' ').stderr).toMatch(/^shaderlm: --data is empty: give its value$/m); // required: no advice to leave it out
  });

  it('option errors name the flag, and come before the GPU starts', () => {
    const fresh = [...RUN, '--out', join(dir, 'never')];
    expectRefused([...fresh, '--stop-at', '0'], /^shaderlm: --stop-at must be a positive integer, got 0$/m);
    expectRefused([...fresh, '--weight-decay=-1'], /^shaderlm: adamw: --weight-decay must be finite and >= 0, got -1$/m);
    // Past float32's range: refused by the GPU kernels, in their words, once the GPU had started.
    expectRefused([...fresh, '--lr', '1e308'], /^shaderlm: --lr must be a positive number, got 1e\+308 \(Infinity as a float32\)$/m);
    expectRefused([...fresh, '--grad-clip', '1e300'], /^shaderlm: --grad-clip must be >= 0 \(0 = off\) and finite, got 1e\+300 \(Infinity as a float32\)$/m);
    expectRefused([...fresh, '--weight-decay', '1e39'], /^shaderlm: adamw: --weight-decay must be finite and >= 0, got 1e\+39 \(Infinity as a float32\)$/m);
    expectRefused([...fresh, '--tokenizer', 'bpe'], /^shaderlm: --tokenizer must be char, nucleotide or a tokenizer.json file; cannot read the file bpe: no such file$/m);
    const badJson = join(dir, 'bad.json');
    writeFileSync(badJson, '{not json');
    expectRefused([...fresh, '--tokenizer', badJson], /^shaderlm: TokenizerFormatError: .*bad\.json: not valid JSON/m);
    // A file of another kind is named, not parsed as JSON with its bytes written to the terminal (review AT).
    const png = join(dir, 'picture.png');
    writeFileSync(png, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    expectRefused([...fresh, '--tokenizer', png], /^shaderlm: TokenizerFormatError: .*picture\.png: not UTF-8 text/m);
    expectRefused([...fresh, '--tokenizer', dataPath('stories260K/tok512.bin')], /^shaderlm: --tokenizer .*tok512\.bin is a llama2\.c tokenizer: training takes char, nucleotide or a tokenizer\.json file$/m);
    expectRefused([...fresh, '--tokenizer', dataPath('gpt2-tokenizer/ggml-vocab-gpt-2.gguf')], /^shaderlm: --tokenizer .*\.gguf is a GGUF file: training takes char, nucleotide or a tokenizer\.json file$/m);
    const control = join(dir, 'control.json');
    writeFileSync(control, '\u0001\r\nPNG\u001a'); // JSON.parse quotes the text it stopped at
    const r = shaderlm(...fresh, '--tokenizer', control);
    expect(r.stderr).toMatch(/control\.json: not valid JSON/);
    expect(r.stderr.trimEnd()).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/); // escaped: \u000d, \u0001
    expectRefused([...fresh, '--context', '1000000000'], new RegExp(`^shaderlm: TrainingDataError: the training split, ${literally(corpus)} \\(first 90 %\\), has \\d+ tokens, shorter than one context window: --context 1000000000 needs 1000000001`, 'm'));
    const short = join(dir, 'short.txt');
    writeFileSync(short, 'ROMEO: a short held-out file');
    expectRefused([...fresh, '--held-out', short, '--context', '32'], new RegExp(`^shaderlm: TrainingDataError: the held-out split, ${literally(short)}, has 28 tokens, shorter than one context window: --context 32 needs 33`, 'm'));
    // A file given twice (a glob, a typo): its held-out loss would be on text trained on (review J).
    const data = fresh[fresh.indexOf('--data') + 1]!;
    expectRefused([...fresh, '--held-out', data], new RegExp(`^shaderlm: TrainingDataError: ${literally(data)} and ${literally(data)} hold the same text \\(one file given twice\\?\\): the held-out loss would be measured on text trained on$`, 'm'));
    // The device's offset alignment, checked once the GPU is there but before --out is made.
    expectRefused([...fresh, '--context', '3'], /^shaderlm: --context 3 cannot be sliced per sequence: .* use a --context that is a multiple of \d+$/m);
    expectRefused([...fresh, '--batch', '4000000'], /^shaderlm: ModelTooLargeError: training needs a buffer of \d+ bytes for its activations \(\w+\), over this device's \w+ of \d+: reduce --batch \(4000000\) or --context \(16\)/m);
    // A buffer's dotted label is not rewritten as a flag (it said "buffer --layers.0.qkv": review J).
    const wide = ['train', '--data', corpus, '--layers', '1', '--width', '32', '--heads', '2', '--context', '32', '--steps', '2', '--batch', '200000', '--lr', '1e-3', '--out', join(dir, 'never')];
    expectRefused(wide, /^shaderlm: ModelTooLargeError: training needs a buffer of \d+ bytes for its activations \(layers\.0\.\w+\), over this device's \w+ of \d+: reduce --batch \(200000\)/m);
    expect(existsSync(join(dir, 'never')), 'no --out folder made by a run refused before it').toBe(false);
  });

  // On 80 columns the bar and the line were cut at "|g| ": the gradient norm, tok/s and the ETA never showed.
  it('draws its progress bar only where the line fits beside it, the ETA early in the line', () => {
    const line = 'step 1234/5000 ETA 0:12:34 loss 3.456 held-out 3.512 lr 8.03e-4 |g| 1.23 12345 tok/s';
    const progressBar = `[${'='.repeat(11)}>${' '.repeat(12)}]`;
    expect(terminalLine(progressBar, line, 79)).toBe(line.slice(0, 79));
    expect(terminalLine(progressBar, line, 200)).toBe(`${progressBar} ${line}`);
    expect(terminalLine(progressBar, line, 40)).toBe('step 1234/5000 ETA 0:12:34 loss 3.456 he');
  });

  // A 13B-parameter model (--layers 64 --width 4096) has no buffer over the device's limits, and its
  // run was killed for memory 12 minutes in, having built its weights on the host twice.
  it('refuses a run the host\'s free memory cannot hold, naming the flags, before any weight is built', () => {
    const GiB = 2 ** 30;
    const memory = { weights: 48 * GiB, grads: 48 * GiB, optimizer: 96 * GiB, activations: 2 * GiB, total: 194 * GiB };
    expect(() => checkHostMemory(memory, false, 20 * GiB)).toThrow(new ModelTooLargeError(
      'training needs about 336.0 GiB of this machine\'s memory (336.0 GiB for the starting weights, and the weights and optimizer state read back and saved), and 20.0 GiB is free: train a smaller model (--layers, --width) or lower --batch or --context'));
    expect(() => checkHostMemory(memory, true, 20 * GiB)).toThrow(/about 530\.0 GiB .*, 194\.0 GiB for the software adapter's buffers\)/);
    const small = { weights: GiB, grads: GiB, optimizer: 2 * GiB, activations: GiB, total: 5 * GiB };
    expect(() => checkHostMemory(small, true, 12 * GiB)).not.toThrow();
    expect(() => checkHostMemory(small, true, 11.9 * GiB)).toThrow(ModelTooLargeError);
    // The plan of a fresh model holds no weights: train() builds them after the checks.
    expect(planTraining({ data: prepareData({ train: { name: 'a.txt', text: 'abcd'.repeat(100) }, tokenizer: { kind: 'char' } }), model: { architecture: 'llama', layers: 64, width: 4096, heads: 32 }, steps: 1, batchSize: 1, contextLength: 8, learningRate: 1e-3 }).weights).toBeUndefined();
  });

  it('--out: refused before the GPU starts unless it is a folder it can write into, empty for a new run', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    expectRefused([...RUN, '--out', file], /^shaderlm: --out .*a-file: cannot create the folder: it is a file, not a folder$/m);
    expectRefused([...RUN, '--out', join(file, 'sub')], /^shaderlm: --out .*a-file\/sub: cannot create the folder: it, or a folder on its path, is a file$/m);
    // Node's recursive mkdir never settled here: the command hung before the GPU started.
    if (process.platform === 'linux') expectRefused([...RUN, '--out', '/proc/shaderlm-out/sub'], /^shaderlm: --out \/proc\/shaderlm-out\/sub: cannot create the folder: \/proc takes no new folders \(a system file system such as \/proc\)$/m);
    const dangling = join(dir, 'dangling');
    symlinkSync(join(dir, 'nowhere'), dangling);
    expectRefused([...RUN, '--out', join(dangling, 'sub')], /^shaderlm: --out .*dangling\/sub: cannot create the folder: it is a symbolic link to nothing$/m);
    // A new run into the first test's checkpoint, or into a folder of other files (a Hugging Face model's side files).
    const before = readdirSync(out).map((f) => [f, readFileSync(join(out, f))]);
    expectRefused(RUN, /^shaderlm: --out .*model already holds files \(config\.json, model\.safetensors, optimizer\.safetensors and 2 more\): .*choose an empty or new one, or --resume/m);
    expect(readdirSync(out).map((f) => [f, readFileSync(join(out, f))])).toEqual(before);
    const sideFiles = join(dir, 'side-files');
    mkdirSync(sideFiles);
    writeFileSync(join(sideFiles, 'tokenizer_config.json'), '{}');
    expectRefused([...RUN, '--out', sideFiles], /--out .*side-files already holds files \(tokenizer_config\.json\)/);
    expectRefused([...RUN, '--from', out], /^shaderlm: --out .*model is the --from folder: fine-tuning into it would overwrite the model it starts from/m);
  });

  it('--from: every shape flag given must match the checkpoint, naming the flag', () => {
    const tune = ['train', '--data', corpus, '--from', out, '--steps', '2', '--batch', '2', '--lr', '1e-3', '--out', join(dir, 'tuned')];
    expectRefused(
      [...tune, '--architecture', 'gpt2'],
      /^shaderlm: cannot fine-tune the --from checkpoint: it holds a different model \(--architecture: llama in the checkpoint, gpt2 asked for\): a fine-tune keeps the checkpoint's model/m,
    );
    expectRefused([...tune, '--kv-heads', '1'], /\(--kv-heads: 2 in the checkpoint, 1 asked for\)/);
    expectRefused([...RUN, '--resume', '--layers', '2'], /^shaderlm: cannot resume from the checkpoint in --out: it holds a different model \(--layers: 1 in the checkpoint, 2 asked for\)/m);
  });

  it('a run that diverges stops with the step and learning rate, leaving the checkpoint already in --out as it was', () => {
    const diverging = join(dir, 'diverging');
    const args = [...RUN, '--out', diverging, '--lr', '100', '--schedule', 'constant'];
    const first = shaderlm(...args, '--stop-at', '1');
    expect(first.code, first.stderr).toBe(0);
    const saved = readdirSync(diverging).map((f) => [f, readFileSync(join(diverging, f))]);
    const second = shaderlm(...args, '--resume');
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/^shaderlm: TrainingDivergedError: training diverged at step [2-6] \(learning rate 100\): the .* is (NaN|-?Infinity).*; lower the learning rate \(--lr\), warm it up \(--warmup\), or clip the gradient norm \(--grad-clip\)$/m);
    expect(readdirSync(diverging).map((f) => [f, readFileSync(join(diverging, f))])).toEqual(saved);
  });
});
