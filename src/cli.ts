// The command line: `shaderlm generate` streams text from a model, `shaderlm info` describes one.
// Errors go to stderr with exit code 1. Not a library entry point (that is src/index.ts).

import { parseArgs } from 'node:util';
import { createEngine, type LoadProgress } from './engine.js';
import { checkOptions, type GenerateOptions } from './generate.js';

const USAGE = `usage:
  shaderlm generate --model <folder|file|url|hf:org/name> [--tokenizer <file>] --prompt "..."
                    [--max-tokens N] [--temperature T] [--top-k K] [--top-p P] [--min-p M]
                    [--repetition-penalty R] [--seed S] [--stop STR]... [--context N] [--json]
  shaderlm info --model <folder|file|url|hf:org/name> [--tokenizer <file>]

  --context N   positions to allocate the KV cache for (default: the model's, at most 4096)
  --json        print one object { promptIds, ids, text, stats } instead of streaming
  --quiet       no progress or stats on stderr`;

const OPTIONS = {
  model: { type: 'string' },
  tokenizer: { type: 'string' },
  prompt: { type: 'string' },
  'max-tokens': { type: 'string' },
  temperature: { type: 'string' },
  'top-k': { type: 'string' },
  'top-p': { type: 'string' },
  'min-p': { type: 'string' },
  'repetition-penalty': { type: 'string' },
  seed: { type: 'string' },
  stop: { type: 'string', multiple: true },
  context: { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function number(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name} needs a number, got "${value}"`);
  return n;
}

class UsageError extends Error {}

/** The API's option names in an error message, as the command line spells them. */
function cliNames(message: string): string {
  const flags: Record<string, string> = { maxTokens: '--max-tokens', topK: '--top-k', topP: '--top-p', minP: '--min-p', repetitionPenalty: '--repetition-penalty', temperature: '--temperature', seed: '--seed', stop: '--stop' };
  return message.replace(/^(\w+)/, (name) => flags[name] ?? name);
}

function progressPrinter(enabled: boolean): ((p: LoadProgress) => void) | undefined {
  if (!enabled || !process.stderr.isTTY) return undefined;
  let last = 0;
  return (p) => {
    const t = Date.now();
    if (t - last < 200 && p.loaded < p.total) return;
    last = t;
    const pct = p.total ? ((100 * p.loaded) / p.total).toFixed(0) : '?';
    process.stderr.write(`\rloading ${p.file}: ${pct}% (${(p.loaded / 1e6).toFixed(1)} MB)   ${p.loaded >= p.total ? '\n' : ''}`);
  };
}

async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }
  if (command !== 'generate' && command !== 'info') throw new UsageError(`unknown command "${command}"\n${USAGE}`);
  if (!values.model) throw new UsageError(`--model is required\n${USAGE}`);
  // Every option is checked before the model loads, so a typo costs no loading time.
  const context = number('context', values.context);
  if (context !== undefined && !(Number.isInteger(context) && context > 0)) throw new UsageError(`--context must be a positive integer, got ${context}`);
  const options: GenerateOptions = {
    maxTokens: number('max-tokens', values['max-tokens']),
    temperature: number('temperature', values.temperature),
    topK: number('top-k', values['top-k']),
    topP: number('top-p', values['top-p']),
    minP: number('min-p', values['min-p']),
    repetitionPenalty: number('repetition-penalty', values['repetition-penalty']),
    seed: number('seed', values.seed),
    stop: values.stop,
  };
  if (command === 'generate') {
    if (values.prompt === undefined) throw new UsageError('--prompt is required for generate (use --prompt "" to start from nothing)');
    try {
      checkOptions(options, Number.MAX_SAFE_INTEGER);
    } catch (e) {
      throw new UsageError(cliNames((e as Error).message));
    }
  }
  const engine = await createEngine();
  try {
    const model = await engine.load(values.model, {
      tokenizer: values.tokenizer,
      maxSeqLen: context,
      onProgress: progressPrinter(!values.json && !values.quiet),
    });
    if (command === 'info') {
      console.log(JSON.stringify({ adapter: engine.adapter, ...model.info() }, null, 2));
      return;
    }
    const prompt = values.prompt ?? '';
    const run = model.generate(prompt, options);
    let text = '';
    const ids: number[] = [];
    let result = await run.next(); // the prompt is checked (length, tokens) before anything is printed
    if (!values.json) process.stdout.write(prompt); // as llama2.c's run does: the prompt, then its continuation
    while (!result.done) {
      if (result.value.id >= 0) ids.push(result.value.id);
      text += result.value.text;
      if (!values.json) process.stdout.write(result.value.text);
      result = await run.next();
    }
    const stats = result.value;
    if (values.json) {
      console.log(JSON.stringify({ promptIds: model.tokenize(prompt), ids, text, stats }));
    } else {
      process.stdout.write('\n');
      if (!values.quiet) {
        process.stderr.write(`${stats.promptTokens} prompt + ${stats.generatedTokens} generated tokens; first token ${stats.timeToFirstTokenMs.toFixed(0)} ms; decode ${stats.decodeTokensPerSecond.toFixed(1)} tok/s on ${engine.adapter}\n`);
      }
    }
    model.dispose();
  } finally {
    engine.destroy();
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (e: unknown) => {
    const err = e as Error;
    process.stderr.write(`shaderlm: ${err instanceof UsageError ? err.message : `${err.name}: ${err.message}`}\n`);
    if (process.env.SHADERLM_DEBUG && err.stack) process.stderr.write(`${err.stack}\n`);
    process.exit(1);
  },
);
