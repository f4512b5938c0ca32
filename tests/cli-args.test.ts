// The command line's suggestions (src/cli-args.ts): a mistyped command or flag is matched to the
// nearest known one, two swapped neighbours counting as one edit (review U: "chta" got none).

import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseArgsMessage, unknownCommandMessage } from '../src/cli-args.js';

const COMMANDS = ['generate', 'chat', 'info', 'train', 'cache'];

describe('suggestions', () => {
  it('a mistyped command gets the nearest, swapped letters included; help and version get the flag; a word near none gets nothing', () => {
    for (const [typed, meant] of [['generat', 'generate'], ['chta', 'chat'], ['trian', 'train'], ['ifno', 'info'], ['cahce', 'cache'], ['Chat', 'chat']]) {
      expect(unknownCommandMessage(typed, COMMANDS), typed).toBe(`unknown command "${typed}": did you mean ${meant}?`);
    }
    expect(unknownCommandMessage('help', COMMANDS)).toBe('unknown command "help": shaderlm --help');
    expect(unknownCommandMessage('version', COMMANDS)).toBe('unknown command "version": shaderlm --version');
    expect(unknownCommandMessage('bogus', COMMANDS)).toBe('unknown command "bogus"');
  });

  it('a mistyped flag likewise', () => {
    const options = { temperature: { type: 'string' }, help: { type: 'boolean' }, prompt: { type: 'string' } } as const;
    const message = (flag: string) => {
      try {
        parseArgs({ args: [flag], options, strict: true });
      } catch (e) {
        return parseArgsMessage(e as Error, options, [flag]);
      }
      throw new Error(`${flag} was taken`);
    };
    expect(message('--tempreature')).toBe('unknown flag --tempreature: did you mean --temperature?');
    expect(message('--porpmt')).toBe('unknown flag --porpmt: did you mean --prompt?'); // two swaps: two edits, within 2 for 6 letters
    expect(message('--temp')).toBe('unknown flag --temp: did you mean --temperature?'); // a start counts as one
    expect(message('--xyz')).toBe('unknown flag --xyz');
  });
});
