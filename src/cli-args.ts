// What both command lines (src/cli.ts and src/train/command.ts) share: the error for a mistake in what
// was typed, node:util's parseArgs errors and tokens in our words, the Hub settings they read from
// the environment, the package's version, and messages on stderr that survive its reader going
// away. Node only.

import { existsSync, readFileSync } from 'node:fs';
import { digitsPastExact, FRACTION_LOST, fractionLost, notDecimalMessage, PAST_EXACT, parseDecimal } from './decimal.js';
import { hubEndpointProblem, hubTokenProblem } from './model/hub.js';

/**
 * Set once stderr's reader went away (`2>&1 | tee log`, then Ctrl-C kills tee): later messages are
 * dropped. Unhandled, the write error killed the process, a training run before it saved.
 */
let stderrClosed = false;
process.stderr.on('error', () => {
  stderrClosed = true;
});

/** Writes a message, progress line or note to stderr, unless its reader is gone. */
export function toStderr(text: string): void {
  if (!stderrClosed) process.stderr.write(text);
}

/** A mistake in what was typed (a flag, an environment variable): printed as it is, with no class name. */
export class UsageError extends Error {}

/** A flag's value as a decimal number (undefined when the flag is not given); anything else is a UsageError naming the flag. */
export function decimalFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = parseDecimal(value);
  if (n === undefined) throw new UsageError(notDecimalMessage(flag, value));
  if (digitsPastExact(value)) throw new UsageError(`--${flag} ${value} ${PAST_EXACT}`);
  if (fractionLost(value)) throw new UsageError(`--${flag} ${value} ${FRACTION_LOST} ${n}`);
  return n;
}

type ParsedToken = { kind: string; name?: string; rawName?: string };

/**
 * Why the first flag given twice is refused, naming it as typed and the flags that may repeat (those
 * declared `multiple`), or undefined: a second value would replace the first in silence.
 */
export function repeatedFlagProblem(tokens: readonly ParsedToken[], options: Readonly<Record<string, { type: string; multiple?: boolean }>>): string | undefined {
  const seen = new Set<string>();
  for (const t of tokens) {
    if (t.kind !== 'option' || !t.name || options[t.name]?.multiple) continue;
    if (seen.has(t.name)) {
      const repeatable = Object.keys(options).filter((name) => options[name]!.multiple).map((name) => `--${name}`);
      const only = repeatable.length ? ` (only ${repeatable.join(' and ')} repeat)` : '';
      return `${t.rawName ?? `--${t.name}`} is given twice: give it once${only}`;
    }
    seen.add(t.name);
  }
  return undefined;
}

/**
 * The Hub settings huggingface_hub reads from the environment, HF_TOKEN and HF_ENDPOINT (empty:
 * unset), for a command that reads `sources`: only when one is read over the network (hf: or a
 * URL), so that a malformed variable never stops a local run, and checked then, naming the variable
 * (never showing a token).
 */
export function hubEnvironment(sources: ReadonlyArray<string | undefined>): { hfToken?: string; hfEndpoint?: string } {
  if (!sources.some((s) => s !== undefined && /^(hf:|https?:\/\/)/i.test(s))) return {};
  const { HF_TOKEN, HF_ENDPOINT } = process.env;
  const tokenProblem = HF_TOKEN ? hubTokenProblem(HF_TOKEN) : undefined;
  if (tokenProblem) throw new UsageError(`the HF_TOKEN environment variable ${tokenProblem}`);
  const endpointProblem = HF_ENDPOINT ? hubEndpointProblem(HF_ENDPOINT) : undefined;
  if (endpointProblem) throw new UsageError(`the HF_ENDPOINT environment variable ${endpointProblem}`);
  return { ...(HF_TOKEN ? { hfToken: HF_TOKEN } : {}), ...(HF_ENDPOINT ? { hfEndpoint: HF_ENDPOINT } : {}) };
}

/** A word that is a negative number (-3, -.5, -1e3): a flag's value, never a flag. */
const NEGATIVE_NUMBER = /^-\.?\d/;

/**
 * `argv` with a negative number after a flag that takes a value joined to it (`--temperature -1`
 * read as `--temperature=-1`): parseArgs takes any word that starts with a dash for a flag, and no
 * flag here is named like a number, so such a word can only be that value. It printed "needs a
 * value" and the usage, where the option's own check says what is wrong with -1.
 */
export function negativeValuesJoined(argv: readonly string[], options: Readonly<Record<string, { type: string }>>): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const [arg, next] = [argv[i]!, argv[i + 1]];
    if (arg === '--') return [...joined, ...argv.slice(i)]; // what follows is no flag's: left as typed
    const takesValue = arg.startsWith('--') && !arg.includes('=') && options[arg.slice(2)]?.type === 'string';
    if (takesValue && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

/**
 * node:util's parseArgs error in this command line's words: an unknown flag named with the nearest
 * known one (its own message advises `--`, which no command here takes), a flag missing its value,
 * a switch given a value. Any other message passes through.
 */
export function parseArgsMessage(err: Error, options: Readonly<Record<string, unknown>>, argv: readonly string[] = []): string {
  const code = (err as { code?: string }).code;
  const unknown = /^Unknown option '([^']+)'/.exec(err.message);
  // "-prompt" reads as the short flags -p -r -o ...: say that flags take two dashes.
  const oneDash = unknown && /^-\w$/.test(unknown[1]) ? argv.find((a) => a.startsWith(unknown[1]) && /^-\w[\w-]+/.test(a)) : undefined;
  if (oneDash) {
    const name = oneDash.slice(1).split('=')[0]!;
    const near = name in options ? [name] : nearestFlags(name, Object.keys(options));
    if (near.length) return `unknown flag -${name}: flags take two dashes (--${near[0]})`;
  }
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown) {
    const near = nearestFlags(unknown[1].replace(/^-+/, ''), Object.keys(options)).map((name) => `--${name}`);
    const listed = near.length > 1 ? `${near.slice(0, -1).join(', ')} or ${near.at(-1)}` : near[0];
    return `unknown flag ${unknown[1]}${listed ? `: did you mean ${listed}?` : ''}`;
  }
  // A flag with a short alias is named "-h, --help".
  const missing = /^Option '(?:-\w, )?(--[\w-]+)(?: <value>)?' argument (missing|is ambiguous)/.exec(err.message);
  if (missing) {
    if (missing[2] !== 'is ambiguous') return `${missing[1]} needs a value`;
    // The word after it starts with a dash: a flag of ours (the value forgotten), or a value such as
    // -x (a negative number is joined to its flag before: negativeValuesJoined). parseArgs stops at
    // the first such place, which an earlier use of a repeatable flag does not hold.
    const at = argv.findIndex((a, i) => a === missing[1] && argv[i + 1]?.startsWith('-') && !NEGATIVE_NUMBER.test(argv[i + 1]!));
    const word = argv[at + 1];
    const next = word?.split('=')[0];
    const flag = next?.startsWith('--') && Object.hasOwn(options, next.slice(2));
    // Quoted where the shell would split it again.
    const written = word === undefined ? '-x' : /[\s"'\\$`]/.test(word) ? JSON.stringify(word) : word;
    return flag ? `${missing[1]} needs a value: ${next}, after it, is a flag` : `${missing[1]} needs a value (one that starts with a dash is written ${missing[1]}=${written})`;
  }
  const extra = /^Option '(?:-\w, )?(--[\w-]+)' does not take an argument/.exec(err.message);
  if (extra) return `${extra[1]} is a switch and takes no value: give ${extra[1]} alone`;
  return err.message;
}

/** An unknown command in this command line's words: the nearest known one, or the flag a word such as "help" stands for. */
export function unknownCommandMessage(typed: string, commands: readonly string[]): string {
  const asFlag = typed === 'help' || typed === 'version' ? `: shaderlm --${typed}` : '';
  const near = asFlag ? [] : nearestFlags(typed, commands);
  return `unknown command "${typed}"${asFlag}${near.length ? `: did you mean ${near.join(' or ')}?` : ''}`;
}

/**
 * The known flags nearest `typed`, within two edits (one for a name under 6 letters, where two would
 * make "--temp" a "--help"; one that starts with it counts as one): all of them when tied.
 */
function nearestFlags(typed: string, known: readonly string[]): string[] {
  const distances = known.map((name) => ({ name, distance: name.startsWith(typed) && typed.length >= 3 ? 1 : editDistance(typed, name) }));
  const best = Math.min(...distances.map((d) => d.distance));
  return best <= (typed.length >= 6 ? 2 : 1) ? distances.filter((d) => d.distance === best).map((d) => d.name) : [];
}

function editDistance(a: string, b: string): number {
  // Two neighbours swapped count as one edit ("chta" is one from "chat", not two; review U).
  let before: number[] = [];
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) next[j] = Math.min(next[j], before[j - 2]! + 1);
    }
    [before, row] = [row, next];
  }
  return row[b.length]!;
}

/** package.json's version: the nearest one above this file (src/ in a checkout, dist/src/ installed). */
export function packageVersion(): string {
  for (let dir = new URL('.', import.meta.url); ; dir = new URL('..', dir)) {
    const file = new URL('package.json', dir);
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    if (new URL('..', dir).href === dir.href) return '(version unknown)'; // the root, on any platform
  }
}
