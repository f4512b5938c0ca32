// The shaderlm command as a user runs it: streamed text on stdout, --json, info, and errors on
// stderr with exit code 1.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dataPath } from './support/data.js';

function shaderlm(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/shaderlm.js', ...args], { encoding: 'utf8', timeout: 120_000 });
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

  it('a bad number is a usage error', () => {
    const r = shaderlm('generate', ...stories, '--prompt', 'x', '--temperature', 'hot');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--temperature needs a number, got "hot"/);
  });
});
