// `shaderlm train` as a user runs it: a tiny model on a slice of tinyshakespeare, plain progress
// lines when stderr is not a terminal, a checkpoint the engine loads, a resume in a second sitting,
// and the usage errors a typo gets.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataPath } from '../support/data.js';

const dir = mkdtempSync(join(tmpdir(), 'shaderlm-cli-train-'));
const corpus = join(dir, 'input.txt');
writeFileSync(corpus, readFileSync(dataPath('tinyshakespeare/input.txt'), 'utf8').slice(0, 20_000));
const out = join(dir, 'model');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function shaderlm(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/shaderlm.js', ...args], { encoding: 'utf8', timeout: 180_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const RUN = ['train', '--data', corpus, '--layers', '1', '--width', '16', '--heads', '2', '--context', '16', '--steps', '6', '--batch', '2', '--lr', '3e-3', '--eval-every', '3', '--eval-tokens', '256', '--out', out];

describe('shaderlm train', () => {
  it('trains in two sittings, reports progress and final losses, and leaves a checkpoint that generates', () => {
    const first = shaderlm(...RUN, '--tokenizer', 'char', '--stop-at', '3');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/input\.txt: text, 20,000 characters/);
    expect(first.stderr).toMatch(/step 3\/6 loss \d+\.\d+ held-out \d+\.\d+/);
    expect(first.stderr).toMatch(/stopped at step 3\/6/);
    for (const f of ['config.json', 'model.safetensors', 'tokenizer.json', 'optimizer.safetensors', 'trainer.json']) expect(existsSync(join(out, f)), f).toBe(true);
    const second = shaderlm(...RUN, '--resume');
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/done at step 6\/6/);
    const gen = shaderlm('generate', '--model', out, '--prompt', 'ROMEO:', '--max-tokens', '5', '--temperature', '0', '--json');
    expect(gen.code, gen.stderr).toBe(0);
    expect(JSON.parse(gen.stdout).stats.generatedTokens).toBeGreaterThan(0);
  });

  it('usage errors name the flag', () => {
    expect(shaderlm('train', '--data', corpus, '--steps', 'many').stderr).toMatch(/--out is required|--steps needs a number/);
    expect(shaderlm(...RUN, '--batch', 'two').stderr).toMatch(/--batch needs a number, got "two"/);
    expect(shaderlm(...RUN, '--resume', '--from', out).stderr).toMatch(/--resume continues the checkpoint in --out; --from starts a new run/);
    expect(shaderlm(...RUN, 'extra').stderr).toMatch(/unexpected argument 'extra'/);
    const bad = shaderlm(...RUN, '--tokenizer', 'char', '--lr', '0', '--out', join(dir, 'other'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--lr must be a positive number, got 0/);
    expect(shaderlm(...RUN, '--data', join(dir, 'missing.txt')).stderr).toMatch(/cannot read the data file .*missing\.txt: no such file/);
  });
});
