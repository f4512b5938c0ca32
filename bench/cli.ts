// The bench scripts' command lines, read one way: --help prints a script's usage; an unknown flag,
// a missing value or a number out of its range is said in one line with the usage after it (exit
// code 2), not as a stack trace; a number is checked where it is read, so `--probe-mib abc` cannot
// become a 4-byte probe whose "bandwidth" is the run's roofline.

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseDecimal } from '../src/decimal.js';

export interface BenchCli {
  /** The command line as parseArgs reads `config`; --help prints the usage and exits 0. */
  parse<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>>;
  /** An integer flag of at least `min`, or `fallback` when it is not given. */
  integer(flag: string, raw: string | undefined, fallback: number, min: number): number;
  /** A number flag above `above`, or `fallback` when it is not given. */
  number(flag: string, raw: string | undefined, fallback: number, above: number): number;
  /** Says `message` and the usage on stderr, and exits 2. */
  fail(message: string): never;
}

/** `name` heads each message ("bench: ..."); `usage` is what --help prints, and what follows a refusal. */
export function benchCli(name: string, usage: string): BenchCli {
  const fail = (message: string): never => {
    process.stderr.write(`${name}: ${message}\n\n${usage}\n`);
    process.exit(2);
  };
  const read = (flag: string, raw: string | undefined, fallback: number, ok: (n: number) => boolean, range: string): number => {
    if (raw === undefined) return fallback;
    const n = parseDecimal(raw) ?? NaN; // decimal, as the main command line reads numbers: not 0x40
    return ok(n) ? n : fail(`${flag} must be ${range}, got ${JSON.stringify(raw)}`);
  };
  return {
    parse<T extends ParseArgsConfig>(config: T) {
      let parsed: ReturnType<typeof parseArgs<T>>;
      try {
        parsed = parseArgs({ ...config, options: { ...config.options, help: { type: 'boolean' } } }) as ReturnType<typeof parseArgs<T>>;
      } catch (e) {
        return fail((e as Error).message);
      }
      if ((parsed.values as { help?: boolean }).help) {
        process.stdout.write(`${usage}\n`);
        process.exit(0);
      }
      return parsed;
    },
    integer: (flag, raw, fallback, min) => read(flag, raw, fallback, (n) => Number.isSafeInteger(n) && n >= min, `a decimal integer of at least ${min}`),
    number: (flag, raw, fallback, above) => read(flag, raw, fallback, (n) => Number.isFinite(n) && n > above, `a decimal number above ${above}`),
    fail,
  };
}
