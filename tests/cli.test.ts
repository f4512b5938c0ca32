// The shaderlm command as a user runs it: streamed text on stdout, --json, info, and errors on
// stderr with exit code 1.

import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../src/engine.js';
import { dataPath } from './support/data.js';

function shaderlm(...args: string[]) {
  return shaderlmWithInput('', ...args);
}

function shaderlmWithInput(input: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/shaderlm.js', ...args], { encoding: 'utf8', timeout: 120_000, input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const stories = ['--model', dataPath('stories260K/stories260K.bin'), '--tokenizer', dataPath('stories260K/tok512.bin')];

describe('shaderlm CLI', () => {
  it('generate prints llama2.c\'s greedy text for stories260K', () => {
    const r = shaderlm('generate', ...stories, '--temperature', '0', '--max-tokens', '256', '--prompt', '');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(readFileSync(dataPath('stories260K/expected_greedy_t0.txt'), 'utf8'));
  });

  it('--json prints one object with prompt ids, ids, text and stats', () => {
    const r = shaderlm('generate', '--model', dataPath('tinystories656K'), '--prompt', 'Once upon a time', '--max-tokens', '8', '--temperature', '0', '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.promptIds).toEqual([1, 80, 147, 201, 282, 57]);
    expect(out.ids).toEqual([313, 598, 303, 1049, 1468, 267, 628, 333]);
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

  it('chat replies once per line of stdin when stdin is not a terminal', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'shaderlm-cli-chat-'));
    try {
      cpSync(dataPath('tinystories656K'), folder, { recursive: true });
      writeFileSync(join(folder, 'chat_template.jinja'), "{{ bos_token }}{{ messages[-1]['content'] }}");
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
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('chat on a model without a template is a clear error', () => {
    const r = shaderlmWithInput('hello\n', 'chat', '--model', dataPath('tinystories656K'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/NoChatTemplateError: this model has no chat_template/);
  });

  it('option errors name the flag', () => {
    const r = shaderlm('generate', ...stories, '--prompt', 'x', '--top-p', '1.5');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--top-p must be in \(0, 1\]/);
  });

  it('the stats line says why the run stopped', () => {
    const r = shaderlm('generate', ...stories, '--prompt', '', '--temperature', '0', '--max-tokens', '4');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/stopped: maxTokens/);
  });

  it('a bad number is a usage error', () => {
    const r = shaderlm('generate', ...stories, '--prompt', 'x', '--temperature', 'hot');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--temperature needs a number, got "hot"/);
  });
});
