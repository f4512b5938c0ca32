// The shaderlm command as a user runs it: streamed text on stdout, --json, info, errors on
// stderr with exit code 1, and a quiet exit 0 when the reader of stdout goes away.

import { spawn, spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createEngine } from '../src/engine.js';
import { dataPath } from './support/data.js';

function shaderlm(...args: string[]) {
  return shaderlmWithInput('', ...args);
}

function shaderlmWithInput(input: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/shaderlm.js', ...args], { encoding: 'utf8', timeout: 120_000, input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the command, closing its stdout as `| head -c 10` would once the first bytes arrive. */
function shaderlmIntoClosingPipe(...args: string[]): Promise<{ code: number | null; stderr: string; received: string }> {
  const child = spawn(process.execPath, ['bin/shaderlm.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let received = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.once('data', (d) => {
    received = String(d);
    child.stdout.destroy();
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr, received })));
}

const stories = ['--model', dataPath('stories260K/stories260K.bin'), '--tokenizer', dataPath('stories260K/tok512.bin')];

const chatFolders: string[] = [];
afterAll(() => chatFolders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

/** A copy of TinyStories-656K (which has no chat template) with `template` as its chat_template.jinja; removed after the tests. */
function chatModel(template: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'shaderlm-cli-chat-'));
  chatFolders.push(folder);
  cpSync(dataPath('tinystories656K'), folder, { recursive: true });
  writeFileSync(join(folder, 'chat_template.jinja'), template);
  return folder;
}

/** A chat on a pseudo-terminal, as typed into it. */
interface TerminalChat {
  screen: string;
  closed: Promise<number | null>;
  type(keys: string): void;
  /** Waits until `seen`; throws if the chat ends first. */
  until(seen: () => boolean): Promise<void>;
}

/**
 * Runs `chat` on TinyStories-656K (given a template) in a pseudo-terminal from util-linux's
 * script(1) (Debian's essential bsdutils), its stdout into `outFile` of the model's folder when
 * one is named, the terminal `columns` wide where given (else it has no width, and nothing wraps);
 * killed and cleaned up afterwards, whatever `use` did.
 */
async function onTerminal(flags: string[], outFile: string, use: (chat: TerminalChat, folder: string) => Promise<void>, columns?: number): Promise<void> {
  const folder = chatModel("{{ bos_token }}{{ messages[-1]['content'] }}");
  let child: ReturnType<typeof spawn> | undefined;
  try {
    const command = [process.execPath, 'bin/shaderlm.js', 'chat', '--model', folder, '--temperature', '0', ...flags].map((a) => `'${a}'`).join(' ');
    const sized = `${columns ? `stty cols ${columns} rows 30; ` : ''}${command}`;
    child = spawn('script', ['-qefc', outFile ? `${sized} > '${join(folder, outFile)}'` : sized, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const running = child;
    const chat: TerminalChat = {
      screen: '',
      closed: new Promise((resolve) => running.on('close', resolve)),
      type: (keys) => void running.stdin!.write(keys),
      until: async (seen) => {
        while (!seen()) {
          if (running.exitCode !== null) throw new Error(`the chat ended early:\n${chat.screen}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      },
    };
    running.stdout!.on('data', (d) => (chat.screen += d));
    await use(chat, folder);
  } finally {
    child?.kill('SIGKILL'); // a chat a failed check left running (its pseudo-terminal hangs up on it)
  }
}

/** Waits for the chat's first prompt, sends a line, and waits until the reply is being written. */
async function replyUnderWay(chat: TerminalChat): Promise<void> {
  await chat.until(() => chat.screen.includes('> '));
  chat.type('Once upon a time\r');
  const before = chat.screen.length;
  await chat.until(() => chat.screen.length > before + 100);
}

describe('shaderlm CLI', () => {
  it('generate without --model runs the embedded Shakespeare default, as the API loads it by name', async () => {
    const r = shaderlm('generate', '--prompt', 'ROMEO:', '--temperature', '0', '--max-tokens', '40', '--json');
    expect(r.code, r.stderr).toBe(0);
    const { text } = JSON.parse(r.stdout) as { text: string };
    expect(text.length).toBeGreaterThan(20);
    const engine = await createEngine();
    try {
      const model = await engine.load('default:shakespeare');
      expect(await model.generate('ROMEO:', { temperature: 0, maxTokens: 40 }).text()).toBe(text);
    } finally {
      engine.destroy();
    }
  });

  // An unseeded run could not be repeated: the seed it drew was nowhere.
  it('a sampled run without --seed names the seed it drew on the stats line, and --seed repeats it', () => {
    const args = ['generate', ...stories, '--prompt', 'Once', '--max-tokens', '12', '--temperature', '1'];
    const first = shaderlm(...args);
    expect(first.code, first.stderr).toBe(0);
    const seed = /\(stopped: maxTokens\); seed (\d+); first token/.exec(first.stderr)?.[1];
    expect(seed, first.stderr).toBeDefined();
    const again = shaderlm(...args, '--seed', seed!);
    expect(again.stdout).toBe(first.stdout);
    expect(again.stderr).toMatch(/\(stopped: maxTokens\); first token/); // given, it is not repeated back
    // A temperature float32 holds as 0 is greedy: no seed plays a part, so none is named.
    const greedy = shaderlm(...args.slice(0, -1), '1e-50');
    expect(greedy.stderr).toMatch(/\(stopped: maxTokens\); first token/);
  });

  it('chat without --model says it needs a checkpoint with a chat template', () => {
    const r = shaderlm('chat');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--model is required for chat \(a checkpoint with a chat template\)/);
  });

  it('generate prints llama2.c\'s greedy text for stories260K', () => {
    const r = shaderlm('generate', ...stories, '--temperature', '0', '--max-tokens', '256', '--prompt', '');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(readFileSync(dataPath('stories260K/expected_greedy_t0.txt'), 'utf8'));
  });

  it('--json prints one object with prompt ids, ids, text and stats', () => {
    const r = shaderlm('generate', '--model', dataPath('tinystories656K'), '--prompt', 'Once upon a time', '--max-tokens', '8', '--temperature', '0', '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    // The ids of the numpy reference forward pass (see tests/model/golden.test.ts).
    const [promptLine, idsLine] = readFileSync(dataPath('tinystories656K/expected_greedy_numpy_f32.txt'), 'utf8').split('\n');
    const promptIds = JSON.parse(promptLine.replace('prompt ids ', '')) as number[];
    const allIds = JSON.parse(idsLine) as number[];
    expect(out.promptIds).toEqual(promptIds);
    expect(out.ids).toEqual(allIds.slice(promptIds.length, promptIds.length + 8));
    expect(out.text).toMatch(/^, a little girl/);
    expect(out.stats.generatedTokens).toBe(8);
  });

  it('info prints the normalised config and sizes', () => {
    const r = shaderlm('info', '--model', dataPath('tinystories656K'));
    expect(r.code, r.stderr).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info.config).toMatchObject({ architecture: 'llama', dim: 128, nLayers: 2, nHeads: 8, nKvHeads: 4, vocabSize: 2048 });
    expect(info.parameters).toBe(656_000);
  });

  it('a missing model file is an error on stderr with exit code 1', () => {
    const r = shaderlm('generate', '--model', '/nonexistent/model.bin', '--prompt', 'x');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/shaderlm: .*nonexistent/);
    expect(r.stdout).toBe('');
  });

  // The error went on the progress line: "loading: 30% (reading stories260K.bin)shaderlm: ...".
  it('a load that fails on a terminal ends its progress line before the error', () => {
    const command = [process.execPath, 'bin/shaderlm.js', 'generate', '--model', dataPath('stories260K/stories260K.bin'), '--tokenizer', dataPath('tinystories656K/tokenizer.json'), '--prompt', 'x'].map((a) => `'${a}'`).join(' ');
    const r = spawnSync('script', ['-qefc', command, '/dev/null'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/\rloading: \d+% \(reading [^)]+\)\x1b\[K\r?\nshaderlm: TokenizerFormatError: /); // the line that was open, ended
  });

  it('chat replies once per line of stdin when stdin is not a terminal', async () => {
    const folder = chatModel("{{ bos_token }}{{ messages[-1]['content'] }}");
    const r = shaderlmWithInput('Once upon a time\nThe dog\n', 'chat', '--model', folder, '--temperature', '0', '--max-tokens', '6');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n').filter(Boolean).map((line) => line.trim());
    expect(lines).toHaveLength(2);
    // the same conversation through the API, turn by turn
    const engine = await createEngine();
    try {
      const model = await engine.load(folder);
      const o = { temperature: 0, maxTokens: 6 };
      const messages = [{ role: 'user', content: 'Once upon a time' }];
      const reply = (await model.chat(messages, o).text()).trim();
      messages.push({ role: 'assistant', content: reply }, { role: 'user', content: 'The dog' });
      expect(lines).toEqual([reply, (await model.chat(messages, o).text()).trim()]);
    } finally {
      engine.destroy();
    }
  });

  it('chat says when a reply is empty or only whitespace, where stdout has only a blank line', () => {
    const folder = chatModel("{{ bos_token }}{{ messages[-1]['content'] }}");
    // Token 80 is a space and 2 the end of a story: forced, they make the two replies.
    const spaces = shaderlmWithInput('Once\n', 'chat', '--model', folder, '--max-tokens', '3', '--logit-bias', '80=100');
    expect(spaces.code, spaces.stderr).toBe(0);
    expect(spaces.stdout.trim()).toBe('');
    expect(spaces.stderr).toContain('chat: the reply is only whitespace ("   ")\n');
    const ended = shaderlmWithInput('Once\n', 'chat', '--model', folder, '--logit-bias', '2=100');
    expect(ended.stderr).toContain('chat: the reply is empty\n');
    const written = shaderlmWithInput('Once\n', 'chat', '--model', folder, '--max-tokens', '3', '--temperature', '0');
    expect(written.stderr).not.toContain('chat: the reply is');
  });

  it('chat on a terminal: Ctrl-C stops the reply and returns to the prompt; at the prompt it ends with exit code 130', async () => {
    // A reply that nothing stops runs for minutes (EOS ignored, the context shifting).
    await onTerminal(['--max-tokens', '100000', '--ignore-eos'], '', async (chat) => {
      await replyUnderWay(chat);
      chat.type('\x03');
      await chat.until(() => /stopped: Ctrl-C[^]*> /.test(chat.screen)); // the stats line, then the prompt again
      chat.type('\x03');
      expect(await chat.closed, chat.screen).toBe(130);
    });
  }, 60_000);

  // Review AC: a line typed while a reply streamed was echoed into the reply, and shown nowhere when it was taken.
  it('chat on a terminal: what is typed while a reply streams is not echoed into it; a line sent ahead is shown at its prompt', async () => {
    await onTerminal(['--max-tokens', '100000', '--ignore-eos'], '', async (chat) => {
      await replyUnderWay(chat);
      chat.type('Qzxv\r');
      const typed = chat.screen.length;
      chat.type('xy\x7f\x7f'); // edits, which readline draws by moving the cursor and clearing the screen (review AH)
      await chat.until(() => chat.screen.length > typed + 200); // the reply goes on
      chat.type('\x03');
      await chat.until(() => /stopped: Ctrl-C[^]*> (\x1b\[\d+G)?Qzxv\r?\n/.test(chat.screen)); // stopped; the line sent ahead, at the prompt
      const reply = chat.screen.slice(typed, chat.screen.indexOf('stopped: Ctrl-C', typed));
      expect(reply).not.toContain('Qzxv');
      expect(reply).not.toContain('\x1b'); // the reply's own text alone: no echo, no cursor moves
      const second = chat.screen.length;
      await chat.until(() => chat.screen.length > second + 100); // and answered
      // Half a line typed during a reply is finished at the next prompt where it was left (review AF:
      // prompt() put the cursor back at column 3, and "ory|>" was drawn over "<|end_st").
      chat.type('<|end_st');
      chat.type('\x03');
      await chat.until(() => /stopped: Ctrl-C[^]*stopped: Ctrl-C[^]*> /.test(chat.screen));
      chat.type('ory|>\r');
      await chat.until(() => chat.screen.includes('note: the message spells "<|end_story|>"'));
      expect(chat.screen).toMatch(/> <\|end_st(\x1b\[11G)?ory\|>/); // redrawn, the cursor after it: column 3 + 8
      const third = chat.screen.length;
      await chat.until(() => chat.screen.length > third + 100);
      chat.type('\x03');
      await chat.until(() => chat.screen.split('stopped: Ctrl-C').length === 4);
      chat.type('\x03');
      expect(await chat.closed, chat.screen).toBe(130);
    });
  }, 90_000);

  // readline counts the rows of a line it redraws (an edit), drawn into the muted reply: the prompt after it went up over them.
  it('chat on a terminal: a line typed during a reply, wrapped and edited, is redrawn at the prompt without going up over the reply', async () => {
    await onTerminal(['--max-tokens', '100000', '--ignore-eos'], '', async (chat) => {
      await replyUnderWay(chat);
      const typed = chat.screen.length;
      chat.type('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ\x7f'); // over two rows of 20, then an edit that redraws them
      await chat.until(() => chat.screen.length > typed + 200);
      chat.type('\x03');
      await chat.until(() => /stopped: Ctrl-C[^]*> abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHI/.test(chat.screen));
      const redrawn = chat.screen.slice(chat.screen.indexOf('stopped: Ctrl-C', typed));
      expect(redrawn).not.toMatch(/\x1b\[\d*A/); // no cursor up
      chat.type('\x03');
      expect(await chat.closed, chat.screen).toBe(130);
    }, 20);
  }, 90_000);

  it('chat typed on a terminal into a file: the prompt and the echo stay on the terminal, the file gets the replies', async () => {
    await onTerminal(['--max-tokens', '5'], 'replies.txt', async (chat, folder) => {
      const prompts = () => chat.screen.split('> ').length - 1;
      await chat.until(() => prompts() >= 1);
      chat.type('Once upon a time\r');
      await chat.until(() => prompts() >= 2); // replied: the prompt again
      chat.type('\x04');
      expect(await chat.closed, chat.screen).toBe(0);
      expect(chat.screen).toContain('Once upon a time'); // the echo, on the terminal
      const replies = readFileSync(join(folder, 'replies.txt'), 'utf8');
      expect(replies.trim().length).toBeGreaterThan(0);
      expect(replies).not.toMatch(/\x1b|> |Once upon a time/);
    });
  }, 60_000);

  it('chat on a model without a template is a clear error, before any input is read', () => {
    for (const input of ['hello\n', '']) {
      const r = shaderlmWithInput(input, 'chat', '--model', dataPath('tinystories656K'));
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/NoChatTemplateError: this model has no chat_template: use `shaderlm generate --prompt "\.\.\."` instead/);
    }
  });

  it('a flag given twice is refused, not the first value dropped; --stop may repeat', () => {
    const r = shaderlm('generate', ...stories, '--prompt', 'a', '--prompt', 'b', '--max-tokens', '3');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('shaderlm: --prompt is given twice: give it once (only --stop and --logit-bias repeat)\n');
    expect(shaderlm('generate', ...stories, '--prompt', 'a', '--stop', 'x', '--stop', 'y', '--max-tokens', '2').code).toBe(0);
    // An empty --stop names the flag (it used to be the API's words: 'got "[\\"\\"]"').
    expect(shaderlm('generate', ...stories, '--prompt', 'a', '--stop', '').stderr).toBe('shaderlm: --stop needs a non-empty string\n');
  });

  it('SHADERLM_DUMP_WGSL=1 writes the shaders to stderr, leaving --json output whole', () => {
    const r = spawnSync(process.execPath, ['bin/shaderlm.js', 'generate', ...stories, '--prompt', 'Once', '--max-tokens', '2', '--json'], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, SHADERLM_DUMP_WGSL: '1' } });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).stats.generatedTokens).toBe(2);
    expect(r.stderr).toMatch(/^\/\/ ---- /m);
  });

  it('no command is a usage error on stderr, exit code 1; --help is the usage on stdout, exit code 0', () => {
    const none = shaderlm();
    expect([none.code, none.stdout]).toEqual([1, '']);
    expect(none.stderr).toMatch(/^shaderlm: a command is needed: generate, chat, info, train or cache\nusage:/);
    const help = shaderlm('--help');
    expect([help.code, help.stderr]).toEqual([0, '']);
    expect(help.stdout).toMatch(/--max-tokens N {2}tokens to generate \(default 128\)/);
    // A flag before train sent train's flags to this parser: "Unknown option '--data'".
    const late = shaderlm('--quiet', 'train', '--data', 'x.txt');
    expect([late.code, late.stderr]).toEqual([1, 'shaderlm: the command comes first: shaderlm train [flags] (shaderlm train --help)\n']);
    // ... but a flag's value that reads "train" is no command.
    const prompt = shaderlm('--prompt', 'train', 'generate', '--max-tokens', '1', '--quiet');
    expect(prompt.code, prompt.stderr).toBe(0);
    expect(prompt.stdout).toMatch(/^train/);
    // The hint for a missing --prompt no longer offers "" as working on every model (the defaults have no BOS).
    expect(shaderlm('generate').stderr).toMatch(/^shaderlm: --prompt is required for generate: the text to continue \(--prompt "" starts from the BOS token alone, on a model whose tokenizer has one\)$/m);
  });

  it("a mistyped flag is named with the nearest known one, in both commands; a missing value and a switch given one say so", () => {
    const first = (r: { stderr: string }) => r.stderr.split('\n')[0];
    const typo = shaderlm('generate', '--max-token', '3');
    expect([typo.code, first(typo)]).toEqual([1, 'shaderlm: unknown flag --max-token: did you mean --max-tokens?']);
    expect(typo.stderr).not.toMatch(/positional|'--'/); // node's advice to put it after --, which no command takes
    expect(first(shaderlm('generate', '--colour'))).toBe('shaderlm: unknown flag --colour');
    expect(first(shaderlm('train', '--step', '3'))).toBe('shaderlm: unknown flag --step: did you mean --steps?');
    expect(first(shaderlm('generate', '--prompt'))).toBe('shaderlm: --prompt needs a value');
    // A flag after it: the value was forgotten (it suggested writing --prompt=-1); another word with a dash, the = form.
    expect(first(shaderlm('generate', '--prompt', '--quiet'))).toBe('shaderlm: --prompt needs a value: --quiet, after it, is a flag');
    expect(first(shaderlm('generate', '--prompt', '-x'))).toBe('shaderlm: --prompt needs a value (one that starts with a dash is written --prompt=-x)');
    // The word at the use that failed, not at the flag's first use; quoted where the shell would split it.
    expect(first(shaderlm('generate', '--prompt', 'a', '--stop', '-1', '--stop', '-y'))).toBe('shaderlm: --stop needs a value (one that starts with a dash is written --stop=-y)');
    expect(first(shaderlm('generate', '--prompt', '-x y'))).toBe('shaderlm: --prompt needs a value (one that starts with a dash is written --prompt="-x y")');
    // A negative number is the flag's value, refused by the option's own check alone (it was "needs a value" and the usage).
    for (const [flag, value, said] of [['--max-tokens', '-3', 'a positive integer, got -3'], ['--temperature', '-.5', 'a number of 0 (greedy) or more, got -0.5']]) {
      const refused = shaderlm('generate', '--prompt', 'a', flag, value);
      expect([refused.code, refused.stderr]).toEqual([1, `shaderlm: ${flag} must be ${said}\n`]);
    }
    const train = ['train', '--data', 'README.md', '--layers', '1', '--width', '16', '--heads', '2', '--context', '16', '--steps', '1', '--batch', '2', '--out', join(tmpdir(), 'shaderlm-never-written')];
    expect(first(shaderlm(...train, '--lr', '-1'))).toBe('shaderlm: --lr must be a positive number, got -1');
    expect(first(shaderlm('train', '--lr', '--steps', '3'))).toBe('shaderlm: --lr needs a value: --steps, after it, is a flag');
    expect(first(shaderlm('generate', '--quiet=yes'))).toBe('shaderlm: --quiet is a switch and takes no value: give --quiet alone');
    expect(first(shaderlm('train', '--help=1'))).toBe('shaderlm: --help is a switch and takes no value: give --help alone'); // node names it "-h, --help"
    expect(first(shaderlm('generate', '-max-tokens=3'))).toBe('shaderlm: unknown flag -max-tokens: flags take two dashes (--max-tokens)'); // node saw -m -a -x ...
    expect(first(shaderlm('train', '-steps', '3'))).toBe('shaderlm: unknown flag -steps: flags take two dashes (--steps)');
    expect(first(shaderlm('info', '--temp', '1'))).toBe('shaderlm: unknown flag --temp'); // --temperature does nothing for info
    expect(first(shaderlm('generate', '--top', '3'))).toBe('shaderlm: unknown flag --top: did you mean --top-k, --top-p or --stop?'); // ties all named
  });

  it('Ctrl-C stops generate at its next step: the text ends its line, the stats say why, exit code 130', async () => {
    const child = spawn(process.execPath, ['bin/shaderlm.js', 'generate', '--prompt', 'ROMEO:', '--max-tokens', '100000'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      await Promise.race([exited, new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.length > 40) resolve();
      }))]);
      child.kill('SIGINT');
      expect(await exited, stderr).toBe(130);
    } finally {
      child.kill('SIGKILL'); // never left running, whatever failed
    }
    expect(stdout).toMatch(/^ROMEO:[^]*\n$/);
    expect(stderr).toMatch(/^\d+ prompt \+ \d+ generated tokens \(stopped: Ctrl-C\)/m);
  });

  it('says which typed characters the model reads as its unknown token, rather than run another text in silence', () => {
    const r = shaderlm('generate', '--prompt', 'ROMEO: café ☃', '--max-tokens', '2', '--quiet');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('shaderlm: note: this model\'s vocabulary has no "é", "☃": it reads each of them in --prompt as its unknown token\n');
    expect(shaderlm('generate', '--prompt', 'ROMEO: cafe', '--max-tokens', '2', '--quiet').stderr).toBe('');
    // A text in another script is listed by its first 12 characters.
    expect(shaderlm('generate', '--prompt', 'αβγδεζηθικλμνξο', '--max-tokens', '1', '--quiet').stderr).toBe('shaderlm: note: this model\'s vocabulary has no "α", "β", "γ", "δ", "ε", "ζ", "η", "θ", "ι", "κ", "λ", "μ" and 3 more: it reads each of them in --prompt as its unknown token\n');
  });

  it('says on stderr where the tokenizer departs from its files (model.info().tokenizerNotes): an EOS they append is not given to prompts', () => {
    const folder = mkdtempSync(join(tmpdir(), 'shaderlm-cli-notes-'));
    try {
      cpSync('models/shakespeare-char', folder, { recursive: true });
      writeFileSync(join(folder, 'tokenizer_config.json'), JSON.stringify({ add_eos_token: true }));
      const r = shaderlm('generate', '--model', folder, '--prompt', 'ROMEO:', '--max-tokens', '2', '--quiet');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe('shaderlm: note: tokenizer_config.json: add_eos_token is true: it appends EOS to every text; prompts are not given it (a prompt is text for the model to go on from, so nothing is added after it)\n');
    } finally {
      rmSync(folder, { recursive: true });
    }
  });

  it('an empty --model or --tokenizer is refused by name (not read as a file called ""); an empty prompt on a model without BOS names --prompt; --version', () => {
    expect(shaderlm('generate', '--model', '', '--prompt', 'a').stderr).toBe('shaderlm: --model is empty: give a folder, a file, a URL, hf:org/name or default:name, or leave --model out for the embedded default\n');
    expect(shaderlm('info', '--tokenizer', ' ').stderr).toBe('shaderlm: --tokenizer is empty: give the tokenizer file, or leave --tokenizer out\n');
    const empty = shaderlm('generate', '--prompt', '', '--quiet');
    expect([empty.code, empty.stderr]).toEqual([1, 'shaderlm: --prompt encodes to no tokens and the tokenizer has no BOS token to start from\n']);
    const expected = `shaderlm ${(JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version}\n`;
    for (const args of [['--version'], ['train', '--version'], ['cache', '--version']]) {
      const version = shaderlm(...args);
      expect([version.code, version.stdout], args.join(' ')).toEqual([0, expected]);
    }
    // --help and --version do not hide a mistyped command or a stray word.
    expect(shaderlm('bogus', '--help').stderr).toMatch(/^shaderlm: unknown command "bogus"\n/);
    // Review U: a mistyped flag was matched to the nearest, a mistyped command was not.
    expect(shaderlm('generat', '--prompt', 'x').stderr).toMatch(/^shaderlm: unknown command "generat": did you mean generate\?\n/);
    expect(shaderlm('help').stderr).toMatch(/^shaderlm: unknown command "help": shaderlm --help\n/);
    expect(shaderlm('generate', '--version', 'extra')).toMatchObject({ code: 1, stdout: '', stderr: expect.stringMatching(/^shaderlm: unexpected argument 'extra'/) });
  });

  it('chat drops the oldest exchanges when the conversation leaves no room for a reply, and a message too long alone, and goes on', () => {
    const folder = chatModel('{{ bos_token }}{% for m in messages %}{{ m[\'content\'] }} {% endfor %}');
    const turns = ['Once upon a time', 'The dog ran', 'The cat sat', 'Tom was happy', 'the end '.repeat(20), 'A bird'];
    const r = shaderlmWithInput(`${turns.join('\n')}\n`, 'chat', '--model', folder, '--context', '32', '--temperature', '0', '--max-tokens', '8');
    expect(r.code, r.stderr).toBe(1); // the message left out: a script can tell (review AT), once the rest is answered
    expect(r.stderr.match(/\(stopped: /g)).toHaveLength(turns.length - 1); // every message but the too-long one is answered
    expect(r.stderr).toMatch(/chat: the conversation no longer leaves room for a reply of 8 tokens in the context of 32: the oldest exchange is dropped/);
    // Dropped before the reply needs the room, not after: no reply runs out of context and shifts it mid-exchange.
    expect(r.stderr).not.toMatch(/context shift/);
    expect(r.stderr).toMatch(/chat: the prompt is \d+ tokens, but the context holds 32: shorten it, or load the model with a larger --context \(up to its context, 512\): this message alone does not fit; it is left out, and the conversation goes on as it was/);
    // A --system that leaves no room for a one-word message is one error naming it, not one per line and exit 0:
    // alone it fits (31 of 32 tokens here), wrapped with a message it does not.
    const fills = (n: number) => shaderlmWithInput('Hello\nAgain\n', 'chat', '--model', folder, '--context', '32', '--system', 'the end '.repeat(n));
    for (const n of [20, 14]) {
      const long = fills(n);
      expect(long.code, `${n}`).toBe(1);
      // 32 is --context's, not the model's context (the message used to say "the model's").
      expect(long.stderr).toMatch(/^shaderlm: --system leaves no room for a message: with it, a one-word message makes a prompt of \d+ tokens, and the context \(--context\) holds 32: shorten it$/m);
    }
  });

  // As in transformers, a message's special-token text is the token: an end of turn typed in a line can end the turn. Said, not silent.
  it('chat notes a message that spells a special token, and not one whose characters are merely unknown', () => {
    const folder = chatModel('{{ bos_token }}{% for m in messages %}{{ m[\'content\'] }}\n{% endfor %}');
    const r = shaderlmWithInput('The end <|end_story|>\nA ☃ bird\n', 'chat', '--model', folder, '--temperature', '0', '--max-tokens', '2');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('shaderlm: note: the message spells "<|end_story|>": the model reads it as that special token, as in the chat template\'s own text\n');
    expect(r.stderr.match(/spells/g)).toHaveLength(1); // ☃ is an unknown character (its own note), not the text of <unk>
  });

  // One long line dropped every exchange before it, then was refused anyway.
  it('chat: a message that does not fit even alone is refused without dropping the conversation before it', () => {
    const folder = chatModel('{{ bos_token }}{% for m in messages %}{{ m[\'content\'] }}\n{% endfor %}');
    const run = (lines: string[]) => shaderlmWithInput(`${lines.join('\n')}\n`, 'chat', '--model', folder, '--context', '64', '--temperature', '0', '--max-tokens', '4');
    // ☃ is outside the vocabulary: a line refused is not read for notes first (a pasted book was encoded four times, 40 s).
    const withLong = run(['Once upon a time', 'The dog ran', `${'the end '.repeat(40)}☃`, 'A bird']);
    const without = run(['Once upon a time', 'The dog ran', 'A bird']);
    expect([withLong.code, without.code], withLong.stderr).toEqual([1, 0]);
    expect(withLong.stderr).not.toMatch(/dropped|note:/);
    expect(withLong.stderr).toMatch(/this message alone does not fit; it is left out, and the conversation goes on as it was/);
    // "A bird" is answered with the two exchanges before it, as if the long line had never come.
    expect(withLong.stdout).toBe(without.stdout);
    // Piped, each reply is one line of its own, and the stats line says why each stopped.
    expect(without.stdout.split('\n')).toHaveLength(3 + 1);
    expect(without.stderr.match(/\(stopped: maxTokens\)|\(stopped: eos\)/g)).toHaveLength(3);
    // A reader that closes stdout early (| head) still ends the run with 0, a message left out or not (review AU).
    const input = join(folder, 'input.txt');
    writeFileSync(input, `${[`${'the end '.repeat(40)}`, 'Once upon a time', 'The dog ran', 'A bird'].join('\n')}\n`); // left out before the reader goes
    const piped = spawnSync('bash', ['-c', `set -o pipefail; '${process.execPath}' bin/shaderlm.js chat --model '${folder}' --context 64 --temperature 0 --max-tokens 4 < '${input}' | head -c 3`], { encoding: 'utf8', timeout: 120_000 });
    expect([piped.status, piped.stdout.length], piped.stderr).toEqual([0, 3]);
    // An empty --system is refused, as an empty --stop is, not silently left out.
    expect(shaderlmWithInput('Hi\n', 'chat', '--model', folder, '--system', '').stderr).toMatch(/^shaderlm: --system is empty: give the system message, or leave --system out$/m);
  });

  // transformers drops or refuses it too; the CLI says so, naming --system, instead of chatting on as if told.
  it('chat: a --system the template leaves out is noted; one it refuses is an error naming --system', () => {
    const usersOnly = chatModel("{{ bos_token }}{% for m in messages %}{% if m['role'] == 'user' %}{{ m['content'] }}\n{% endif %}{% endfor %}");
    const dropped = shaderlmWithInput('Hi\n', 'chat', '--model', usersOnly, '--system', 'Be brief.', '--temperature', '0', '--max-tokens', '2');
    expect(dropped.code, dropped.stderr).toBe(0);
    expect(dropped.stderr).toContain("shaderlm: note: this model's chat template leaves the system message out of the prompt: --system has no effect\n");
    const refuses = chatModel("{{ bos_token }}{% for m in messages %}{% if m['role'] == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}{{ m['content'] }}\n{% endfor %}");
    const refused = shaderlmWithInput('Hi\n', 'chat', '--model', refuses, '--system', 'Be brief.');
    expect([refused.code, refused.stderr]).toEqual([1, 'shaderlm: --system: this model\'s chat template refuses a system message ("System role not supported"): leave --system out\n']);
    // Kept: no note.
    const every = chatModel('{{ bos_token }}{% for m in messages %}{{ m[\'content\'] }}\n{% endfor %}');
    const kept = shaderlmWithInput('Hi\n', 'chat', '--model', every, '--system', 'Be brief.', '--temperature', '0', '--max-tokens', '2');
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stderr).not.toMatch(/note:/);
  });

  it('option errors name the flag', () => {
    const r = shaderlm('generate', ...stories, '--prompt', 'x', '--top-p', '1.5');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--top-p must be in \(0, 1\]/);
  });

  it('a flag another command takes is refused, not ignored, before anything loads', () => {
    for (const [args, message] of [
      [['generate', '--prompt', 'x', '--system', 'Be brief.'], 'shaderlm: --system does nothing for generate'],
      [['chat', '--model', 'm', '--prompt', 'x', '--json'], 'shaderlm: --prompt, --json do nothing for chat'],
      [['info', '--max-tokens', '5'], 'shaderlm: --max-tokens does nothing for info'],
    ] as const) {
      const r = shaderlm(...args);
      expect(r.code).toBe(1);
      expect(r.stderr.startsWith(message), r.stderr).toBe(true);
    }
  });

  it('the stats line says why the run stopped', () => {
    const r = shaderlm('generate', ...stories, '--prompt', '', '--temperature', '0', '--max-tokens', '4');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/stopped: maxTokens/);
  });

  it('stdout closing early (| head) ends the run at its next step, quietly, with exit code 0', async () => {
    // 2000 tokens would run into the 512-position context: stopping says the run was cut short.
    const r = await shaderlmIntoClosingPipe('generate', ...stories, '--prompt', 'Once upon a time', '--max-tokens', '2000');
    expect(r.received.length).toBeGreaterThan(0);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
    expect(r.stderr).toMatch(/generated tokens \(stopped: stdout closed\)/);
  });

  it("stderr's reader going away (2>&1 | tee, then Ctrl-C kills tee) leaves the run to finish, with exit code 0", async () => {
    const child = spawn(process.execPath, ['bin/shaderlm.js', 'generate', ...stories, '--prompt', 'Once', '--max-tokens', '8', '--temperature', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stderr.destroy(); // the stats line then meets a closed pipe
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Once\b/);
  });

  it('output that cannot be written (a full disk) is an error with exit code 1, not a success', () => {
    const full = openSync('/dev/full', 'w');
    try {
      for (const args of [['info', ...stories], ['generate', ...stories, '--prompt', 'Once', '--max-tokens', '3', '--json'], ['generate', ...stories, '--prompt', 'Once', '--max-tokens', '3'], ['--help']]) {
        const r = spawnSync(process.execPath, ['bin/shaderlm.js', ...args], { encoding: 'utf8', timeout: 120_000, stdio: ['ignore', full, 'pipe'] });
        expect(r.status, args[0]).toBe(1);
        expect(r.stderr).toMatch(/^shaderlm: the output could not be written: ENOSPC/m);
        expect(r.stderr).not.toMatch(/\n\s+at /);
        expect(r.stderr, 'a full disk is not a closed pipe').not.toMatch(/stdout closed/);
      }
    } finally {
      closeSync(full);
    }
  });

  it('stray words are an error naming them, with the quoting that was meant', () => {
    const r = shaderlm('generate', ...stories, '--prompt', 'Once', 'upon', 'a', 'time');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('shaderlm: unexpected arguments \'upon\', \'a\', \'time\': quote a prompt with spaces, --prompt "Once upon a time"\n');
    expect(r.stdout).toBe('');
    const one = shaderlm('generate', ...stories, '--prompt', 'x', '--temperature', '0', 'hot');
    expect(one.stderr).toMatch(/^shaderlm: unexpected argument 'hot': quote a value with spaces, --temperature "0 hot"/);
    expect(shaderlm('generate', 'extra', ...stories, '--prompt', 'x').stderr).toMatch(/unexpected argument 'extra': the command takes only --flags/);
  });

  // "the prompt is 2 tokens, but the context holds 2" said 2 did not fit in 2, and said nothing of --context.
  it('a prompt as long as the context says it leaves no room for a generated token, and that --context can grow', () => {
    const r = shaderlm('generate', ...stories, '--prompt', 'Lily', '--context', '2');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('shaderlm: PromptTooLongError: the prompt is 2 tokens, as many as the context holds, which leaves no room for a token to be generated: shorten it, or load the model with a larger --context (up to its context, 512)\n');
  });

  // chat said so of a message; generate read "<|start_story|>" in --prompt as the token in silence.
  it('generate notes a --prompt that spells a special token', () => {
    const r = shaderlm('generate', '--model', dataPath('tinystories656K'), '--prompt', 'Hi <|start_story|>', '--max-tokens', '1', '--quiet');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('shaderlm: note: --prompt spells "<|start_story|>": the model reads it as that special token\n');
  });

  it('--context over the model\'s context is an error naming the flag and the model\'s context', () => {
    const r = shaderlm('generate', ...stories, '--prompt', 'x', '--context', '100000');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('shaderlm: --context is 100000, over this model\'s context length of 512: use at most 512\n');
    expect(r.stdout).toBe('');
  });

  it('a llama2.c checkpoint without a tokenizer asks for --tokenizer', () => {
    const r = shaderlm('generate', '--model', dataPath('stories260K/stories260K.bin'), '--prompt', 'x');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/stories260K\.bin is a llama2\.c checkpoint, which holds no tokenizer: a tokenizer file \(tokenizer\.bin\) is needed, given as --tokenizer <file>/);
    expect(r.stderr).not.toMatch(/LoadOptions|command line/);
  });

  it('a llama2.c tokenizer given as the model is named as one, with where it goes', () => {
    const r = shaderlm('generate', '--model', dataPath('stories260K/tok512.bin'), '--prompt', 'x');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('shaderlm: TokenizerFormatError: tok512.bin is a llama2.c tokenizer, not a checkpoint: give the checkpoint (the model\'s .bin) as the model, and this file as --tokenizer <file>\n');
    // The two swapped: the same words, not the tokenizer's bytes read as a damaged header (review AT).
    const swapped = shaderlm('info', '--model', dataPath('stories260K/tok512.bin'), '--tokenizer', dataPath('stories260K/stories260K.bin'));
    expect(swapped.stderr).toBe(r.stderr);
    // The checkpoint given as its own tokenizer is named as given, said to be the tokenizer (an internal "tokenizer-" name was printed).
    const same = shaderlm('info', '--model', dataPath('stories260K/stories260K.bin'), '--tokenizer', dataPath('stories260K/stories260K.bin'));
    expect(same.stderr).toBe('shaderlm: TokenizerFormatError: stories260K.bin (the tokenizer): not a tokenizer: this is a llama2.c model checkpoint; give its tokenizer .bin (tokenizer.bin, tok512.bin) instead\n');
  });

  // The tokenizer's absence used to be reported first, calling a PyTorch zip a llama2.c checkpoint.
  it('a .bin of another kind or random bytes, given without --tokenizer, is named for what it is, not asked for a tokenizer', () => {
    const folder = mkdtempSync(join(tmpdir(), 'shaderlm-cli-bin-'));
    try {
      const file = join(folder, 'pytorch_model.bin');
      writeFileSync(file, Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...new Uint8Array(60)]));
      const r = shaderlm('generate', '--model', file, '--prompt', 'x');
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/pytorch_model\.bin: not a llama2\.c checkpoint: this is a zip archive \(a PyTorch checkpoint/);
      // Random bytes: the header is read before a tokenizer is asked for (the demo picker review).
      const garbage = join(folder, 'garbage.bin');
      writeFileSync(garbage, Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919 + 13) % 251));
      const g = shaderlm('generate', '--model', garbage, '--prompt', 'x');
      expect(g.stderr).toMatch(/^shaderlm: WeightFormatError: garbage\.bin: not a llama2\.c checkpoint, or a damaged one: /);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('--ignore-eos generates past the end-of-sequence token', () => {
    const args = ['generate', '--model', dataPath('tinystories656K'), '--prompt', 'Once upon a time', '--temperature', '0', '--max-tokens', '140', '--json'];
    const plain = JSON.parse(shaderlm(...args).stdout).stats;
    expect(plain.stopReason).toBe('eos');
    expect(plain.generatedTokens).toBeLessThan(140);
    const r = shaderlm(...args, '--ignore-eos');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).stats).toMatchObject({ stopReason: 'maxTokens', generatedTokens: 140 });
  });

  it('--logit-bias adds to a token\'s logit (+100 all but forces it); malformed, repeated or out-of-vocabulary ids are refused', () => {
    const forced = shaderlm('generate', ...stories, '--prompt', 'Once', '--max-tokens', '4', '--temperature', '0', '--logit-bias', '300=100', '--logit-bias', '7=-1.5', '--json');
    expect(forced.code, forced.stderr).toBe(0);
    expect(JSON.parse(forced.stdout).ids).toEqual([300, 300, 300, 300]);
    for (const [args, message] of [
      [['--logit-bias', '6'], 'shaderlm: --logit-bias needs ID=BIAS, a token id and a decimal number (13=-100), got "6"'],
      [['--logit-bias', '6=1', '--logit-bias', '6=2'], 'shaderlm: --logit-bias gives token 6 twice: give each token once'],
      [['--logit-bias', '6=1e99'], 'shaderlm: --logit-bias[6] must be within ±3.4e38, the largest float32, got 1e+99'],
      [['--logit-bias', '6=1e400'], 'shaderlm: --logit-bias 6=1e400 is beyond the range of numbers (about ±1.8e308)'],
      [['--logit-bias', '600=1'], 'shaderlm: --logit-bias: each key must be a token id, an integer in [0, 512), got 600'],
      [['--logit-bias', '9007199254740993=1'], 'shaderlm: --logit-bias 9007199254740993=1: the token id 9007199254740993 is past 2^53 - 1 (9007199254740991), the largest whole number held exactly'],
      [['--max-tokens', '9007199254740993'], 'shaderlm: --max-tokens 9007199254740993 is past 2^53 - 1 (9007199254740991), the largest whole number held exactly'],
      [['--max-tokens', '4503599627370496.5'], 'shaderlm: --max-tokens 4503599627370496.5 has a fraction a double cannot hold: it would read as the whole number 4503599627370496'],
      [['--temperature', '1e-400'], 'shaderlm: --temperature 1e-400 has a fraction a double cannot hold: it would read as the whole number 0'],
      [['--logit-bias', '6=1e-400'], 'shaderlm: --logit-bias 6=1e-400: the bias 1e-400 has a fraction a double cannot hold: it would read as the whole number 0'],
    ] as const) {
      const r = shaderlm('generate', ...stories, '--prompt', 'x', ...args);
      expect(r.code).toBe(1);
      expect(r.stderr.split('\n')[0]).toBe(message);
    }
  });

  it('HF_TOKEN and HF_ENDPOINT reach a load from the Hub (train --from too), refused by name when they cannot be used (a token never shown); a local run ignores them', () => {
    const withEnv = (env: Record<string, string>, ...args: string[]) => spawnSync(process.execPath, ['bin/shaderlm.js', ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });
    const run = (env: Record<string, string>) => withEnv(env, 'generate', '--model', 'hf:org/name', '--prompt', 'x');
    const token = run({ HF_TOKEN: 'hf_not a token' });
    expect(token.status).toBe(1);
    expect(token.stderr).toBe('shaderlm: the HF_TOKEN environment variable must be an access token (hf_...), printable characters without spaces, got a string with a space or a character that cannot be sent in a header\n');
    const endpoint = run({ HF_ENDPOINT: 'hf-mirror.com' });
    expect(endpoint.status).toBe(1);
    expect(endpoint.stderr).toBe('shaderlm: the HF_ENDPOINT environment variable must be the http(s) address of a Hugging Face Hub or mirror, such as "https://hf-mirror.com", got "hf-mirror.com"\n');
    const tmp = mkdtempSync(join(tmpdir(), 'shaderlm-cli-hub-'));
    try {
      const data = join(tmp, 'data.txt');
      writeFileSync(data, 'some text to train on\n'.repeat(20));
      const train = withEnv({ HF_TOKEN: 'hf_SECRET\nx' }, 'train', '--from', 'hf:org/name', '--data', data, '--out', join(tmp, 'out'), '--steps', '1', '--batch', '1', '--lr', '1e-3');
      expect(train.status).toBe(1);
      expect(train.stderr).toBe('shaderlm: the HF_TOKEN environment variable must be an access token (hf_...), printable characters without spaces, got a string with a space or a character that cannot be sent in a header\n');
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    const local = withEnv({ HF_TOKEN: 'hf_not a token' }, 'generate', '--prompt', 'x', '--max-tokens', '1', '--quiet');
    expect(local.status, local.stderr).toBe(0);
  });

  // Through a local Hub (HF_ENDPOINT) that Node's own fetch reads: Range requests as the Hub's CDN answers them.
  it('Ctrl-C (or SIGTERM) during a download stops the load with exit code 130 (143), what came kept; the next run asks the Hub for the rest alone', async () => {
    const tiny = dataPath('tinystories656K');
    const sha = 'fedcba9876543210fedcba9876543210fedcba98';
    const cache = mkdtempSync(join(tmpdir(), 'shaderlm-cli-resume-'));
    const asked: string[] = [];
    let stall = true;
    const hub = createServer((req, res) => {
      const url = req.url ?? '';
      if (url === '/api/models/org/tiny/revision/main') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ sha }));
      const name = url.slice(`/org/tiny/resolve/${sha}/`.length);
      if (!url.startsWith(`/org/tiny/resolve/${sha}/`) || !existsSync(join(tiny, name))) return void res.writeHead(404).end('Entry not found');
      const bytes = readFileSync(join(tiny, name));
      const from = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
      asked.push(`${name}${req.headers.range ? ` ${req.headers.range}` : ''}`);
      if (from) return void res.writeHead(206, { 'content-length': bytes.byteLength - from, 'content-range': `bytes ${from}-${bytes.byteLength - 1}/${bytes.byteLength}` }).end(bytes.subarray(from));
      res.writeHead(200, { 'content-length': bytes.byteLength });
      if (name === 'model.safetensors' && stall) res.write(bytes.subarray(0, 1000)); // and then nothing
      else res.end(bytes);
    });
    await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
    const env = { ...process.env, HF_ENDPOINT: `http://127.0.0.1:${(hub.address() as AddressInfo).port}`, SHADERLM_CACHE: cache };
    const run = () => {
      const child = spawn(process.execPath, ['bin/shaderlm.js', 'generate', '--model', 'hf:org/tiny', '--prompt', 'Once upon a time', '--max-tokens', '4', '--temperature', '0', '--quiet'], { env });
      let [stdout, stderr] = ['', ''];
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      const closed = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
      return { child, closed };
    };
    const snapshot = join(cache, 'hub', 'models--org--tiny', 'snapshots', sha);
    try {
      // SIGTERM (timeout, docker stop) keeps the download as Ctrl-C does, with its own exit code (review AK: it left a stray file, begun again).
      const terminated = run();
      await vi.waitFor(() => expect(readdirSync(snapshot).map((f) => statSync(join(snapshot, f)).size)).toContain(1000), { timeout: 60_000, interval: 50 });
      terminated.child.kill('SIGTERM');
      const ended = await terminated.closed;
      expect([ended.code, ended.stderr]).toEqual([143, 'shaderlm: loading stopped by SIGTERM (a checkpoint download under way is kept in the download cache, and the next run goes on from there)\n']);
      expect(readdirSync(snapshot).sort()).toEqual(['model.safetensors.partial', 'model.safetensors.partial.validator']);
      rmSync(join(snapshot, 'model.safetensors.partial')); // so that the next run stalls again
      const first = run();
      // Once the 1000 bytes that came are on disk.
      await vi.waitFor(() => expect(readdirSync(snapshot).map((f) => statSync(join(snapshot, f)).size)).toContain(1000), { timeout: 60_000, interval: 50 });
      first.child.kill('SIGINT');
      const stopped = await first.closed;
      expect(stopped.code, stopped.stderr).toBe(130);
      expect(stopped.stderr).toBe('shaderlm: loading stopped by Ctrl-C (a checkpoint download under way is kept in the download cache, and the next run goes on from there)\n');
      expect(readdirSync(snapshot).sort()).toEqual(['model.safetensors.partial', 'model.safetensors.partial.validator']);
      stall = false;
      asked.length = 0;
      const again = await run().closed;
      expect(again.code, again.stderr).toBe(0);
      expect(asked).toContain('model.safetensors bytes=1000-');
      expect(readFileSync(join(snapshot, 'model.safetensors')).equals(readFileSync(join(tiny, 'model.safetensors')))).toBe(true);
      expect(again.stdout).toBe(shaderlm('generate', '--model', tiny, '--prompt', 'Once upon a time', '--max-tokens', '4', '--temperature', '0', '--quiet').stdout);
    } finally {
      hub.closeAllConnections();
      hub.close();
      rmSync(cache, { recursive: true, force: true });
    }
  });

  it('cache lists the models the download cache keeps and removes them; a model it does not keep, or a cache that is off, is said', () => {
    const cache = mkdtempSync(join(tmpdir(), 'shaderlm-cli-cache-'));
    const [a, b] = ['a'.repeat(40), 'b'.repeat(40)];
    const put = (path: string, content: string | Uint8Array) => {
      mkdirSync(dirname(join(cache, 'hub', path)), { recursive: true });
      writeFileSync(join(cache, 'hub', path), content);
    };
    put(`models--org--tiny/snapshots/${a}/model.safetensors`, new Uint8Array(2_500_000));
    put(`models--org--tiny/snapshots/${b}/model.safetensors.partial`, new Uint8Array(1_000_000));
    put('models--org--tiny/refs/main', a);
    put(`models--HuggingFaceTB--SmolLM2-135M/snapshots/${b}/config.json`, '{}');
    const run = (env: Record<string, string>, ...args: string[]) => {
      const r = spawnSync(process.execPath, ['bin/shaderlm.js', 'cache', ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    const env = { SHADERLM_CACHE: cache };
    try {
      expect(run(env)).toEqual({
        code: 0, stderr: '', stdout: [
          `download cache ${join(cache, 'hub')}:`,
          '  HuggingFaceTB/SmolLM2-135M        2 B  bbbbbbb',
          '  org/tiny                       3.5 MB  aaaaaaa (main), bbbbbbb',
          '                                         of which 1.0 MB in downloads that broke off (the next load goes on from them)',
          '2 models, 3.5 MB',
          '',
        ].join('\n'),
      });
      // huggingface_hub's own folder (SHADERLM_CACHE pointed at it) is never changed.
      expect(run({ ...env, HF_HUB_CACHE: join(cache, 'hub') }, 'rm', 'org/tiny')).toEqual({ code: 1, stdout: '', stderr: `shaderlm: the download cache ${join(cache, 'hub')} is huggingface_hub's own: remove its models with huggingface-cli delete-cache\n` });
      expect(run(env, 'rm', 'org/tiny@main')).toEqual({ code: 0, stderr: '', stdout: 'removed org/tiny@aaaaaaa, kept as main (1 commit, 2.5 MB)\n' });
      // A model it does not keep is said, after the others are removed.
      expect(run(env, 'rm', 'nobody/x', 'hf:org/tiny', 'HuggingFaceTB/SmolLM2-135M')).toEqual({
        code: 1, stdout: 'removed org/tiny (1 commit, 1.0 MB)\nremoved HuggingFaceTB/SmolLM2-135M (1 commit, 2 B)\n',
        stderr: `shaderlm: nobody/x is not in the download cache at ${join(cache, 'hub')} (shaderlm cache lists what is)\n`,
      });
      expect(run(env, 'ls').stdout).toBe(`download cache ${join(cache, 'hub')}: empty\n`);
      expect(run({ SHADERLM_CACHE: 'off' })).toEqual({ code: 0, stderr: '', stdout: 'the download cache is off (SHADERLM_CACHE=off)\n' });
      const unknown = run(env, 'clear');
      expect([unknown.code, unknown.stderr.split('\n')[0]]).toEqual([1, 'shaderlm: unknown cache command "clear": ls or rm']);
      expect(run(env, 'help').stderr.split('\n')[0]).toBe('shaderlm: unknown cache command "help": shaderlm cache --help'); // review X
      expect(run(env, 'rm').stderr.split('\n')[0]).toBe('shaderlm: cache rm needs the models to remove: org/name, or org/name@revision for one commit');
      expect(run(env, '--help').stdout).toMatch(/^usage:\n  shaderlm cache \[ls\]/);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });

  it('a bad number is a usage error, and so is one in another notation than decimal', () => {
    for (const [flag, value] of [['--temperature', 'hot'], ['--max-tokens', '0x10']]) {
      const r = shaderlm('generate', ...stories, '--prompt', 'x', flag, value);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`${flag} needs a decimal number, got "${value}"`);
    }
  });
});
